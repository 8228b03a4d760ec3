import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A leaver's account is switched off by an administrator: no sign-in, the open session ends, and what they held
/// goes back to the queue. There was no way to do this (`users.active` existed, nothing set it).
@Suite struct UserAccessTests {
    @Test func anAccountSwitchedOffCannotSignInAndReturnsWhatItHeld() async throws {
        let server = try await TestServer.make(extraConfig: WebConfig.yaml)
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let ann = try await WebConfig.agent(client, "ann", admin: admin)
            #expect(try await client.execute(uri: "/api/v1/me/state", method: .put, headers: ann.headers(json: true),
                                             body: ByteBuffer(string: #"{"state":"ready"}"#)).status == .ok)
            _ = try await Visitor.start(client).send("Hello?")
            let id = try #require(try await WebConfig.waitFor(client, ann, state: "offered"))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)

            let users = try await client.execute(uri: "/api/v1/users", method: .get, headers: admin.headers()).json()["users"] as? [[String: Any]]
            let annID = try #require(users?.first { $0["username"] as? String == "ann" }?["id"] as? String)
            let adminID = try #require(users?.first { $0["username"] as? String == "admin" }?["id"] as? String)
            func setActive(_ user: String, _ active: Bool, as browser: Browser) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/users/\(user)/active", method: .put, headers: browser.headers(json: true),
                                         body: ByteBuffer(string: #"{"active":\#(active)}"#))
            }
            #expect(try await setActive(adminID, true, as: ann).status == .forbidden, "administrators only")
            let off = try await setActive(annID, false, as: admin)
            #expect(off.status == .ok, "\(off.text)")
            #expect(try off.json()["active"] as? Bool == false)

            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: ann.headers()).status == .unauthorized,
                    "the open session stops at its next request")
            let signIn = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                  body: ByteBuffer(string: #"{"username":"ann","password":"long-enough-pw"}"#))
            #expect(signIn.status == .unauthorized)
            let detail = try await client.execute(uri: "/api/v1/interactions/\(id)", method: .get, headers: admin.headers()).json()
            let interaction = detail["interaction"] as? [String: Any]
            #expect(interaction?["state"] as? String == "queued" && interaction?["assignedAgentId"] == nil, "\(interaction ?? [:])")

            let own = try await setActive(adminID, false, as: admin)
            #expect(own.status == .conflict)
            #expect(try own.errorCode() == "cannot_deactivate_self")
            #expect(try await setActive("nobody", false, as: admin).status == .notFound)

            #expect(try await setActive(annID, true, as: admin).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: ann.headers()).status == .unauthorized,
                    "switched on again, the old session does not come back")
            _ = try await Browser.signIn(client, username: "ann", password: "long-enough-pw")
        }
    }
}
