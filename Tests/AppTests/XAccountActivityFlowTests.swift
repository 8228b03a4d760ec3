import App
import Connectors
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// X Account Activity end to end through signed webhooks (platforms.md §5.3): a mention becomes an interaction,
/// the company's answer (echoed) and the customer's reply to it join its thread; a DM and its echo make one
/// customer message; a follow lets the agent move to a DM; a deleted tweet is shown removed and cannot be answered.
@Suite struct XAccountActivityFlowTests {
    static let account = "2244994945"
    static let customer = "944480690"
    static let secret = "x-consumer-secret"
    static let config = """
        workgroups:
          - {id: support}
          - {id: billing}
        channels:
          - {id: acme-x, kind: x, account_id: "\(account)", workgroup: support}
        """
    static let platforms = """
        platforms:
          x: {webhook_secret: \(secret)}
        """

    static func deliver(_ client: some TestClientProtocol, _ body: String) async throws {
        let headers: HTTPFields = [.init("x-twitter-webhooks-signature")!: WebhookSignature.of(.x).sign(Data(body.utf8), secret: secret)]
        let response = try await client.execute(uri: "/webhooks/x", method: .post, headers: headers, body: ByteBuffer(string: body))
        #expect(response.status == .ok, "\(response.text)")
    }

    static let ann = #"{"id":944480690,"id_str":"944480690","name":"Ann","screen_name":"ann"}"#
    static let acme = #"{"id":2244994945,"id_str":"2244994945","name":"Acme","screen_name":"acmecare"}"#

