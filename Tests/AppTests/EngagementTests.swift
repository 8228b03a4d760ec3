import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct EngagementTests {
    @Test func aCustomerMessageBecomesAnInteractionWithTheContactsHistory() async throws {
        let server = try await TestServer.make(extraConfig: """
            channels:
              - {id: acme-messenger, kind: messenger, account_id: "103149398319188", name: Acme Messenger}
            """)
        try await server.makeApplication().test(.live) { client in
            for (mid, text) in [("m_a", "hello <script>alert(1)</script>"), ("m_b", "مرحبا 😀")] {
                let body = TestServer.messengerBody(mid: mid, text: text)
                let response = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body),
                                                        body: ByteBuffer(string: body))
                #expect(response.status == .ok)
            }
            let admin = try await Browser.signIn(client)
            var interactions: [[String: Any]] = []
            for _ in 0..<50 {
                let list = try await client.execute(uri: "/api/v1/interactions", method: .get, headers: admin.headers())
                interactions = try list.json()["interactions"] as? [[String: Any]] ?? []
                if !interactions.isEmpty, let id = interactions.first?["id"] as? String {
                    let detail = try await client.execute(uri: "/api/v1/interactions/\(id)", method: .get, headers: admin.headers())
                    if (try detail.json()["messages"] as? [Any])?.count == 2 { break }
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(interactions.count == 1)
            let interaction = try #require(interactions.first)
            #expect(interaction["channelId"] as? String == "acme-messenger")
            #expect(interaction["visibility"] as? String == "private")
            let id = try #require(interaction["id"] as? String)

            let page = try await client.execute(uri: "/api/v1/interactions/\(id)?limit=1", method: .get, headers: admin.headers())
            let first = try #require(try page.json()["messages"] as? [[String: Any]])
            #expect(first.map { $0["text"] as? String } == ["hello <script>alert(1)</script>"], "text is stored as written; escaping is the UI's job")
            let after = try #require(try page.json()["nextAfter"] as? String)
            let next = try await client.execute(uri: "/api/v1/interactions/\(id)?limit=1&after=\(after)", method: .get, headers: admin.headers())
            #expect((try next.json()["messages"] as? [[String: Any]])?.first?["text"] as? String == "مرحبا 😀")
            // A cursor that is not this interaction's message is refused (it used to restart from the first page).
            let stray = try await client.execute(uri: "/api/v1/interactions/\(id)?limit=1&after=nonsense", method: .get, headers: admin.headers())
            #expect(stray.status == .badRequest)
            #expect(try stray.errorCode() == "invalid_cursor", "\(stray.text)")

            let contactID = try #require(interaction["contactId"] as? String)
            let contact = try await client.execute(uri: "/api/v1/contacts/\(contactID)", method: .get, headers: admin.headers())
            let identities = try #require(try contact.json()["identities"] as? [[String: Any]])
            #expect(identities.first?["platform"] as? String == "facebook")
            let history = try await client.execute(uri: "/api/v1/contacts/\(contactID)/interactions", method: .get, headers: admin.headers())
            #expect((try history.json()["interactions"] as? [Any])?.count == 1)

            // An agent who holds none of it sees none of it.
            _ = try await client.execute(uri: "/api/v1/users", method: .post, headers: admin.headers(json: true),
                                         body: ByteBuffer(string: #"{"username":"ann","password":"long-enough-pw","roles":["agent"]}"#))
            let agent = try await Browser.signIn(client, username: "ann", password: "long-enough-pw")
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)", method: .get, headers: agent.headers()).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/contacts/\(contactID)", method: .get, headers: agent.headers()).status == .notFound)
            let mine = try await client.execute(uri: "/api/v1/interactions", method: .get, headers: agent.headers())
            #expect((try mine.json()["interactions"] as? [Any])?.isEmpty == true)
            #expect(try await client.execute(uri: "/api/v1/interactions?limit=0", method: .get, headers: admin.headers()).status == .badRequest)
        }
    }
}

@Suite struct AgentStateTests {
    @Test func anAgentGoesReadyAndNotReadyWithAReasonAndEachChangeIsLogged() async throws {
        let server = try await TestServer.make()
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let initial = try await client.execute(uri: "/api/v1/me/state", method: .get, headers: admin.headers())
            #expect(try initial.json()["state"] as? String == "logged_out")

            func put(_ body: String) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/me/state", method: .put, headers: admin.headers(json: true), body: ByteBuffer(string: body))
            }
            #expect(try await put(#"{"state":"ready"}"#).status == .ok)
            #expect(try await put(#"{"state":"ready"}"#).status == .ok, "repeating a state is harmless")
            let lunch = try await put(#"{"state":"not_ready","reason":"lunch"}"#)
            #expect(try lunch.json()["reason"] as? String == "lunch")
            #expect(try await put(#"{"state":"not_ready"}"#).status == .badRequest)
            #expect(try await put(#"{"state":"not_ready","reason":"rona"}"#).status == .badRequest)
            #expect(try await put(#"{"state":"not_ready","reason":"nap"}"#).status == .notFound)
            #expect(try await put(#"{"state":"ready","reason":"lunch"}"#).status == .badRequest)
            #expect(try await put(#"{"state":"asleep"}"#).status == .badRequest)

            let changes = try await store.events(after: 0, limit: 20).compactMap { logged -> String? in
                if case .agentStateChanged(let change) = logged.event { return change.state.rawValue + (change.reason.map { ":" + $0.rawValue } ?? "") }
                return nil
            }
            #expect(changes == ["ready", "not_ready:lunch"])
        }
    }
}
