import App
import Crypto
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// `parley channel check` for X channels, live against the sandbox's X API.
@Suite struct XChannelCheckTests {
    static let account = SandboxServer.Accounts().xAccount

    func check(yaml: String, tokens: [String] = []) async throws -> [ChannelCheck.Finding] {
        let sandbox = SandboxServer(secrets: [:], parleyURL: nil)
        await sandbox.state.updateXTokens(tokens)
        return try await Application(router: sandbox.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let config = ConfigLoader.validate(yaml: yaml).config
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-xcheck-\(UUID().uuidString).sqlite").path
            let store = try SQLiteStore(path: path)
            _ = try await Provisioning.apply(config, to: store)
            let box = SecretBox(key: SymmetricKey(size: .bits256), environment: ["X_TOKEN": "x-user-token", "X_SECRET": "consumer"])
            return try await ChannelCheck.live(config: config, box: box, store: store,
                                               graphBaseOverride: "http://127.0.0.1:\(try #require(client.port))", channel: "acme-x")
        }
    }

    static func yaml(account: String = account, secret: Bool = true) -> String {
        """
        platforms:
          x: {\(secret ? "webhook_secret: {env: X_SECRET}" : "")}
        channels:
          - {id: acme-x, kind: x, account_id: "\(account)", access_token: {env: X_TOKEN}}
        """
    }

    @Test func aHealthyXChannelReadsItsAccountAndCanAnswerCRC() async throws {
        let findings = try await check(yaml: Self.yaml())
        #expect(findings.contains { $0.topic == "token" && $0.level == .ok && $0.text.contains("@acmesupport") }, "\(findings)")
        #expect(findings.contains { $0.topic == "webhook" && $0.level == .ok })
    }

    @Test func aRefusedTokenAnotherAccountAndNoConsumerSecretAreFailures() async throws {
        let refused = try await check(yaml: Self.yaml(), tokens: ["another-token"])
        #expect(refused.contains { $0.topic == "token" && $0.level == .failure && $0.text.contains("HTTP 401") }, "\(refused)")
        let other = try await check(yaml: Self.yaml(account: "42"))
        #expect(other.contains { $0.topic == "token" && $0.level == .failure && $0.text.contains("not 42") }, "\(other)")
        let noSecret = try await check(yaml: Self.yaml(secret: false))
        #expect(noSecret.contains { $0.topic == "webhook" && $0.level == .failure && $0.text.contains("CRC") }, "\(noSecret)")
    }
}
