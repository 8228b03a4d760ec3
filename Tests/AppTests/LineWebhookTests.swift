import App
import Connectors
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// `/webhooks/line/{channel}`: each LINE channel verifies `x-line-signature` with its own channel secret (two
/// during a rotation), takes only events for its own bot, answers LINE's empty verification call, and stores a
/// redelivered event once. `/webhooks/line` keeps working with `platforms.line.webhook_secret`.
@Suite struct LineWebhookTests {
    static let shop = "U0123456789abcdef0123456789abcdef"
    static let care = "Ufedcba9876543210fedcba9876543210"
    static let config = """
        channels:
          - {id: shop-line, kind: line, account_id: "\(shop)", channel_secret: shop-secret, previous_channel_secret: shop-old}
          - {id: care-line, kind: line, account_id: "\(care)", channel_secret: care-secret}
          - {id: old-line, kind: line, account_id: "U11111111111111111111111111111111"}
        """

    static func body(_ destination: String, event: String = "01HG1B2C3D4E5F6G7H8J9K0M1N", redelivery: Bool = false) -> String {
        #"{"destination":"\#(destination)","events":[{"type":"message","mode":"active","timestamp":1767225600000,"source":{"type":"user","userId":"U4af4980629abcdef4af4980629abcdef"},"webhookEventId":"\#(event)","deliveryContext":{"isRedelivery":\#(redelivery)},"replyToken":"757913772c4646b784d4b7ce46d12671","message":{"id":"\#(event.suffix(6))","type":"text","text":"こんにちは 😀"}}]}"#
    }

    func post(_ client: some TestClientProtocol, _ uri: String, _ body: String, secret: String?) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let secret { headers[.init("x-line-signature")!] = WebhookSignature.of(.line).sign(Data(body.utf8), secret: secret) }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func eachChannelVerifiesWithItsOwnSecretAndForgeriesStoreNothing() async throws {
        let server = try await TestServer.make(extraConfig: Self.config)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            #expect(try await post(client, "/webhooks/line/shop-line", Self.body(Self.shop, event: "E1"), secret: "shop-secret").status == .ok)
            #expect(try await post(client, "/webhooks/line/shop-line", Self.body(Self.shop, event: "E2"), secret: "shop-old").status == .ok)
            #expect(try await post(client, "/webhooks/line/care-line", Self.body(Self.care, event: "E3"), secret: "care-secret").status == .ok)
            // Another channel's secret, the default secret, no signature: refused, nothing stored.
            let forged = try await post(client, "/webhooks/line/shop-line", Self.body(Self.shop, event: "E4"), secret: "care-secret")
            let forgedCode = try forged.errorCode()
            #expect(forged.status == .unauthorized && forgedCode == "unauthorized", "\(forged.text)")
            #expect(try await post(client, "/webhooks/line/shop-line", Self.body(Self.shop, event: "E5"), secret: TestServer.secret).status == .unauthorized)
            #expect(try await post(client, "/webhooks/line/shop-line", Self.body(Self.shop, event: "E6"), secret: nil).status == .unauthorized)
            // The default endpoint still takes channels without a secret of their own.
            #expect(try await post(client, "/webhooks/line", Self.body("U11111111111111111111111111111111", event: "E7"), secret: TestServer.secret).status == .ok)

            let shop = try await store.inboxEvents(channel: ChannelKey(kind: .line, accountID: Self.shop)).map(\.event.dedupeKey)
            #expect(shop == ["event:E1", "event:E2"])
            #expect(try await store.inboxEvents(channel: ChannelKey(kind: .line, accountID: Self.care)).count == 1)
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"parley_webhook_signatures_rejected_total{source="line"} 3"#), "\(metrics)")
        }
    }

    @Test func theVerifyCallIsAnsweredAndARedeliveryIsStoredOnce() async throws {
        let server = try await TestServer.make(extraConfig: Self.config)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let verify = try await post(client, "/webhooks/line/shop-line", #"{"destination":"\#(Self.shop)","events":[]}"#, secret: "shop-secret")
            #expect(verify.status == .ok && verify.text == #"{"stored":0,"duplicates":0,"poison":false}"#)
            let first = try await post(client, "/webhooks/line/shop-line", Self.body(Self.shop, event: "R1"), secret: "shop-secret")
            #expect(first.text == #"{"stored":1,"duplicates":0,"poison":false}"#)
            let again = try await post(client, "/webhooks/line/shop-line", Self.body(Self.shop, event: "R1", redelivery: true), secret: "shop-secret")
            #expect(again.status == .ok && again.text == #"{"stored":0,"duplicates":1,"poison":false}"#)
            #expect(try await store.inboxEvents(channel: ChannelKey(kind: .line, accountID: Self.shop)).count == 1)
        }
    }

    @Test func anUnknownChannelOrAnotherBotsDeliveryIsRefusedWithWhatToFix() async throws {
        let server = try await TestServer.make(extraConfig: Self.config)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let unknown = try await post(client, "/webhooks/line/nope", Self.body(Self.shop), secret: "shop-secret")
            #expect(unknown.status == .notFound && unknown.text.contains("/webhooks/line/care-line, /webhooks/line/shop-line"), "\(unknown.text)")
            // Signed with shop's secret but addressed to care's bot: shop's account_id must be wrong.
            let misaddressed = try await post(client, "/webhooks/line/shop-line", Self.body(Self.care, event: "W1"), secret: "shop-secret")
            let code = try misaddressed.errorCode()
            #expect(misaddressed.status == .unprocessableContent && code == "wrong_account", "\(misaddressed.text)")
            #expect(misaddressed.text.contains(Self.care))
            #expect(try await store.inboxEvents(channel: ChannelKey(kind: .line, accountID: Self.care)).isEmpty)
        }
    }

    @Test func channelSecretsAreCheckedWhenTheConfigurationLoads() {
        let result = ConfigLoader.validate(yaml: """
            channels:
              - {id: a, kind: line, account_id: "U1", previous_channel_secret: old}
              - {id: "b c", kind: line, account_id: "U2", channel_secret: {env: LINE_B}}
              - {id: c, kind: messenger, account_id: "1", channel_secret: s}
              - {id: d, kind: line, account_id: "U4"}
            """)
        let messages = result.diagnostics.map { "\($0.path): \($0.message)" }
        #expect(messages.contains { $0.hasPrefix("channels[0].previous_channel_secret: set channel_secret too") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("channels[1].id:") && $0.contains("URL segment") }, "\(messages)")
        #expect(result.warnings.contains { $0.path == "channels[2].channel_secret" })
        #expect(result.warnings.contains { $0.path == "channels[3].channel_secret" && $0.message.contains("refuses them") })
        let ok = ConfigLoader.validate(yaml: Self.config)
        #expect(ok.errors.isEmpty && ok.config.channelLineSecrets[.init("shop-line")] == [.plain("shop-secret"), .plain("shop-old")])
    }
}

