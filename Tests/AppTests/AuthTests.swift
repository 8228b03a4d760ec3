import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A browser-like client: keeps the session cookie and the CSRF token.
struct Browser {
    var cookie: String?
    var csrf: String?

    func headers(json: Bool = false, csrf sendCSRF: Bool = true) -> HTTPFields {
        var fields: HTTPFields = [:]
        if let cookie { fields[.cookie] = cookie }
        if sendCSRF, let csrf { fields[.init("X-CSRF-Token")!] = csrf }
        if json { fields[.contentType] = "application/json" }
        return fields
    }

    static func signIn(_ client: some TestClientProtocol, username: String = "admin", password: String = TestServer.adminPassword) async throws -> Browser {
        let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
        #expect(response.status == .ok)
        let setCookie = try #require(response.headers[.setCookie])
        #expect(setCookie.contains("HttpOnly"))
        #expect(setCookie.contains("SameSite=Lax"))
        let cookie = String(setCookie.split(separator: ";")[0])
        return Browser(cookie: cookie, csrf: try response.json()["csrfToken"] as? String)
    }
}

@Suite struct AuthTests {
    @Test func signInShowsTheUserAndSetsAnHttpOnlySessionCookie() async throws {
        let server = try await TestServer.make()
        try await server.makeApplication().test(.live) { client in
            let browser = try await Browser.signIn(client)
            #expect(browser.csrf?.isEmpty == false)
            let me = try await client.execute(uri: "/api/v1/me", method: .get, headers: browser.headers())
            #expect(me.status == .ok)
            let user = try #require(try me.json()["user"] as? [String: Any])
            #expect(user["username"] as? String == "admin")
            #expect(user["passwordHash"] == nil)
            #expect(try me.json()["authentication"] as? String == "session")
        }
    }

