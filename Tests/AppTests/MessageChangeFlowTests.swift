import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// What Meta reports after a message arrived, end to end through signed webhooks: the customer edits (masked
/// like a new message, the earlier text kept) and unsends; a moderator hides and shows a comment; the page's
/// echoes confirm Parley's own reply without storing it twice and record answers sent from Meta Business
/// Suite as sent outside Parley. Every redelivery changes nothing, and the interaction detail shows it all.
@Suite struct MessageChangeFlowTests {
    static let page = EngagementAutomationTests.page
    static let customer = "6543210987654321"

    static func deliver(_ client: some TestClientProtocol, _ body: String, times: Int = 1) async throws {
        for _ in 0..<times {
            let response = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body),
                                                    body: ByteBuffer(string: body))
            #expect(response.status == .ok)
        }
    }

    /// One Messenger event on the page, sent by the customer (`fromPage` false) or by the page.
    static func messaging(_ payload: String, at millis: Int, fromPage: Bool = false) -> String {
        let (sender, recipient) = fromPage ? (page, customer) : (customer, page)
        return #"{"object":"page","entry":[{"id":"\#(page)","time":\#(millis),"messaging":[{"sender":{"id":"\#(sender)"},"recipient":{"id":"\#(recipient)"},"timestamp":\#(millis),\#(payload)}]}]}"#
    }

    /// One page-feed change under the company's post; `value` gives the rest (item, verb, author, ids).
    static func feed(_ value: String, entryTime: Int) -> String {
        #"{"object":"page","entry":[{"id":"\#(page)","time":\#(entryTime),"changes":[{"field":"feed","value":{"post_id":"\#(AutomationFlowTests.post)",\#(value)}}]}]}"#
    }

    static func messages(_ client: some TestClientProtocol, _ id: String, as viewer: Browser) async throws -> [[String: Any]] {
        let shown = try await client.execute(uri: "/api/v1/interactions/\(id)", method: .get, headers: viewer.headers()).json()
        return try #require(shown["messages"] as? [[String: Any]])
    }

    @Test func messengerEditsUnsendsAndEchoesReachTheDetailOnce() async throws {
        let sandbox = SandboxServer(secrets: [:], parleyURL: nil)
        let sandboxApp = Application(router: sandbox.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await sandboxApp.test(.live) { sandboxClient in
            let port = try #require(sandboxClient.port)
            let server = try await TestServer.make(extraConfig: """
                workgroups:
                  - {id: support}
                  - {id: billing}
                channels:
                  - id: dm
                    kind: messenger
                    account_id: "\(Self.page)"
                    workgroup: support
                    rules:
                      list:
                        - {id: cards, match: {detect: [payment_card]}, then: {mask: {keep_last: 4}}}
                """) { $0.platformAPIOverride = "http://127.0.0.1:\(port)" }
            let store = server.store
            try await server.makeApplication().test(.live) { client in
                let admin = try await Browser.signIn(client)
                let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
                let now = Int(Date().timeIntervalSince1970 * 1000)
                try await Self.deliver(client, Self.messaging(#""message":{"mid":"m_1","text":"hello"}"#, at: now))
                let id = try #require(try await ReplyWindowTests.offered(client, to: ann))
                #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
                let reply = try await client.execute(uri: "/api/v1/interactions/\(id)/messages", method: .post, headers: ann.headers(json: true),
                                                     body: ByteBuffer(string: #"{"text":"How can I help?"}"#))
                let replyID = try #require(try reply.json()["id"] as? String)
                var answer: Message?
                for _ in 0..<100 where answer?.deliveryStatus != .sent {
                    try await Task.sleep(for: .milliseconds(50))
                    answer = try await store.message(.init(replyID))
                }
                let platformID = try #require(answer?.platformMessageID)

                // Echoes: Parley's own reply, then a colleague answering from Meta Business Suite; each delivered twice.
                try await Self.deliver(client, Self.messaging(#""message":{"is_echo":true,"app_id":1517776481860111,"mid":"\#(platformID)","text":"How can I help?"}"#,
                                                              at: now + 1000, fromPage: true), times: 2)
                try await Self.deliver(client, Self.messaging(#""message":{"is_echo":true,"mid":"m_inbox","text":"Dana here, from the shop"}"#,
                                                              at: now + 2000, fromPage: true), times: 2)
                // The customer edits the first message twice (adding a card number, then taking it out again), then
                // sends and unsends another. (Meta retries the card edit: the retry's raw body is not kept.)
                try await Self.deliver(client, Self.messaging(#""message_edit":{"mid":"m_1","text":"hello, card 4111 1111 1111 1111","num_edit":1}"#,
                                                              at: now + 3000), times: 2)
                try await Self.deliver(client, Self.messaging(#""message_edit":{"mid":"m_1","text":"hello, never mind","num_edit":2}"#,
                                                              at: now + 3500), times: 2)
                try await Self.deliver(client, Self.messaging(#""message":{"mid":"m_2","text":"sorry, wrong chat"}"#, at: now + 4000))
                try await Self.deliver(client, Self.messaging(#""message":{"mid":"m_2","is_deleted":true}"#, at: now + 5000), times: 2)
                // The customer loves the agent's reply (Meta redelivers that too).
                try await Self.deliver(client, Self.messaging(#""reaction":{"mid":"\#(platformID)","action":"react","reaction":"love","emoji":"❤️"}"#,
                                                              at: now + 6000), times: 2)
                let types = try await EngagementAutomationTests.waitForEvents(store) { $0.contains("message.removed") && $0.contains("message.reacted") }
                #expect(types.filter { $0 == "message.edited" }.count == 2 && types.filter { $0 == "message.removed" }.count == 1)
                #expect(types.filter { $0 == "message.reacted" }.count == 1)
                #expect(types.filter { $0 == "message.sent" }.count == 2, "the agent's reply once, the outside answer once: \(types)")

                let messages = try await Self.messages(client, id, as: ann)
                #expect(messages.count == 4, "\(messages)")
                let first = try #require(messages.first { $0["platformMessageId"] as? String == "m_1" })
                #expect(first["text"] as? String == "hello, never mind")
                #expect(first["editedAt"] != nil && first["removedAt"] == nil && first["hidden"] as? Bool == false)
                let revisions = try #require(first["revisions"] as? [[String: Any]])
                #expect(revisions.compactMap { $0["revision"] as? Int } == [1, 2] && revisions.first?["text"] as? String == "hello")
                let carded = try #require(revisions.last?["text"] as? String)
                #expect(carded.hasPrefix("hello, card ") && carded.hasSuffix("1111") && !carded.contains("4111 1111"), "masked: \(carded)")
                let outbound = messages.filter { $0["direction"] as? String == "outbound" }
                #expect(outbound.count == 2, "Parley's own reply is not stored again from its echo")
                #expect(outbound.contains { $0["id"] as? String == replyID && $0["sentOutsideParley"] as? Bool == false && $0["reaction"] as? String == "❤️" })
                let outside = try #require(outbound.first { $0["platformMessageId"] as? String == "m_inbox" })
                #expect(outside["sentOutsideParley"] as? Bool == true && outside["agentId"] == nil && outside["deliveryStatus"] as? String == "sent")
                #expect(outside["text"] as? String == "Dana here, from the shop")
                let unsent = try #require(messages.first { $0["platformMessageId"] as? String == "m_2" })
                #expect(unsent["removedAt"] != nil && unsent["text"] as? String == "sorry, wrong chat", "marked, kept for the record")

                // The card number the customer added by editing is nowhere on disk, not even in the raw delivery.
                let raw = try await store.deliveries(Array(1...15)).values.map { String(decoding: $0.body, as: UTF8.self) }
                #expect(!raw.isEmpty && !raw.contains { $0.contains("4111 1111 1111 1111") })
            }
        }
    }

    @Test func feedEditsHidesRemovalsAndThePagesOwnCommentsApplyOnce() async throws {
        let server = try await TestServer.make(extraConfig: """
            workgroups:
              - {id: support}
            channels:
              - {id: page, kind: facebook_page, account_id: "\(Self.page)", workgroup: support}
            """)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            try await AutomationFlowTests.comment(client, id: "501", from: "4455667788", text: "where is my parcel?")
            _ = try await EngagementAutomationTests.waitForEvents(store) { $0.contains("interaction.created") }
            let id = try #require(try await store.interactions(openOnly: true, assignedTo: nil, limit: 5).first?.id.rawValue)
            let comment = #""item":"comment","from":{"id":"4455667788","name":"Customer"},"comment_id":"244445617083583_501","parent_id":"\#(AutomationFlowTests.post)","created_time":1767225600"#
            let now = Int(Date().timeIntervalSince1970)

            try await Self.deliver(client, Self.feed(#"\#(comment),"verb":"edited","message":"where is my parcel?? order 77""#, entryTime: now),
                                   times: 2)
            try await Self.deliver(client, Self.feed(#"\#(comment),"verb":"hide""#, entryTime: now + 1), times: 2)
            // The page answers from Meta Business Suite, under the customer's comment.
            try await Self.deliver(client, Self.feed(#""item":"comment","verb":"add","from":{"id":"\#(Self.page)","name":"Acme"},"comment_id":"244445617083583_9001","parent_id":"244445617083583_501","created_time":\#(now + 2),"message":"We are checking, sorry!""#,
                                                     entryTime: now + 2), times: 2)
            _ = try await EngagementAutomationTests.waitForEvents(store) { $0.contains("message.hidden") && $0.contains("message.sent") }
            var messages = try await Self.messages(client, id, as: admin)
            var customer = try #require(messages.first { $0["platformMessageId"] as? String == "244445617083583_501" })
            #expect(customer["text"] as? String == "where is my parcel?? order 77" && customer["hidden"] as? Bool == true)
            #expect((customer["revisions"] as? [[String: Any]])?.compactMap { $0["text"] as? String } == ["where is my parcel?"])
            let outside = try #require(messages.first { $0["platformMessageId"] as? String == "244445617083583_9001" })
            #expect(outside["sentOutsideParley"] as? Bool == true && outside["visibility"] as? String == "public")

            try await Self.deliver(client, Self.feed(#"\#(comment),"verb":"unhide""#, entryTime: now + 3))
            try await Self.deliver(client, Self.feed(#""item":"comment","verb":"remove","from":{"id":"4455667788"},"comment_id":"244445617083583_501","created_time":\#(now + 4)"#,
                                                     entryTime: now + 4), times: 2)
            let types = try await EngagementAutomationTests.waitForEvents(store) { $0.contains("message.removed") }
            #expect(["message.edited", "message.hidden", "message.unhidden", "message.removed", "message.sent"].map { type in
                types.filter { $0 == type }.count } == [1, 1, 1, 1, 1], "\(types)")
            messages = try await Self.messages(client, id, as: admin)
            customer = try #require(messages.first { $0["platformMessageId"] as? String == "244445617083583_501" })
            #expect(customer["hidden"] as? Bool == false && customer["removedAt"] != nil && messages.count == 2)
        }
    }
}
