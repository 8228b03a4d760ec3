import App
import Connectors
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// `/webhooks/x` and `/webhooks/x/{app}` (platforms.md §5.1–5.2): each X app answers CRC checks with its own
/// consumer secret and verifies `x-twitter-webhooks-signature` (base64) over the raw bytes; two secrets are
/// accepted while one is rotated out; the delivery's `for_user_id` names the account it is for.
@Suite struct XAppWebhookTests {
    static let platforms = """
        platforms:
          x:
            webhook_secret: default-consumer-secret
            apps:
              - {id: care, webhook_secret: care-consumer-secret, previous_webhook_secret: care-consumer-old}
              - {id: sales, webhook_secret: sales-consumer-secret}
        """

    static func dm(account: String, id: String) -> String {
        #"{"for_user_id":"\#(account)","direct_message_events":[{"type":"message_create","id":"\#(id)","created_timestamp":"1767225600000","message_create":{"target":{"recipient_id":"\#(account)"},"sender_id":"944480690","message_data":{"text":"hello"}}}]}"#
    }

    static func signed(_ body: String, secret: String) -> HTTPFields {
        [.init("x-twitter-webhooks-signature")!: WebhookSignature.of(.x).sign(Data(body.utf8), secret: secret), .contentType: "application/json"]
    }

    func post(_ client: some TestClientProtocol, _ uri: String, _ body: String, headers: HTTPFields) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// The golden value was computed outside Swift (Python's hmac) for this token and secret.
    @Test func theCRCCheckIsAnsweredWithTheAppsConsumerSecret() async throws {
        let server = try await TestServer.make(platforms: Self.platforms)
        try await server.makeApplication().test(.live) { client in
            let answer = try await client.execute(uri: "/webhooks/x/care?crc_token=crc-token-1767225600", method: .get)
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "application/json")
            #expect(try answer.json()["response_token"] as? String == "sha256=eriRBohN1nfaqLM56km0HQdZ9uWUAuiPShwwoMWwRQA=")
            // The default app answers with its own secret, so the same token gives another answer.
            let other = try await client.execute(uri: "/webhooks/x?crc_token=crc-token-1767225600", method: .get)
            #expect(other.status == .ok)
            #expect(try other.json()["response_token"] as? String != "sha256=eriRBohN1nfaqLM56km0HQdZ9uWUAuiPShwwoMWwRQA=")
            #expect(try await client.execute(uri: "/webhooks/x/nobody?crc_token=t", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/webhooks/x/care", method: .get).status == .badRequest)
        }
    }

    @Test func aGoldenSignatureIsAcceptedAndEachAppUsesOnlyItsOwnSecrets() async throws {
        let server = try await TestServer.make(platforms: Self.platforms)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let empty = #"{"for_user_id":"2244994945","direct_message_events":[]}"#
            let golden: HTTPFields = [.init("x-twitter-webhooks-signature")!: "sha256=FdYZh056thnGF7yLXx1UmPrsNLn3S2Jh7x6X1NWEkg4="]
            #expect(try await post(client, "/webhooks/x/care", empty, headers: golden).status == .ok)

            let first = Self.dm(account: "2244994945", id: "1582838499983564806")
            #expect(try await post(client, "/webhooks/x/care", first, headers: Self.signed(first, secret: "care-consumer-secret")).status == .ok)
            let rotated = Self.dm(account: "2244994945", id: "1582838499983564807")
            #expect(try await post(client, "/webhooks/x/care", rotated, headers: Self.signed(rotated, secret: "care-consumer-old")).status == .ok)
            let second = Self.dm(account: "3300000001", id: "1582838499983564808")
            #expect(try await post(client, "/webhooks/x/sales", second, headers: Self.signed(second, secret: "sales-consumer-secret")).status == .ok)
            #expect(try await post(client, "/webhooks/x", second, headers: Self.signed(second, secret: "default-consumer-secret")).status == .ok)

            // Another app's secret, a hex signature of the right secret, a missing header: rejected, nothing stored.
            let forged = Self.dm(account: "2244994945", id: "1582838499983564809")
            #expect(try await post(client, "/webhooks/x/care", forged, headers: Self.signed(forged, secret: "sales-consumer-secret")).status == .unauthorized)
            let hex = WebhookSignature.of(.meta).sign(Data(forged.utf8), secret: "care-consumer-secret")
            #expect(try await post(client, "/webhooks/x/care", forged, headers: [.init("x-twitter-webhooks-signature")!: hex]).status == .unauthorized)
            #expect(try await post(client, "/webhooks/x/care", forged, headers: [.contentType: "application/json"]).status == .unauthorized)
            let tampered = forged.replacingOccurrences(of: "hello", with: "hellO")
            #expect(try await post(client, "/webhooks/x/care", tampered, headers: Self.signed(forged, secret: "care-consumer-secret")).status == .unauthorized)

            let care = try await store.inboxEvents(channel: ChannelKey(kind: .x, accountID: "2244994945")).map(\.event.dedupeKey)
            #expect(Set(care) == ["dm:1582838499983564806", "dm:1582838499983564807"])
            // `for_user_id` names the account: the same DM through two endpoints is stored once.
            #expect(try await store.inboxEvents(channel: ChannelKey(kind: .x, accountID: "3300000001")).count == 1)
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"parley_webhook_signatures_rejected_total{source="x"} 4"#))
        }
    }

    @Test func perAppPathsExistOnlyForMetaAndX() async throws {
        let server = try await TestServer.make(platforms: Self.platforms)
        try await server.makeApplication().test(.live) { client in
            let body = Self.dm(account: "2244994945", id: "1")
            let unknown = try await post(client, "/webhooks/x/nobody", body, headers: Self.signed(body, secret: "care-consumer-secret"))
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("/webhooks/x/care"))
            #expect(try await post(client, "/webhooks/open/care", body, headers: Self.signed(body, secret: "care-consumer-secret")).status == .notFound)
        }
    }

    @Test func xAppsAreReadWithOnlyTheirConsumerSecrets() {
        let result = ConfigLoader.validate(yaml: """
            platforms:
              x:
                apps:
                  - {id: care, webhook_secret: {env: X_CARE_SECRET}, previous_webhook_secret: {env: X_CARE_OLD}}
                  - {id: bad, webhook_secret: {env: B}, verify_token: {env: V}}
                  - {id: nosecret}
            """)
        #expect(result.config.platforms.x.apps.first == ParleyConfig.MetaApp(id: "care", webhookSecret: .environment("X_CARE_SECRET"),
                                                                               previousWebhookSecret: .environment("X_CARE_OLD")))
        #expect(result.warnings.contains { $0.description.contains("platforms.x.apps[1].verify_token: unknown key") })
        #expect(result.errors.contains { $0.line == 6 && $0.description.contains("consumer secret") })
    }
}
