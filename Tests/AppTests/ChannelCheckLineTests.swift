import App
import Crypto
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// `parley channel check` for LINE channels, against the LINE sandbox: the token reads the channel's bot, LINE
/// delivers to the channel's endpoint and it is on, the channel secret can be read; each failure says what to fix.
@Suite struct ChannelCheckLineTests {
    static let bot = SandboxServer.Accounts().lineBot
    static let yaml = """
        channels:
          - {id: acme-line, kind: line, account_id: "\(bot)", access_token: {env: LINE_TOKEN}, channel_secret: {env: LINE_SECRET}}
          - {id: other-line, kind: line, account_id: "U99999999999999999999999999999999", access_token: {env: LINE_TOKEN}}
          - {id: no-secret, kind: line, account_id: "U88888888888888888888888888888888", access_token: {env: LINE_TOKEN}, channel_secret: {env: MISSING}}
        """

    func check(_ channel: String, sandbox port: Int) async throws -> [ChannelCheck.Finding] {
        let config = ConfigLoader.validate(yaml: Self.yaml).config
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-check-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await Provisioning.apply(config, to: store)
        let box = SecretBox(key: SymmetricKey(size: .bits256), environment: ["LINE_TOKEN": "line-token", "LINE_SECRET": "s3cret"])
        return try await ChannelCheck.live(config: config, box: box, store: store, graphBaseOverride: "http://127.0.0.1:\(port)", channel: channel)
    }

    func finding(_ findings: [ChannelCheck.Finding], _ level: ChannelCheck.Finding.Level, _ text: String) -> Bool {
        findings.contains { $0.level == level && $0.text.contains(text) }
    }

    @Test func aWorkingChannelAndWhatToFixWhenItIsNot() async throws {
        let sandbox = SandboxServer(secrets: [:], parleyURL: nil)
        try await Application(router: sandbox.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let port = try #require(client.port)
            // LINE still delivers to another URL.
            var findings = try await check("acme-line", sandbox: port)
            #expect(finding(findings, .ok, "reads the bot: Acme (sandbox) (\(Self.bot))"), "\(findings)")
            #expect(finding(findings, .ok, "deliveries go to /webhooks/line/acme-line"), "\(findings)")
            #expect(finding(findings, .failure, "not to Parley's /webhooks/line/acme-line"), "\(findings)")

            try await MetaSandboxHarness.control(client, .put, "/_sandbox/line/webhook", #"{"endpoint": "https://care.example.com/webhooks/line/acme-line"}"#)
            findings = try await check("acme-line", sandbox: port)
            #expect(!findings.contains { $0.level == .failure }, "\(findings)")
            #expect(finding(findings, .ok, "LINE delivers to https://care.example.com/webhooks/line/acme-line"))

            try await MetaSandboxHarness.control(client, .put, "/_sandbox/line/webhook", #"{"endpoint": "https://care.example.com/webhooks/line/acme-line", "active": false}"#)
            #expect(finding(try await check("acme-line", sandbox: port), .failure, "\"Use webhook\" is off"))

            // Another bot's token, a missing secret, a revoked token.
            let other = try await check("other-line", sandbox: port)
            #expect(finding(other, .failure, "set channels[].account_id to \(Self.bot)"), "\(other)")
            #expect(finding(other, .failure, "no channel_secret"), "\(other)")
            #expect(finding(try await check("no-secret", sandbox: port), .failure, "cannot read channels[].channel_secret"))
            try await MetaSandboxHarness.control(client, .put, "/_sandbox/line/tokens", #"{"invalid": ["line-token"]}"#)
            #expect(finding(try await check("acme-line", sandbox: port), .failure, "LINE refused the channel access token"))
        }
    }
}
