import App
import Crypto
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// `channels[].oauth` in parley.yml, and `parley channel check` on an OAuth X channel.
@Suite struct XOAuthConfigTests {
    @Test func anOAuthBlockIsReadWithItsSecretsByReference() throws {
        let result = ConfigLoader.validate(yaml: """
            channels:
              - id: acme-x
                kind: x
                account_id: "2244994945"
                oauth:
                  client_id: "M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ"
                  client_secret: {env: X_CLIENT_SECRET}
                  refresh_token: {env: X_REFRESH_TOKEN}
              - {id: public-x, kind: x, account_id: "3300000001", oauth: {client_id: app, refresh_token: {env: X_PUBLIC_REFRESH}}}
            """)
        #expect(result.errors.isEmpty, "\(result.diagnostics)")
        let oauth = try #require(result.config.channelXOAuth["acme-x"])
        #expect(oauth == XOAuthSettings(clientID: "M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ", clientSecret: .environment("X_CLIENT_SECRET"),
                                        refreshToken: .environment("X_REFRESH_TOKEN")))
        #expect(result.config.channelXOAuth["public-x"]?.clientSecret == nil)
        #expect(result.config.channelAccessTokens.isEmpty)
    }

    @Test func aMissingRefreshTokenBothCredentialsAndOAuthOnAnotherKindAreExplained() {
        let result = ConfigLoader.validate(yaml: """
            channels:
              - id: acme-x
                kind: x
                account_id: "2244994945"
                access_token: {env: X_USER_TOKEN}
                oauth:
                  client_id: app
              - {id: page, kind: facebook_page, account_id: "1", oauth: {client_id: app, refresh_token: {env: T}}}
            """)
        let lines = result.diagnostics.map { "\($0.line ?? 0) \($0.severity.rawValue) \($0.path)" }
        #expect(lines.contains("5 error channels[0].access_token"), "\(lines)")
        #expect(lines.contains("7 error channels[0].oauth.refresh_token"), "\(lines)")
        #expect(lines.contains("8 warning channels[1].oauth"), "\(lines)")
        #expect(result.diagnostics.contains { $0.message.contains("offline.access") })
        #expect(result.config.channelXOAuth.isEmpty)
    }

    /// The check reports the stored token's expiry, refreshes once (saying so) and stores the rotated pair, then reads
    /// the account with the new token; a refused refresh is a failure with what to do.
    @Test func theChannelCheckRefreshesStoresAndSaysSoOrExplainsARefusal() async throws {
        let state = SandboxState()
        await state.setXOAuth(clients: ["app": "app-secret"], refreshTokens: ["rt-first"])
        let sandbox = SandboxServer(state: state, secrets: [:], parleyURL: nil)
        try await Application(router: sandbox.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let config = ConfigLoader.validate(yaml: """
                platforms:
                  x: {webhook_secret: {env: X_SECRET}}
                channels:
                  - {id: acme-x, kind: x, account_id: "\(XChannelCheckTests.account)",
                     oauth: {client_id: app, client_secret: {env: X_CLIENT_SECRET}, refresh_token: {env: X_REFRESH}}}
                """).config
            let store = try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("parley-xoauth-check-\(UUID().uuidString).sqlite").path)
            _ = try await Provisioning.apply(config, to: store)
            let box = SecretBox(key: SymmetricKey(size: .bits256), environment: ["X_SECRET": "consumer", "X_CLIENT_SECRET": "app-secret", "X_REFRESH": "rt-first"])
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let first = try await ChannelCheck.live(config: config, box: box, store: store, graphBaseOverride: base, channel: "acme-x")
            #expect(first.contains { $0.topic == "oauth" && $0.text.contains("no token stored yet") }, "\(first)")
            #expect(first.contains { $0.topic == "oauth" && $0.level == .ok && $0.text.contains("refreshed now") && $0.text.contains("stored") }, "\(first)")
            #expect(first.contains { $0.topic == "token" && $0.level == .ok && $0.text.contains("@acmesupport") }, "\(first)")
            // The second check starts from the stored (rotated) token: the configured one is spent.
            let second = try await ChannelCheck.live(config: config, box: box, store: store, graphBaseOverride: base, channel: "acme-x")
            #expect(second.contains { $0.topic == "oauth" && $0.text.contains("stored access token expires in") }, "\(second)")
            #expect(second.contains { $0.topic == "oauth" && $0.level == .ok && $0.text.contains("refreshed now") }, "\(second)")
            #expect(!second.contains { $0.level == .failure }, "\(second)")
            // X forgets the lineage (the user revoked the app): the refusal says what to do.
            await state.setXOAuth(clients: ["app": "app-secret"], refreshTokens: [])
            let refused = try await ChannelCheck.live(config: config, box: box, store: store, graphBaseOverride: base, channel: "acme-x")
            #expect(refused.contains { $0.topic == "oauth" && $0.level == .failure && $0.text.contains("re-authorise the app (new refresh_token)")
                && $0.text.contains("invalid_request") }, "\(refused)")
        }
    }
}
