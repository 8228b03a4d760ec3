import App
import Crypto
import Hummingbird
import HummingbirdTesting
import Sandbox
import Domain
import Foundation
import Storage
import Testing

/// `parley channel check`: each finding from what the platform answers, with what to fix.
@Suite struct ChannelCheckTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let yaml = """
        platforms:
          meta:
            app_id: "555"
            webhook_secret: {env: APP_SECRET}
        channels:
          - {id: fb, kind: messenger, account_id: "103149398319188", access_token: {env: PAGE_TOKEN}}
          - {id: wa, kind: whatsapp, account_id: "106540352242922"}
        """

    /// A Graph API stand-in: answers by path prefix, records what was asked.
    final class FakeGraph: Sendable {
        let answers: [String: (Int, String)]
        init(_ answers: [String: (Int, String)]) { self.answers = answers }

        var fetch: ChannelCheck.Fetch {
            { url, _ in
                let path = String(url.dropFirst("https://graph.test".count))
                guard let match = self.answers.keys.filter({ path.hasPrefix($0) }).max(by: { $0.count < $1.count }),
                    let answer = self.answers[match] else { return (404, Data(#"{"error":{"message":"unknown path","code":803}}"#.utf8)) }
                return (answer.0, Data(answer.1.utf8))
            }
        }
    }

    static let healthy: [String: (Int, String)] = [
        "/103149398319188?": (200, #"{"id":"103149398319188","name":"Acme Care"}"#),
        "/debug_token": (200, #"{"data":{"is_valid":true,"expires_at":0,"scopes":["pages_messaging","pages_manage_metadata","pages_show_list"]}}"#),
        "/555/subscriptions": (200, #"{"data":[{"object":"page","callback_url":"https://care.example.com/webhooks/meta","active":true,"fields":[{"name":"messages"},{"name":"message_echoes"},{"name":"messaging_postbacks"},{"name":"message_deliveries"},{"name":"message_reads"}]}]}"#),
    ]

    func check(_ channel: String, graph: [String: (Int, String)], delivered: Date? = nil) async throws -> [ChannelCheck.Finding] {
        let config = try #require(ConfigLoader.validate(yaml: Self.yaml).config as ParleyConfig?)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-check-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await Provisioning.apply(config, to: store)
        if let delivered {
            _ = try await store.commit([InboundDelivery(source: .meta, receivedAt: delivered, body: Data("{}".utf8), content: .events([
                InboxEvent(channel: ChannelKey(kind: .messenger, accountID: "103149398319188"), dedupeKey: "mid:1", category: .message, occurredAt: delivered),
            ]))])
        }
        let box = SecretBox(key: SymmetricKey(size: .bits256), environment: ["APP_SECRET": "s3cret", "PAGE_TOKEN": "EAAG-page"])
        return try await ChannelCheck(config: config, box: box, store: store, graphBaseOverride: "https://graph.test",
                                      fetch: FakeGraph(graph).fetch, now: Self.now).run(channel: channel)
    }

    func levels(_ findings: [ChannelCheck.Finding]) -> [String: ChannelCheck.Finding.Level] {
        Dictionary(findings.map { ($0.topic, $0.level) }, uniquingKeysWith: { a, b in a == .failure || b == .failure ? .failure : a == .warning ? a : b })
    }

    @Test func aHealthyMessengerChannelPassesEveryCheck() async throws {
        let findings = try await check("fb", graph: Self.healthy, delivered: Self.now - 300)
        #expect(findings.allSatisfy { $0.level == .ok }, "\(findings)")
        #expect(findings.contains { $0.text.contains("Acme Care") })
        #expect(findings.contains { $0.topic == "deliveries" && $0.text.contains("5 min ago") })
    }

    @Test func anExpiredTokenFailsAndSaysToRenewIt() async throws {
        var graph = Self.healthy
        graph["/103149398319188?"] = (400, #"{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463}}"#)
        let findings = try await check("fb", graph: graph)
        let token = try #require(findings.first { $0.topic == "token" && $0.level == .failure })
        #expect(token.text.contains("expired or was revoked"))
        #expect(token.text.contains("code 190"))
        #expect(levels(findings)["deliveries"] == .warning, "nothing delivered yet")
    }

    @Test func expiryPermissionsAndSubscriptionProblemsAreNamed() async throws {
        var graph = Self.healthy
        graph["/debug_token"] = (200, #"{"data":{"is_valid":true,"expires_at":\#(Int(Self.now.timeIntervalSince1970) + 2 * 86400),"scopes":["pages_manage_metadata"]}}"#)
        graph["/555/subscriptions"] = (200, #"{"data":[{"object":"page","callback_url":"https://old.example.com/hook","active":false,"fields":[{"name":"messages"}]}]}"#)
        let findings = try await check("fb", graph: graph, delivered: Self.now - 3 * 86400)
        #expect(findings.contains { $0.level == .warning && $0.text.contains("expires in 48 h") })
        #expect(findings.contains { $0.level == .failure && $0.text.contains("missing pages_messaging") })
        #expect(findings.contains { $0.level == .failure && $0.text.contains("inactive") })
        #expect(findings.contains { $0.level == .failure && $0.text.contains("lacks message_echoes") })
        #expect(findings.contains { $0.level == .warning && $0.text.contains("not to Parley's /webhooks/meta") })
        #expect(findings.contains { $0.topic == "deliveries" && $0.level == .warning && $0.text.contains("3 days ago") })
    }

    @Test func aChannelWithoutATokenOrUnknownIsAFailure() async throws {
        let wa = try await check("wa", graph: Self.healthy)
        #expect(wa.contains { $0.topic == "token" && $0.level == .failure && $0.text.contains("none configured") })
        let unknown = try await check("nope", graph: Self.healthy)
        #expect(unknown.count == 1)
        #expect(unknown.first?.text.contains("no channel 'nope'; configured: fb, wa") == true)
    }

    @Test func aSilentGraphIsReportedNotHung() async throws {
        let config = ConfigLoader.validate(yaml: Self.yaml).config
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-check-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await Provisioning.apply(config, to: store)
        let box = SecretBox(key: SymmetricKey(size: .bits256), environment: ["APP_SECRET": "s", "PAGE_TOKEN": "t"])
        let findings = try await ChannelCheck(config: config, box: box, store: store, graphBaseOverride: "https://graph.test",
                                              fetch: { _, _ in nil }, now: Self.now).run(channel: "fb")
        #expect(findings.contains { $0.level == .failure && $0.text.contains("did not answer") })
    }
}

/// The channel check against the Meta sandbox's Graph API: what a real app would answer.
@Suite struct ChannelCheckSandboxTests {
    @Test func theSandboxesAccountsPassAndAnExpiredTokenFails() async throws {
        let sandbox = SandboxServer(secrets: [:], parleyURL: "https://care.example.com")
        try await Application(router: sandbox.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let port = try #require(client.port)
            let config = ConfigLoader.validate(yaml: """
                platforms:
                  meta: {app_id: "\(sandbox.accounts.metaApp)", webhook_secret: {env: APP_SECRET}}
                channels:
                  - {id: ig, kind: instagram, account_id: "\(sandbox.accounts.instagramAccount)", access_token: {env: IG_TOKEN}}
                  - {id: wa, kind: whatsapp, account_id: "\(sandbox.accounts.whatsappNumber)", access_token: {env: WA_TOKEN}}
                """).config
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-check-\(UUID().uuidString).sqlite").path
            let store = try SQLiteStore(path: path)
            _ = try await Provisioning.apply(config, to: store)
            let box = SecretBox(key: SymmetricKey(size: .bits256), environment: ["APP_SECRET": "s", "IG_TOKEN": "ig-ok", "WA_TOKEN": "wa-old"])
            let marked = try await client.execute(uri: "/_sandbox/meta/tokens", method: .put, headers: [.contentType: "application/json"],
                                                  body: ByteBuffer(string: #"{"expired": ["wa-old"]}"#))
            #expect(marked.status.code < 300)
            func check(_ channel: String) async throws -> [ChannelCheck.Finding] {
                try await ChannelCheck.live(config: config, box: box, store: store, graphBaseOverride: "http://127.0.0.1:\(port)", channel: channel)
            }
            let ig = try await check("ig")
            #expect(ig.filter { $0.topic != "deliveries" }.allSatisfy { $0.level == .ok }, "\(ig)")
            #expect(ig.contains { $0.text.contains("'instagram' subscription active") && $0.text.contains("https://care.example.com/webhooks/meta") })
            let wa = try await check("wa")
            #expect(wa.contains { $0.topic == "token" && $0.level == .failure && $0.text.contains("expired or was revoked") }, "\(wa)")
        }
    }
}
