import App
import Connectors
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// `POST /webhooks/open/{channel}`: each open channel's own secret (or the shared one), rotation, refusals that
/// tell the integrator what to fix, and nothing stored for any of them.
@Suite struct OpenWebhookTests {
    static let config = """
        server: {max_body_bytes: 4096}
        workgroups:
          - {id: support}
        channels:
          - {id: sms, kind: open, account_id: sms, workgroup: support, url: "http://127.0.0.1:9/none",
             webhook_secret: sms-new, previous_webhook_secret: sms-old}
          - {id: chat, kind: open, account_id: chat, workgroup: support, url: "http://127.0.0.1:9/none"}
        """
    static let platforms = """
        platforms:
          open: {webhook_secret: shared-open}
        """

    static func message(id: String, text: String = "Hello", sender: String = "cust-1") -> String {
        #"{"version":1,"type":"message","id":"\#(id)","timestamp":"2026-11-26T16:47:08.592Z","sender":{"id":"\#(sender)","name":"Ann"},"text":"\#(text)"}"#
    }

    static func post(_ client: some TestClientProtocol, _ path: String, _ body: String, secret: String?) async throws -> TestResponse {
        try await post(client, path, Data(body.utf8), secret: secret)
    }

    static func post(_ client: some TestClientProtocol, _ path: String, _ body: Data, secret: String?) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let secret { headers[.init("X-Parley-Signature")!] = OpenSignature.scheme.sign(body, secret: secret) }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    static func withServer(_ body: @Sendable (any TestClientProtocol, any ParleyStore) async throws -> Void) async throws {
        let server = try await TestServer.make(extraConfig: config, platforms: platforms)
        let store = server.store
        try await server.makeApplication().test(.live) { client in try await body(client, store) }
    }

    @Test func eachChannelTakesItsOwnSecretAndADuplicateIsStoredOnce() async throws {
        try await Self.withServer { client, store in
            let body = Self.message(id: "m-1")
            let first = try await Self.post(client, "/webhooks/open/sms", body, secret: "sms-new")
            #expect(first.status == .ok && first.text == #"{"stored":1,"duplicates":0}"#, "\(first.text)")
            let again = try await Self.post(client, "/webhooks/open/sms", body, secret: "sms-new")
            #expect(again.text == #"{"stored":0,"duplicates":1}"#)
            // During a rotation the previous secret still signs; the channel without its own uses platforms.open's.
            #expect(try await Self.post(client, "/webhooks/open/sms", Self.message(id: "m-2"), secret: "sms-old").status == .ok)
            #expect(try await Self.post(client, "/webhooks/open/chat", Self.message(id: "m-1"), secret: "shared-open").status == .ok)
            let sms = try await store.inboxEvents(channel: ChannelKey(kind: .open, accountID: "sms")).map(\.event.dedupeKey)
            #expect(sms == ["message:m-1", "message:m-2"])
            #expect(try await store.inboxEvents(channel: ChannelKey(kind: .open, accountID: "chat")).count == 1)
        }
    }

    @Test func wrongMissingOrReencodedSignaturesAreRejectedCountedAndNotStored() async throws {
        try await Self.withServer { client, store in
            let raw = Data(Self.message(id: "m-rtl", text: "مرحبا 👋🏽 שלום").utf8)
            let wrong = try await Self.post(client, "/webhooks/open/sms", raw, secret: "shared-open")
            #expect(wrong.status == .unauthorized)
            #expect(try wrong.errorCode() == "unauthorized")
            let missing = try await Self.post(client, "/webhooks/open/sms", raw, secret: nil)
            #expect(missing.status == .unauthorized && missing.text.contains("Missing X-Parley-Signature"))
            // Signed over the raw bytes; the same JSON re-encoded (escaped) no longer matches.
            let header = OpenSignature.scheme.sign(raw, secret: "sms-new")
            let escaped = String(decoding: raw, as: UTF8.self).unicodeScalars.map { $0.isASCII ? String($0) : String(format: "\\u%04x", $0.value) }
            let reencoded = try await client.execute(uri: "/webhooks/open/sms", method: .post,
                                                     headers: [.init("X-Parley-Signature")!: header, .contentType: "application/json"],
                                                     body: ByteBuffer(string: escaped.joined()))
            #expect(reencoded.status == .unauthorized)
            // Meta's hex form of the right HMAC is not this scheme.
            let hex = WebhookSignature.of(.meta).sign(raw, secret: "sms-new")
            let hexed = try await client.execute(uri: "/webhooks/open/sms", method: .post, headers: [.init("X-Parley-Signature")!: hex],
                                                 body: ByteBuffer(bytes: raw))
            #expect(hexed.status == .unauthorized)
            #expect(try await store.inboxEvents(channel: ChannelKey(kind: .open, accountID: "sms")).isEmpty)
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"parley_webhook_signatures_rejected_total{source="open"} 4"#), "\(metrics)")
            // The raw bytes with their signature are accepted, text intact.
            #expect(try await Self.post(client, "/webhooks/open/sms", raw, secret: "sms-new").status == .ok)
        }
    }

