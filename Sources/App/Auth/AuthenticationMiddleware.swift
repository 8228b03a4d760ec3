import Connectors
import Domain
import Foundation
import Hummingbird
import Storage

/// Finds the caller: `Authorization: Bearer <API token>`, or the `parley_session` cookie. A cookie-authenticated
/// write (anything but GET/HEAD/OPTIONS) must carry the session's CSRF token in `X-CSRF-Token`. Requests with
/// neither pass through without a principal; routes that need one refuse them with 401.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    static let cookieName = "parley_session"

    let store: any ParleyStore
    let clock: any WallClock
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.clientAddress = ClientAddress.resolve(peer: context.peerAddress?.ipAddress,
                                                      forwardedFor: request.headers[.init("X-Forwarded-For")!], trusted: trustedProxies)
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer ") else {
                throw AppError.unauthorized("Use 'Authorization: Bearer <token>'.")
            }
            let secret = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            guard let token = try await store.apiToken(tokenHash: TokenSecret.hash(secret)), token.revokedAt == nil,
                let stored = try await store.user(id: token.userID), stored.user.active
            else { throw AppError.unauthorized("The API token is not valid.") }
            context.principal = Principal(user: stored.user, method: .token(id: token.id))
        } else if let cookie = request.cookies[Self.cookieName]?.value {
            let hash = TokenSecret.hash(cookie)
            if let session = try await store.session(tokenHash: hash), session.expiresAt > clock.now(),
                let stored = try await store.user(id: session.userID), stored.user.active {
                if ![.get, .head, .options].contains(request.method) {
                    guard let sent = request.headers[.init("X-CSRF-Token")!], Handshake.constantTimeEqual(sent, session.csrfToken) else {
                        throw AppError(.forbidden, code: "csrf", message: "This write needs the session's X-CSRF-Token header.")
                    }
                }
                context.principal = Principal(user: stored.user, method: .session(tokenHash: hash, csrfToken: session.csrfToken))
            }
        }
        return try await next(request, context)
    }
}
