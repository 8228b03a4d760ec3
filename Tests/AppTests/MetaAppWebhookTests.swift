import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// `/webhooks/meta/{app}`: each Meta app has its own endpoint, secret and verify token; two secrets are
/// accepted while one is rotated out; several pages share one app.
@Suite struct MetaAppWebhookTests {
    static let platforms = """
        platforms:
          meta:
            webhook_secret: default-secret
            verify_token: verify-me
            apps:
              - {id: care, app_id: "1234567890", webhook_secret: care-new, previous_webhook_secret: care-old, verify_token: care-verify}
              - {id: sales, webhook_secret: sales-secret}
        """

    static func messenger(page: String, mid: String) -> String {
        #"{"object":"page","entry":[{"id":"\#(page)","time":1767225600000,"messaging":[{"sender":{"id":"6543210987654321"},"recipient":{"id":"\#(page)"},"timestamp":1767225600000,"message":{"mid":"\#(mid)","text":"hello"}}]}]}"#
    }

    func post(_ client: some TestClientProtocol, _ uri: String, _ body: String, secret: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: TestServer.signedHeaders(body, secret: secret), body: ByteBuffer(string: body))
    }

    @Test func eachAppVerifiesWithItsOwnSecretAndServesSeveralPages() async throws {
        let server = try await TestServer.make(platforms: Self.platforms)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let first = Self.messenger(page: "111", mid: "m_a")
            #expect(try await post(client, "/webhooks/meta/care", first, secret: "care-new").status == .ok)
            let second = Self.messenger(page: "222", mid: "m_b")
            #expect(try await post(client, "/webhooks/meta/care", second, secret: "care-new").status == .ok)
            // Another app's secret, or the default app's, does not open this endpoint.
            let third = Self.messenger(page: "111", mid: "m_c")
            #expect(try await post(client, "/webhooks/meta/care", third, secret: "sales-secret").status == .unauthorized)
            #expect(try await post(client, "/webhooks/meta/care", third, secret: "default-secret").status == .unauthorized)
            #expect(try await post(client, "/webhooks/meta/sales", third, secret: "sales-secret").status == .ok)
            #expect(try await post(client, "/webhooks/meta", Self.messenger(page: "333", mid: "m_d"), secret: "default-secret").status == .ok)

            let stored = try await store.inboxEvents(channel: ChannelKey(kind: .messenger, accountID: "111")).map(\.event.dedupeKey)
            #expect(Set(stored) == ["mid:m_a", "mid:m_c"])
            #expect(try await store.inboxEvents(channel: ChannelKey(kind: .messenger, accountID: "222")).count == 1)

            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"parley_webhook_signatures_rejected_total{source="meta"} 2"#))
        }
    }

    @Test func duringARotationBothSecretsAreAcceptedAndNoOther() async throws {
        let server = try await TestServer.make(platforms: Self.platforms)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            #expect(try await post(client, "/webhooks/meta/care", Self.messenger(page: "111", mid: "m_new"), secret: "care-new").status == .ok)
            #expect(try await post(client, "/webhooks/meta/care", Self.messenger(page: "111", mid: "m_old"), secret: "care-old").status == .ok)
            let forged = try await post(client, "/webhooks/meta/care", Self.messenger(page: "111", mid: "m_x"), secret: "care-older")
            #expect(forged.status == .unauthorized)
            let stored = try await store.inboxEvents(channel: ChannelKey(kind: .messenger, accountID: "111")).map(\.event.dedupeKey)
            #expect(Set(stored) == ["mid:m_new", "mid:m_old"])
        }
    }

    @Test func eachAppAnswersItsOwnVerificationHandshake() async throws {
        let server = try await TestServer.make(platforms: Self.platforms)
        try await server.makeApplication().test(.live) { client in
            let ok = try await client.execute(uri: "/webhooks/meta/care?hub.mode=subscribe&hub.verify_token=care-verify&hub.challenge=42", method: .get)
            #expect(ok.status == .ok)
            #expect(ok.text == "42")
            #expect(ok.headers[.contentType] == "text/plain")
            let otherToken = try await client.execute(uri: "/webhooks/meta/care?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42", method: .get)
            #expect(otherToken.status == .forbidden)
            // An app without a verify token cannot be subscribed: 403, never the challenge.
            let none = try await client.execute(uri: "/webhooks/meta/sales?hub.mode=subscribe&hub.verify_token=&hub.challenge=42", method: .get)
            #expect(none.status == .forbidden)
        }
    }

    @Test func unknownAppsAndPerAppPathsOfOtherPlatformsAreNotFound() async throws {
        let server = try await TestServer.make(platforms: Self.platforms)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let body = Self.messenger(page: "111", mid: "m_z")
            let unknown = try await post(client, "/webhooks/meta/nobody", body, secret: "care-new")
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("/webhooks/meta/care"))
            let line = try await post(client, "/webhooks/line/care", body, secret: "care-new")
            #expect(line.status == .notFound)
            #expect(try await store.inboxStatistics().pending == 0)
        }
    }
}

@Suite struct MetaAppConfigTests {
    @Test func appsAreReadWithTheirSecretsByReference() {
        let result = ConfigLoader.validate(yaml: """
            platforms:
              meta:
                apps:
                  - id: care
                    app_id: "1234567890"
                    webhook_secret: {env: CARE_APP_SECRET}
                    previous_webhook_secret: {env: CARE_APP_SECRET_OLD}
                    verify_token: {env: CARE_VERIFY}
            """)
        #expect(result.errors.isEmpty)
        #expect(result.warnings.isEmpty)
        #expect(result.config.platforms.meta.apps == [
            ParleyConfig.MetaApp(id: "care", appID: "1234567890", webhookSecret: .environment("CARE_APP_SECRET"),
                                 previousWebhookSecret: .environment("CARE_APP_SECRET_OLD"), verifyToken: .environment("CARE_VERIFY")),
        ])
    }

    @Test func badAppsAreErrorsThatNameTheirLines() {
        let result = ConfigLoader.validate(yaml: """
            platforms:
              meta:
                apps:
                  - {id: care, webhook_secret: {env: A}}
                  - {id: care, webhook_secret: {env: B}}
                  - {id: "a/b", webhook_secret: {env: C}}
                  - {id: nosecret}
              line:
                apps: []
            """)
        let errors = result.errors
        #expect(errors.contains { $0.line == 5 && $0.description.contains("another app already has id 'care'") })
        #expect(errors.contains { $0.line == 6 && $0.description.contains("cannot be a URL segment") })
        #expect(errors.contains { $0.line == 7 && $0.description.contains("platforms.meta.apps[3].webhook_secret: required") })
        // Only Meta and X have apps: elsewhere the key is unknown, and said so.
        #expect(result.warnings.contains { $0.description.contains("platforms.line.apps: unknown key") })
        #expect(result.config.platforms.meta.apps.map(\.id) == ["care"])
    }
}