    @Test func signedBodiesThatBreakTheContractAreRefusedWithWhatToFix() async throws {
        try await Self.withServer { client, store in
            let notJSON = try await Self.post(client, "/webhooks/open/sms", "{\"version\":1,", secret: "sms-new")
            #expect(notJSON.status == .badRequest)
            #expect(try notJSON.errorCode() == "malformed_json")
            let future = try await Self.post(client, "/webhooks/open/sms", #"{"version":2,"type":"message"}"#, secret: "sms-new")
            #expect(future.status == .unprocessableContent)
            #expect(try future.errorCode() == "unsupported_version")
            #expect(future.text.contains("this Parley reads version 1"))
            let noSender = try await Self.post(client, "/webhooks/open/sms",
                                               #"{"version":1,"type":"message","id":"x","timestamp":"2026-11-26T16:47:08Z","text":"hi"}"#, secret: "sms-new")
            #expect(noSender.status == .unprocessableContent)
            #expect(try noSender.errorCode() == "invalid_message")
            #expect(noSender.text.contains("missing 'sender'") && noSender.text.contains("Nothing was stored"))
            #expect(try await store.inboxEvents(channel: ChannelKey(kind: .open, accountID: "sms")).isEmpty)
            #expect(try await store.inboxStatistics().poisonDeliveries == 0)
        }
    }

    @Test func bodiesOverTheLimitUnknownChannelsAndTheSharedPathAreRefused() async throws {
        try await Self.withServer { client, store in
            let big = Self.message(id: "big", text: String(repeating: "a", count: 5000))
            let tooBig = try await Self.post(client, "/webhooks/open/sms", big, secret: "sms-new")
            #expect(tooBig.status == .contentTooLarge)
            #expect(try tooBig.errorCode() == "payload_too_large")
            let unknown = try await Self.post(client, "/webhooks/open/fax", Self.message(id: "f"), secret: "shared-open")
            #expect(unknown.status == .notFound && unknown.text.contains("configured: chat, sms"))
            // Two open channels: /webhooks/open cannot stand for one of them.
            let shared = try await Self.post(client, "/webhooks/open", Self.message(id: "s"), secret: "shared-open")
            #expect(shared.status == .notFound && shared.text.contains("/webhooks/open/chat, /webhooks/open/sms"))
            let get = try await client.execute(uri: "/webhooks/open/sms", method: .get)
            #expect(get.status == .methodNotAllowed)
            #expect(try await store.inboxEvents(channel: ChannelKey(kind: .open, accountID: "sms")).isEmpty)
        }
    }

    @Test func withOneOpenChannelTheSharedPathIsThatChannel() async throws {
        let server = try await TestServer.make(extraConfig: """
            channels:
              - {id: only, kind: open, account_id: only, url: "http://127.0.0.1:9/none", webhook_secret: only-secret}
            """)
        let store = server.store
        try await server.makeApplication().test(.live) { client async throws -> Void in
            #expect(try await Self.post(client, "/webhooks/open", Self.message(id: "o-1"), secret: "only-secret").status == .ok)
            #expect(try await store.inboxEvents(channel: ChannelKey(kind: .open, accountID: "only")).map(\.event.dedupeKey) == ["message:o-1"])
        }
    }

    @Test func anOpenChannelWithoutASecretOrWithABadAccountIsAConfigurationError() {
        let result = ConfigLoader.validate(yaml: """
            channels:
              - {id: a, kind: open, account_id: "has space"}
              - {id: b, kind: messenger, account_id: "1", url: "https://x.example"}
            """)
        let texts = result.diagnostics.map(\.description)
        #expect(texts.contains { $0.contains("channels[0].account_id") && $0.contains("URL segment") }, "\(texts)")
        #expect(texts.contains { $0.contains("channels[0].webhook_secret") && $0.contains("needs a secret") }, "\(texts)")
        #expect(texts.contains { $0.contains("channels[0].url") && $0.contains("no integrator URL") }, "\(texts)")
        #expect(result.warnings.contains { $0.description.contains("channels[1].url") && $0.description.contains("only open channels") })
    }
}
