import Domain
import Foundation
import Hummingbird
import Storage

/// Sign-in, sign-out, who-am-I, and API tokens.
struct AuthRoutes: Sendable {
    let store: any ParleyStore
    let hasher: PasswordHasher
    let throttle: LoginThrottle
    let clock: any WallClock
    let ids: any IDGenerator
    /// A real bcrypt hash of a random secret: unknown usernames are verified against it, so they take as long
    /// as known ones.
    let decoyHash: String
    let sessionLifetime: TimeInterval = 12 * 3600

    func register(on api: APIRouter) {
        api.addPublic(APIOperation(method: "POST", path: "/api/v1/auth/login", summary: "Sign in; sets the session cookie",
                                   request: LoginRequest.schema, success: (200, "Signed in", .ref("SessionInfo")), extraErrors: [401, 415, 429])) {
            request, context in try await login(request, context)
        }
        api.add(APIOperation(method: "POST", path: "/api/v1/auth/logout", summary: "Sign out (ends this browser session)",
                             roles: .anyone, success: (204, "Signed out", nil))) { _, context -> Response in
            if case .session(let hash, _) = context.principal.method { try await store.deleteSession(tokenHash: hash) }
            var response = Response(status: .noContent)
            response.setCookie(Cookie(name: AuthenticationMiddleware.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
            return response
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/me", summary: "The signed-in user",
                             roles: .anyone, success: (200, "The caller", .ref("SessionInfo")))) { _, context in
            sessionInfo(context.principal)
        }
        api.add(APIOperation(method: "POST", path: "/api/v1/tokens", summary: "Create an API token for the caller (shown once)",
                             roles: .anyone, request: CreateTokenRequest.schema, success: (201, "Created", .ref("TokenCreated")))) {
            request, context -> EditedResponse<TokenCreated> in
            let input = try await request.decode(as: CreateTokenRequest.self, context: context)
            let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
            // Counted as the OpenAPI document counts (Unicode scalars), before trimming.
            guard !name.isEmpty, input.name.unicodeScalars.count <= 100 else { throw AppError.badRequest("A token needs a name of 1 to 100 characters.") }
            let secret = TokenSecret.make(prefix: "pat_")
            let token = APIToken(id: ids.make(), userID: context.user.id, name: name, tokenHash: TokenSecret.hash(secret), createdAt: clock.now())
            try await store.createAPIToken(token)
            try await audit(context.user.username, "token.create", subject: "token \(token.id)", "ok")
            return EditedResponse(status: .created, response: TokenCreated(id: token.id, name: name, token: secret, createdAt: token.createdAt))
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/tokens", summary: "The caller's API tokens (without their secrets)",
                             roles: .anyone, success: (200, "Tokens", .ref("TokenList")))) { _, context in
            TokenList(tokens: try await store.apiTokens(for: context.user.id).map {
                TokenSummary(id: $0.id, name: $0.name, createdAt: $0.createdAt, revokedAt: $0.revokedAt)
            })
        }
        api.add(APIOperation(method: "DELETE", path: "/api/v1/tokens/{id}", summary: "Revoke one of the caller's API tokens",
                             roles: .anyone, success: (204, "Revoked", nil))) { _, context -> HTTPResponse.Status in
            let id = try context.parameters.require("id")
            guard try await store.revokeAPIToken(id: id, of: context.user.id, at: clock.now()) else {
                throw AppError.notFound("No active token '\(id)' of yours.")
            }
            try await audit(context.user.username, "token.revoke", subject: "token \(id)", "ok")
            return .noContent
        }
    }

    private func login(_ request: Request, _ context: ParleyRequestContext) async throws -> Response {
        // Only JSON: a form or a no-cors fetch from another site can send text/plain, a form encoding or no type at
        // all without the browser asking first, and would sign the visitor's browser into the sender's account.
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/json" else {
            throw AppError(.unsupportedMediaType, code: "unsupported_media_type", message: "Sign in with a JSON body (Content-Type: application/json).")
        }
        let input = try await request.decode(as: LoginRequest.self, context: context)
        if let wait = throttle.admit(username: input.username, address: context.clientAddress) {
            try await audit(input.username, "login", subject: "address \(context.clientAddress)", "throttled")
            throw AppError(.tooManyRequests, code: "rate_limited", message: "Too many sign-in attempts; try again in \(wait) s.",
                           headers: [.retryAfter: String(wait)])
        }
        let stored = try await store.user(named: input.username)
        let valid = try await hasher.verify(input.password, hash: stored?.passwordHash ?? decoyHash)
        guard let stored, valid, stored.user.active else {
            throttle.recordFailure(username: input.username)
            try await audit(input.username, "login", subject: "address \(context.clientAddress)", "failed")
            throw AppError(.unauthorized, code: "invalid_credentials", message: "Wrong username or password.")
        }
        throttle.recordSuccess(username: input.username)
        let secret = TokenSecret.make()
        let csrf = TokenSecret.make()
        let now = clock.now()
        try await store.createSession(Session(tokenHash: TokenSecret.hash(secret), userID: stored.user.id, csrfToken: csrf,
                                              createdAt: now, expiresAt: now + sessionLifetime))
        try await audit(stored.user.username, "login", subject: "address \(context.clientAddress)", "ok")
        let principal = Principal(user: stored.user, method: .session(tokenHash: TokenSecret.hash(secret), csrfToken: csrf))
        var response = try sessionInfo(principal).response(from: request, context: context)
        let secure = request.headers[.init("X-Forwarded-Proto")!] == "https"
        response.setCookie(Cookie(name: AuthenticationMiddleware.cookieName, value: secret, maxAge: Int(sessionLifetime), path: "/",
                                  secure: secure, httpOnly: true, sameSite: .lax))
        return response
    }

    private func sessionInfo(_ principal: Principal) -> SessionInfo {
        switch principal.method {
        case .session(_, let csrf): SessionInfo(user: UserDTO(principal.user), csrfToken: csrf, authentication: "session")
        case .token: SessionInfo(user: UserDTO(principal.user), csrfToken: nil, authentication: "token")
        }
    }

    private func audit(_ actor: String, _ action: String, subject: String, _ outcome: String) async throws {
        try await store.appendAudit(AuditRecord(at: clock.now(), actor: String(actor.prefix(200)), action: action, subject: subject, outcome: outcome))
    }
}