extension LineWebhookTests {
    static func follow(_ type: String, event: String, at millis: Int = 1_767_225_601_000) -> String {
        #"{"destination":"\#(shop)","events":[{"type":"\#(type)","mode":"active","timestamp":\#(millis),"source":{"type":"user","userId":"U4af4980629abcdef4af4980629abcdef"},"webhookEventId":"\#(event)","deliveryContext":{"isRedelivery":false}}]}"#
    }

    /// The contact of the one open interaction, once the pipeline made it, and its follow state once it is `value`.
    func followsCompany(_ store: any ParleyStore, becomes value: Bool?) async throws -> Bool? {
        var follows: Bool?
        for _ in 0..<100 {
            if let id = try await store.interactions(openOnly: true, assignedTo: nil, limit: 10).first?.contactID,
                let contact = try await store.contact(id) {
                follows = contact.followsCompany
                if follows == value { return follows }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return follows
    }

    @Test func anUnfollowAndAFollowAreKeptOnTheContact() async throws {
        let server = try await TestServer.make(extraConfig: Self.config)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let first = try await post(client, "/webhooks/line/shop-line", Self.body(Self.shop, event: "F1"), secret: "shop-secret")
            #expect(first.status == .ok)
            let before = try await followsCompany(store, becomes: nil)
            #expect(before == nil)
            let unfollow = try await post(client, "/webhooks/line/shop-line", Self.follow("unfollow", event: "F2"), secret: "shop-secret")
            #expect(unfollow.status == .ok)
            let blocked = try await followsCompany(store, becomes: false)
            #expect(blocked == false)
            let follow = try await post(client, "/webhooks/line/shop-line", Self.follow("follow", event: "F3", at: 1_767_225_602_000), secret: "shop-secret")
            #expect(follow.status == .ok)
            let friend = try await followsCompany(store, becomes: true)
            #expect(friend == true)
        }
    }
}

extension LineWebhookTests {
    @Test func anUnsentMessageIsMarkedRemoved() async throws {
        let server = try await TestServer.make(extraConfig: Self.config)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let sent = try await post(client, "/webhooks/line/shop-line", Self.body(Self.shop, event: "U1"), secret: "shop-secret")
            #expect(sent.status == .ok)
            let unsend = #"{"destination":"\#(Self.shop)","events":[{"type":"unsend","mode":"active","timestamp":1767225602000,"source":{"type":"user","userId":"U4af4980629abcdef4af4980629abcdef"},"webhookEventId":"U2","deliveryContext":{"isRedelivery":false},"unsend":{"messageId":"U1"}}]}"#
            #expect(try await post(client, "/webhooks/line/shop-line", unsend, secret: "shop-secret").status == .ok)
            var removed: Date?
            for _ in 0..<100 where removed == nil {
                if let id = try await store.interactions(openOnly: true, assignedTo: nil, limit: 10).first?.id {
                    removed = try await store.messages(of: id, after: nil, limit: 10).first { $0.platformMessageID == "U1" }?.deletedAt
                }
                if removed == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(removed != nil, "the unsent message is marked removed")
        }
    }
}
