import App
import Connectors
import Crypto
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// The open channel end to end against the sandbox's reference integrator: a signed message becomes an
/// interaction, the agent's answer reaches the integrator signed and with Parley's id, its receipts mark the
/// answer read or failed; an integrator that is down gets the same post again later, never twice delivered.
@Suite struct OpenChannelFlowTests {
    static let config = """
        workgroups:
          - {id: support}
          - {id: billing}
        channels:
          - {id: sms, kind: open, account_id: sms, workgroup: support, webhook_secret: sms-secret, url: "https://unused.example/outbound"}
        """

    /// Parley with the reference client as the integrator; Ann holds the interaction of `cust-7`'s first message.
    static func run(_ body: @Sendable (OpenReferenceClient, any TestClientProtocol, any ParleyStore, Browser, String) async throws -> Void) async throws {
        try await SandboxedParley.run(extraConfig: config) { sandbox, client, store in
            let integrator = sandbox.open
            await integrator.setSecret("sms-secret", for: "sms")
            await integrator.setParleyURL("http://127.0.0.1:\(try #require(client.port))")
            let admin = try await Browser.signIn(client)
            let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            let sent = try await integrator.sendMessage(integration: "sms", from: "cust-7", name: "Noor", text: "مرحبا، وين طلبي؟ 📦", id: "in-1")
            #expect(sent.status == 200, "\(sent.body)")
            let id = try #require(try await ReplyWindowTests.offered(client, to: ann))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
            try await body(integrator, client, store, ann, id)
        }
    }

