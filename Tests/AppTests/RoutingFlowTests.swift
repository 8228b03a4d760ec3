import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct RoutingFlowTests {
    @Test func aReadyAgentIsOfferedAcceptsRejectsAndIsRedirectedOnNoAnswer() async throws {
        let server = try await TestServer.make(extraConfig: """
            workgroups:
              - {id: support, name: Support}
            channels:
              - {id: acme-messenger, kind: messenger, account_id: "103149398319188", workgroup: support}
            """, offerTimeout: 10)  // long enough to accept on a loaded machine (the whole suite runs in parallel), short enough to wait out
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let created = try await client.execute(
                uri: "/api/v1/users", method: .post, headers: admin.headers(json: true),
                body: ByteBuffer(string: #"{"username":"ann","password":"long-enough-pw","roles":["agent"],"workgroups":["support"]}"#))
            #expect(created.status == .created)
            let unknownGroup = try await client.execute(
                uri: "/api/v1/users", method: .post, headers: admin.headers(json: true),
                body: ByteBuffer(string: #"{"username":"bob","password":"long-enough-pw","roles":["agent"],"workgroups":["nope"]}"#))
            #expect(unknownGroup.status == .conflict)
            let ann = try await Browser.signIn(client, username: "ann", password: "long-enough-pw")
            let ready = try await client.execute(uri: "/api/v1/me/state", method: .put, headers: ann.headers(json: true),
                                                 body: ByteBuffer(string: #"{"state":"ready"}"#))
            #expect(ready.status == .ok)

            func customerWrites(_ mid: String, from sender: String) async throws {
                let body = TestServer.messengerBody(mid: mid).replacingOccurrences(of: "6543210987654321", with: sender)
                let response = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body),
                                                        body: ByteBuffer(string: body))
                #expect(response.status == .ok)
            }
            func annsInteractions() async throws -> [[String: Any]] {
                let list = try await client.execute(uri: "/api/v1/interactions", method: .get, headers: ann.headers())
                return try list.json()["interactions"] as? [[String: Any]] ?? []
            }
            func waitFor(_ condition: ([[String: Any]]) -> Bool) async throws -> [[String: Any]] {
                for _ in 0..<60 {
                    let current = try await annsInteractions()
                    if condition(current) { return current }
                    try await Task.sleep(for: .milliseconds(100))
                }
                return try await annsInteractions()
            }

            // 1. Offered, then accepted.
            try await customerWrites("m_1", from: "1001")
            let offered = try await waitFor { $0.contains { $0["state"] as? String == "offered" } }
            let first = try #require(offered.first { $0["state"] as? String == "offered" }?["id"] as? String)
            let accepted = try await client.execute(uri: "/api/v1/interactions/\(first)/accept", method: .post, headers: ann.headers())
            #expect(accepted.status == .ok)
            #expect(try accepted.json()["state"] as? String == "active")
            let again = try await client.execute(uri: "/api/v1/interactions/\(first)/accept", method: .post, headers: ann.headers())
            #expect(again.status == .conflict, "accepting twice is refused, not repeated")

            // 2. Offered, then rejected: back in the queue (nobody else is ready).
            try await customerWrites("m_2", from: "1002")
            let second = try #require(try await waitFor { $0.contains { $0["state"] as? String == "offered" } }
                .first { $0["state"] as? String == "offered" }?["id"] as? String)
            let rejected = try await client.execute(uri: "/api/v1/interactions/\(second)/reject", method: .post, headers: ann.headers())
            #expect(rejected.status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/interactions/\(second)", method: .get, headers: ann.headers()).status == .notFound,
                    "after declining, it is no longer visible to the agent")

            // 3. Offered, not answered: redirected, and the agent goes not ready with RONA.
            try await customerWrites("m_3", from: "1003")
            let third = try #require(try await waitFor { $0.contains { $0["state"] as? String == "offered" } }
                .first { $0["state"] as? String == "offered" }?["id"] as? String)
            var state = ""
            for _ in 0..<300 where state != "not_ready" {
                try await Task.sleep(for: .milliseconds(100))
                state = try await client.execute(uri: "/api/v1/me/state", method: .get, headers: ann.headers()).json()["state"] as? String ?? ""
            }
            #expect(state == "not_ready")
            let me = try await client.execute(uri: "/api/v1/me/state", method: .get, headers: ann.headers())
            #expect(try me.json()["reason"] as? String == "rona")
            let late = try await client.execute(uri: "/api/v1/interactions/\(third)/accept", method: .post, headers: ann.headers())
            #expect(late.status == .notFound || late.status == .conflict)

            let types = try await store.events(after: 0, limit: 100).map(\.event.type.rawValue)
            for expected in ["interaction.queued", "interaction.offered", "interaction.accepted", "interaction.rejected", "interaction.rona"] {
                #expect(types.contains(expected), "\(expected)")
            }
        }
    }
}