    @Test func wrongCredentialsAreRefusedWithoutSayingWhichPartWasWrong() async throws {
        let server = try await TestServer.make()
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            for body in [#"{"username":"admin","password":"wrong-password"}"#, #"{"username":"nobody","password":"wrong-password"}"#] {
                let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                        body: ByteBuffer(string: body))
                #expect(response.status == .unauthorized)
                #expect(try response.errorCode() == "invalid_credentials")
            }
            let audit = try await store.auditRecords(limit: 10)
            #expect(audit.filter { $0.action == "login" && $0.outcome == "failed" }.count == 2)
        }
    }

    /// Login CSRF: another site's form or no-cors fetch (text/plain, a form encoding, no type) must not sign the
    /// visitor's browser into an account the other site chose.
    @Test func signInTakesOnlyJSON() async throws {
        let server = try await TestServer.make()
        try await server.makeApplication().test(.live) { client in
            let body = #"{"username":"admin","password":"\#(TestServer.adminPassword)"}"#
            for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", nil] {
                let headers: HTTPFields = type.map { [.contentType: $0] } ?? [:]
                let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(response.status == .unsupportedMediaType && response.headers[.setCookie] == nil, "\(type ?? "no type")")
            }
            let json = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json; charset=utf-8"],
                                                body: ByteBuffer(string: body))
            #expect(json.status == .ok)
        }
    }

    @Test func repeatedFailuresOnOneAccountAreThrottled() async throws {
        let server = try await TestServer.make()
        try await server.makeApplication().test(.live) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<7 {
                let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                        body: ByteBuffer(string: #"{"username":"admin","password":"guess-guess-guess"}"#))
                statuses.append(response.status)
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .unauthorized })
            #expect(statuses.suffix(2).allSatisfy { $0 == .tooManyRequests })
            let blocked = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                   body: ByteBuffer(string: #"{"username":"admin","password":"\#(TestServer.adminPassword)"}"#))
            #expect(blocked.status == .tooManyRequests, "even the right password waits out the window")
            #expect(blocked.headers[.retryAfter] != nil)
        }
    }

    @Test func cookieWritesNeedTheCSRFToken() async throws {
        let server = try await TestServer.make()
        try await server.makeApplication().test(.live) { client in
            let browser = try await Browser.signIn(client)
            let forged = try await client.execute(uri: "/api/v1/tokens", method: .post, headers: browser.headers(json: true, csrf: false),
                                                  body: ByteBuffer(string: #"{"name":"x"}"#))
            #expect(forged.status == .forbidden)
            #expect(try forged.errorCode() == "csrf")
            let logout = try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: browser.headers())
            #expect(logout.status == .noContent)
            let after = try await client.execute(uri: "/api/v1/me", method: .get, headers: browser.headers())
            #expect(after.status == .unauthorized, "the session ended")
        }
    }

    @Test func apiTokensAuthenticateUntilRevokedAndAreStoredHashed() async throws {
        let server = try await TestServer.make()
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let browser = try await Browser.signIn(client)
            let created = try await client.execute(uri: "/api/v1/tokens", method: .post, headers: browser.headers(json: true),
                                                   body: ByteBuffer(string: #"{"name":"crm integration"}"#))
            #expect(created.status == .created)
            let token = try #require(try created.json()["token"] as? String)
            let id = try #require(try created.json()["id"] as? String)
            #expect(token.hasPrefix("pat_"))
            let stored = try await store.apiTokens(for: try #require(try await store.user(named: "admin")).user.id)
            #expect(stored.first?.tokenHash != token)

            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            let me = try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer)
            #expect(try me.json()["authentication"] as? String == "token")
            let write = try await client.execute(uri: "/api/v1/tokens", method: .post, headers: bearer, body: ByteBuffer(string: #"{"name":"no csrf needed"}"#))
            #expect(write.status == .created)

            let revoke = try await client.execute(uri: "/api/v1/tokens/\(id)", method: .delete, headers: bearer)
            #expect(revoke.status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/tokens/\(id)", method: .delete, headers: browser.headers()).status == .notFound)
            let garbage = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer nonsense"])
            #expect(garbage.status == .unauthorized)
        }
    }

    @Test func eachRoleReachesOnlyItsRoutes() async throws {
        let server = try await TestServer.make()
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            for (name, role) in [("ann", "agent"), ("sam", "supervisor")] {
                let created = try await client.execute(
                    uri: "/api/v1/users", method: .post, headers: admin.headers(json: true),
                    body: ByteBuffer(string: #"{"username":"\#(name)","password":"long-enough-pw","roles":["\#(role)"]}"#))
                #expect(created.status == .created)
            }
            let duplicate = try await client.execute(uri: "/api/v1/users", method: .post, headers: admin.headers(json: true),
                                                     body: ByteBuffer(string: #"{"username":"ANN","password":"long-enough-pw","roles":["agent"]}"#))
            #expect(duplicate.status == .conflict)
            let agent = try await Browser.signIn(client, username: "ann", password: "long-enough-pw")
            let supervisor = try await Browser.signIn(client, username: "sam", password: "long-enough-pw")

            // (route, agent, supervisor, admin)
            let table: [(String, HTTPResponse.Status, HTTPResponse.Status, HTTPResponse.Status)] = [
                ("/api/v1/me", .ok, .ok, .ok),
                ("/api/v1/wrap-up-codes", .ok, .ok, .ok),
                ("/api/v1/not-ready-reasons", .ok, .ok, .ok),
                ("/api/v1/workgroups", .ok, .ok, .ok),
                ("/api/v1/users", .forbidden, .ok, .ok),
                ("/api/v1/channels", .ok, .ok, .ok),
                ("/api/v1/interactions", .ok, .ok, .ok),
                ("/api/v1/me/state", .ok, .ok, .ok),
                ("/api/v1/stream", .upgradeRequired, .upgradeRequired, .upgradeRequired),
            ]
            for (route, agentStatus, supervisorStatus, adminStatus) in table {
                #expect(try await client.execute(uri: route, method: .get, headers: agent.headers()).status == agentStatus, "\(route) agent")
                #expect(try await client.execute(uri: route, method: .get, headers: supervisor.headers()).status == supervisorStatus, "\(route) supervisor")
                #expect(try await client.execute(uri: route, method: .get, headers: admin.headers()).status == adminStatus, "\(route) admin")
                #expect(try await client.execute(uri: route, method: .get).status == .unauthorized, "\(route) anonymous")
            }
            let agentCreates = try await client.execute(uri: "/api/v1/users", method: .post, headers: agent.headers(json: true),
                                                        body: ByteBuffer(string: #"{"username":"eve","password":"long-enough-pw","roles":["admin"]}"#))
            #expect(agentCreates.status == .forbidden)
        }
    }

    @Test func malformedJSONIsABadRequestNotAServerError() async throws {
        let server = try await TestServer.make()
        try await server.makeApplication().test(.live) { client in
            for body in ["{", "[]", #"{"username": 5}"#, ""] {
                let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                        body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                #expect(try response.errorCode() == "bad_request")
            }
        }
    }

    @Test func theOpenAPIDocumentDescribesEveryAPIRoute() async throws {
        let server = try await TestServer.make()
        try await server.makeApplication().test(.live) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = try response.json()
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: Any])
            for path in ["/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/me", "/api/v1/tokens", "/api/v1/tokens/{id}",
                         "/api/v1/users", "/api/v1/workgroups", "/api/v1/channels", "/api/v1/wrap-up-codes", "/api/v1/not-ready-reasons"] {
                #expect(paths[path] != nil, "\(path)")
            }
        }
    }
}