    static func reply(_ client: some TestClientProtocol, _ id: String, as ann: Browser, _ text: String) async throws -> String {
        let reply = try await client.execute(uri: "/api/v1/interactions/\(id)/messages", method: .post, headers: ann.headers(json: true),
                                             body: ByteBuffer(string: #"{"text":"\#(text)"}"#))
        #expect(reply.status == .created, "\(reply.text)")
        return try #require(try reply.json()["id"] as? String)
    }

    static func waitFor(_ store: any ParleyStore, _ messageID: String, seconds: Double = 5,
                        until done: (Message) -> Bool) async throws -> Message? {
        var message: Message?
        let deadline = Date() + seconds
        while Date() < deadline {
            message = try await store.message(.init(messageID))
            if let message, done(message) { return message }
            try await Task.sleep(for: .milliseconds(50))
        }
        return message
    }

    @Test func aSignedMessageIsAnsweredAndTheIntegratorsReadReceiptShowsTheAnswerRead() async throws {
        try await Self.run { integrator, client, store, ann, id in
            let shown = try await client.execute(uri: "/api/v1/interactions/\(id)", method: .get, headers: ann.headers()).json()
            let inbound = try #require((shown["messages"] as? [[String: Any]])?.first)
            #expect(inbound["text"] as? String == "مرحبا، وين طلبي؟ 📦")

            let messageID = try await Self.reply(client, id, as: ann, "Your parcel arrives tomorrow.")
            let sent = try await Self.waitFor(store, messageID) { $0.deliveryStatus == .sent }
            #expect(sent?.deliveryStatus == .sent && sent?.platformMessageID == messageID, "receipts name Parley's id")
            let posts = await integrator.receivedPosts()
            let post = try #require(posts.first)
            #expect(posts.count == 1 && post.status == 200 && post.signatureValid && !post.replayed)
            #expect(post.integration == "sms" && post.idempotencyKey?.isEmpty == false)
            #expect(post.message?.id == messageID && post.message?.recipient.id == "cust-7" && post.message?.version == 1)
            #expect(post.message?.text == "Your parcel arrives tomorrow." && post.message?.inReplyTo == "in-1")

            #expect(try await integrator.sendReceipt(integration: "sms", messageID: messageID, status: .delivered).status == 200)
            #expect(try await integrator.sendReceipt(integration: "sms", messageID: messageID, status: .read).status == 200)
            // The same receipt again is a duplicate: stored once, no second change.
            let again = try await integrator.sendReceipt(integration: "sms", messageID: messageID, status: .read)
            #expect(again.body == #"{"stored":0,"duplicates":1}"#)
            let read = try await Self.waitFor(store, messageID) { $0.deliveryStatus == .read }
            #expect(read?.deliveryStatus == .read)
            let messages = try await client.execute(uri: "/api/v1/interactions/\(id)", method: .get, headers: ann.headers()).json()["messages"]
            #expect((messages as? [[String: Any]])?.last?["deliveryStatus"] as? String == "read")
        }
    }

    @Test func anIntegratorThatIsDownGetsTheSamePostLaterAndAFailedReceiptShowsItsReason() async throws {
        try await Self.run { integrator, client, store, ann, id in
            await integrator.setFailure(.init(status: 503, count: 2))
            let messageID = try await Self.reply(client, id, as: ann, "Checking with the courier.")
            let sent = try await Self.waitFor(store, messageID, seconds: 15) { $0.deliveryStatus == .sent }
            #expect(sent?.deliveryStatus == .sent)
            let posts = await integrator.receivedPosts()
            #expect(posts.map(\.status) == [503, 503, 200], "two refusals, then accepted once")
            #expect(Set(posts.compactMap(\.idempotencyKey)).count == 1 && Set(posts.map(\.body)).count == 1, "the same bytes under the same key")
            #expect(posts.allSatisfy { $0.signatureValid })

            #expect(try await integrator.sendReceipt(integration: "sms", messageID: messageID, status: .failed, reason: "handset switched off").status == 200)
            let failed = try await Self.waitFor(store, messageID) { $0.deliveryStatus == .failed }
            #expect(failed?.failureReason == "the open channel's integrator reports: handset switched off")
        }
    }

    @Test func anIntegratorThatSaysSlowDownIsPostedAgainAfterItsRetryAfter() async throws {
        try await Self.run { integrator, client, store, ann, id in
            await integrator.setFailure(.init(status: 429, count: 1, retryAfter: 1))
            let asked = Date()
            let messageID = try await Self.reply(client, id, as: ann, "One moment please.")
            // Retry-After, plus the outbox's jitter on rate limits (up to `rateLimitJitter`, 5 s): wait long enough for both.
            let sent = try await Self.waitFor(store, messageID, seconds: 15) { $0.deliveryStatus == .sent }
            #expect(sent?.deliveryStatus == .sent)
            #expect(Date().timeIntervalSince(asked) >= 1, "not before Retry-After")
            #expect(await integrator.receivedPosts().map(\.status) == [429, 200])
        }
    }

    @Test func anIntegratorsRefusalFailsTheAnswerWithItsReasonAndIsNotRetried() async throws {
        try await Self.run { integrator, client, store, ann, id in
            await integrator.setFailure(.init(status: 400, count: 1, message: "customer cust-7 has unsubscribed"))
            let messageID = try await Self.reply(client, id, as: ann, "Are you still there?")
            let failed = try await Self.waitFor(store, messageID) { $0.deliveryStatus == .failed }
            #expect(failed?.failureReason == "the integrator refused the message (HTTP 400): customer cust-7 has unsubscribed")
            try await Task.sleep(for: .seconds(1))
            #expect(await integrator.receivedPosts().count == 1, "a 4xx is not retried")
        }
    }

    @Test func theChannelCheckProbesTheIntegratorWithASignedPing() async throws {
        let sandbox = SandboxServer(secrets: [:], parleyURL: nil)
        await sandbox.open.setSecret("sms-secret", for: "sms")
        let app = Application(router: sandbox.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { sandboxClient in
            let integrator = "http://127.0.0.1:\(try #require(sandboxClient.port))/open/sms"
            let store = try await TestServer.make(extraConfig: Self.config).store
            let healthy = try await Self.check(url: integrator, secret: "sms-secret", store: store)
            #expect(healthy.contains { $0.level == .ok && $0.topic == "integrator" && $0.text.contains("accepted a signed ping") }, "\(healthy)")
            #expect(healthy.contains { $0.topic == "secret" && $0.level == .ok })
            #expect(healthy.contains { $0.topic == "deliveries" && $0.level == .warning }, "nothing received yet")
            #expect(await sandbox.open.receivedPosts().first?.signatureValid == true)
            let wrongSecret = try await Self.check(url: integrator, secret: "other", store: store)
            #expect(wrongSecret.contains { $0.level == .failure && $0.text.contains("refused Parley's signature") }, "\(wrongSecret)")
            let down = try await Self.check(url: "http://127.0.0.1:9/parley", secret: "sms-secret", store: store)
            #expect(down.contains { $0.level == .failure && $0.text.contains("could not be reached") }, "\(down)")
            let bare = try await ChannelCheck(config: ConfigLoader.validate(yaml: """
                channels:
                  - {id: sms, kind: open, account_id: sms}
                """).config, box: SecretBox(key: SymmetricKey(size: .bits256), environment: [:]), store: store, fetch: { _, _ in nil },
                                              openPost: ChannelCheck.openHTTP(.shared), now: Date()).run(channel: "sms")
            #expect(bare.contains { $0.level == .failure && $0.topic == "secret" }, "\(bare)")
            #expect(bare.contains { $0.level == .failure && $0.text.contains("set channels[].url") }, "\(bare)")
        }
    }

    static func check(url: String, secret: String, store: any ParleyStore) async throws -> [ChannelCheck.Finding] {
        let config = ConfigLoader.validate(yaml: """
            channels:
              - {id: sms, kind: open, account_id: sms, url: "\(url)", webhook_secret: \(secret)}
            """).config
        return try await ChannelCheck(config: config, box: SecretBox(key: SymmetricKey(size: .bits256), environment: [:]), store: store,
                                      fetch: { _, _ in nil }, openPost: ChannelCheck.openHTTP(.shared), now: Date()).run(channel: "sms")
    }
}