    /// A tweet by the customer (or the account) answering `answering`, mentioning the account.
    static func tweet(_ id: String, _ text: String, answering: String? = nil, byAccount: Bool = false, at millis: Int) -> String {
        let reply = answering.map { #""in_reply_to_status_id_str":"\#($0)","in_reply_to_user_id_str":"\#(byAccount ? customer : account)","# } ?? ""
        return #"{"for_user_id":"\#(account)","tweet_create_events":[{"id_str":"\#(id)","text":"\#(text)",\#(reply)"user":\#(byAccount ? acme : ann),"entities":{"user_mentions":[{"id_str":"\#(byAccount ? customer : account)"}]},"timestamp_ms":"\#(millis)"}]}"#
    }

    static func dm(_ id: String, _ text: String, fromAccount: Bool = false, at millis: Int) -> String {
        let (sender, recipient) = fromAccount ? (account, customer) : (customer, account)
        return #"{"for_user_id":"\#(account)","direct_message_events":[{"type":"message_create","id":"\#(id)","created_timestamp":"\#(millis)","message_create":{"target":{"recipient_id":"\#(recipient)"},"sender_id":"\#(sender)","message_data":{"text":"\#(text)"}}}],"users":{"\#(customer)":\#(ann)}}"#
    }

    static func messages(_ client: some TestClientProtocol, _ id: String, as viewer: Browser) async throws -> [[String: Any]] {
        let shown = try await client.execute(uri: "/api/v1/interactions/\(id)", method: .get, headers: viewer.headers()).json()
        return try #require(shown["messages"] as? [[String: Any]])
    }

    static func window(_ client: some TestClientProtocol, _ id: String, _ visibility: Visibility, as agent: Browser) async throws -> [String: Any] {
        try await client.execute(uri: "/api/v1/interactions/\(id)/reply-window?visibility=\(visibility.rawValue)", method: .get,
                                 headers: agent.headers()).json()
    }

    /// Polls until `condition` holds (the pipeline runs after the webhook is acknowledged).
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<100 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test func aMentionItsRepliesAFollowAndADeletionReachTheAgent() async throws {
        let server = try await TestServer.make(extraConfig: Self.config, platforms: Self.platforms)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let agent = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            let now = Int(Date().timeIntervalSince1970 * 1000)
            try await Self.deliver(client, Self.tweet("1850000000000000001", "@acmecare my parcel is broken", at: now))
            let id = try #require(try await ReplyWindowTests.offered(client, to: agent))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: agent.headers()).status == .ok)
            #expect(try await Self.window(client, id, .public, as: agent)["canSend"] as? Bool == true)
            // She neither follows nor has DMed the account: no DM yet.
            let closed = try await Self.window(client, id, .private, as: agent)
            #expect(closed["canSend"] as? Bool == false && closed["rule"] as? String == "x_direct_message")

            try await Self.deliver(client, #"{"for_user_id":"\#(Self.account)","follow_events":[{"type":"follow","created_timestamp":"\#(now + 500)","target":{"id":"\#(Self.account)"},"source":{"id":"\#(Self.customer)"}}]}"#)
            #expect(try await Self.eventually { try await store.follows(Self.customer, on: ChannelKey(kind: .x, accountID: Self.account)) == true })
            let open = try await Self.window(client, id, .private, as: agent)
            #expect(open["canSend"] as? Bool == true, "\(open)")

            // The company answered from X itself, and she replied to that answer: one thread.
            try await Self.deliver(client, Self.tweet("1850000000000000002", "@ann sorry to hear that", answering: "1850000000000000001",
                                                      byAccount: true, at: now + 1000))
            try await Self.deliver(client, Self.tweet("1850000000000000003", "@acmecare still waiting", answering: "1850000000000000002", at: now + 2000))
            #expect(try await Self.eventually { try await Self.messages(client, id, as: agent).count == 3 })
            let thread = try await Self.messages(client, id, as: agent)
            #expect(thread.map { $0["direction"] as? String } == ["inbound", "outbound", "inbound"])

            // Both her tweets deleted: shown removed, and no public reply can be threaded under them.
            for deleted in ["1850000000000000003", "1850000000000000001"] {
                try await Self.deliver(client, #"{"for_user_id":"\#(Self.account)","tweet_delete_events":[{"status":{"id":"\#(deleted)","user_id":"\#(Self.customer)"},"timestamp_ms":"\#(now + 3000)"}]}"#)
            }
            #expect(try await Self.eventually { try await Self.messages(client, id, as: agent).filter { $0["removedAt"] != nil }.count == 2 })
            let removed = try await Self.window(client, id, .public, as: agent)
            #expect(removed["canSend"] as? Bool == false && removed["rule"] as? String == "removed_message")
            let refused = try await ReplyWindowTests.reply(client, id, "Could you DM us?", as: agent)
            #expect(refused.status == .conflict)
        }
    }

    @Test func aChannelWithOpenDirectMessagesMovesToPrivateWithoutAFollow() async throws {
        let config = Self.config.replacingOccurrences(of: "workgroup: support}", with: "workgroup: support, dms_open: true}")
        let server = try await TestServer.make(extraConfig: config, platforms: Self.platforms)
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let agent = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            try await Self.deliver(client, Self.tweet("1850000000000000401", "@acmecare help", at: Int(Date().timeIntervalSince1970 * 1000)))
            let id = try #require(try await ReplyWindowTests.offered(client, to: agent))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: agent.headers()).status == .ok)
            let open = try await Self.window(client, id, .private, as: agent)
            #expect(open["canSend"] as? Bool == true && open["suggestedReply"] == nil, "\(open)")
        }
    }

    @Test func xChannelSettingsAreReadAndCheckedWithTheirLines() {
        let result = ConfigLoader.validate(yaml: """
            channels:
              - {id: a, kind: x, account_id: "1", handle: "@acmesupport", dms_open: true}
              - {id: b, kind: x, account_id: "2", handle: "not a handle!"}
              - {id: c, kind: messenger, account_id: "3", handle: acme}
            """)
        #expect(result.config.channelX["a"] == XChannelSettings(handle: "acmesupport", directMessagesOpen: true))
        #expect(result.config.channelX["a"]?.followRequest == "Please follow @acmesupport so we can help you privately.")
        #expect(result.errors.contains { $0.line == 3 && $0.description.contains("is not an X handle") })
        #expect(result.warnings.contains { $0.line == 4 && $0.description.contains("only x channels") })
    }

    @Test func aDirectMessageAndTheAccountsOwnEchoMakeOneCustomerMessage() async throws {
        let server = try await TestServer.make(extraConfig: Self.config, platforms: Self.platforms)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let now = Int(Date().timeIntervalSince1970 * 1000)
            try await Self.deliver(client, Self.dm("1582838499983564806", "Hi there", at: now))
            try await Self.deliver(client, Self.dm("1582838499983564806", "Hi there", at: now))
            try await Self.deliver(client, Self.dm("1582838499983564807", "Hello Ann, how can we help?", fromAccount: true, at: now + 1000))
            let thread = ThreadKey.conversation(customer: Identity.Key(platform: .x, id: Self.customer))
            let channel = ChannelKey(kind: .x, accountID: Self.account)
            #expect(try await Self.eventually { try await store.threadMessages(channel: channel, threadKey: thread, after: nil, limit: 10).count == 2 })
            let messages = try await store.threadMessages(channel: channel, threadKey: thread, after: nil, limit: 10)
            #expect(messages.map(\.direction) == [.inbound, .outbound])
            #expect(messages[1].sentOutsideParley && messages[1].platformMessageID == "1582838499983564807")
            #expect(messages[0].author?.id == Self.customer && messages[0].text == "Hi there")
        }
    }
}
