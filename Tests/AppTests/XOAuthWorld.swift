import App
import Connectors
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Storage
import Testing

/// Parley with an X channel whose user token it refreshes (`oauth:`), against the sandbox playing X's OAuth 2.0.
/// Parley and the sandbox read one manual clock (the sandbox can be moved further on its own, to expire tokens
/// behind Parley's back); the data directory outlives one Parley, so a test can restart it on the same database.
struct XOAuthWorld {
    static let account = SandboxServer.Accounts().xAccount
    static let customer = "1850000000000000777"
    static let secret = "x-consumer-secret"
    static let client = "parley-client"
    static let clientSecret = "client-secret"
    static let configured = "rt-configured"
    static let config = """
        workgroups:
          - {id: support}
          - {id: billing}
        channels:
          - id: acme-x
            kind: x
            account_id: "\(account)"
            handle: "@acmesupport"
            workgroup: support
            oauth: {client_id: \(client), client_secret: \(clientSecret), refresh_token: \(configured)}
        """
    static let key = ChannelKey(kind: .x, accountID: account)

    let store: any ParleyStore
    let outbox: OutboxWorker
    /// `ParleyServer.tokenRefreshes`: refreshes now what is due.
    let refreshes: @Sendable () async -> Void
    let sandbox: SandboxState
    /// The sandbox's own HTTP client (its control endpoints).
    let control: any TestClientProtocol
    let parley: any TestClientProtocol
    let clock: ManualClock
    let directory: String
    let admin: Browser

    /// A sandbox playing X's OAuth with the configured refresh token valid (unless `refreshTokens` says otherwise),
    /// and a Parley on `directory`; `body` runs with both live. Call again with the same directory and clock to restart.
    static func run(directory: String = newDirectory(), clock: ManualClock = ManualClock(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded())), state: SandboxState? = nil,
                    refreshTokens: [String] = [configured], expiresIn: TimeInterval = 7200,
                    _ body: @Sendable (XOAuthWorld) async throws -> Void) async throws {
        let sandbox: SandboxState
        if let state {
            sandbox = state
        } else {
            sandbox = SandboxState(now: { clock.now() })
            await sandbox.setXOAuth(clients: [client: clientSecret], refreshTokens: refreshTokens, expiresIn: expiresIn)
        }
        let api = SandboxServer(state: sandbox, secrets: [.x: secret], parleyURL: nil)
        try await Application(router: api.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { apiClient in
            let apiPort = try #require(apiClient.port)
            let server = try await TestServer.make(extraConfig: config, platforms: "platforms:\n  x: {webhook_secret: \(secret)}", clock: clock) {
                $0.platformAPIOverride = "http://127.0.0.1:\(apiPort)"
                $0.dataDirectory = directory
            }
            let (store, outbox, refreshes) = (server.store, server.outbox, server.tokenRefreshes)
            try await server.makeApplication().test(.live) { parley in
                await sandbox.setParleyURL("http://127.0.0.1:\(try #require(parley.port))")
                let admin = try await Browser.signIn(parley)
                try await body(XOAuthWorld(store: store, outbox: outbox, refreshes: refreshes, sandbox: sandbox, control: apiClient, parley: parley, clock: clock, directory: directory, admin: admin))
            }
        }
    }

    static func newDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("parley-xoauth-\(UUID().uuidString)").path
    }

    /// The tokens Parley stored, opened with this data directory's instance key.
    func stored() async throws -> ChannelTokens? {
        let box = SecretBox(key: try SecretBox.instanceKey(dataDirectory: directory, environment: [:]), environment: [:])
        return try await store.channelTokens(Self.key, sealer: box)
    }

    /// What the table's columns hold, as they are.
    func storedRaw() async throws -> ChannelTokens? {
        struct Raw: SecretSealer {
            func seal(_ secret: String) throws -> String { secret }
            func unseal(_ sealed: String) throws -> String { sealed }
        }
        return try await store.channelTokens(Self.key, sealer: Raw())
    }

    func tokenCalls() async -> [SandboxState.RecordedCall] {
        await sandbox.recordedCalls().filter { $0.path == "/2/oauth2/token" }
    }

    func calls(_ prefix: String) async -> [SandboxState.RecordedCall] {
        await sandbox.recordedCalls().filter { $0.path.hasPrefix(prefix) }
    }

    /// A signed mention of the account, accepted by Ann (a ready agent, created on first use).
    func mentionAccepted(_ id: String, _ text: String, ann: Browser) async throws -> String {
        let millis = Int(clock.now().timeIntervalSince1970 * 1000)
        let body = #"{"for_user_id":"\#(Self.account)","tweet_create_events":[{"id_str":"\#(id)","text":"\#(text)","user":{"id_str":"\#(Self.customer)","screen_name":"ann_c","name":"Ann C"},"entities":{"user_mentions":[{"id_str":"\#(Self.account)"}]},"timestamp_ms":"\#(millis)"}]}"#
        let headers: HTTPFields = [.init("x-twitter-webhooks-signature")!: WebhookSignature.of(.x).sign(Data(body.utf8), secret: Self.secret)]
        let delivered = try await parley.execute(uri: "/webhooks/x", method: .post, headers: headers, body: ByteBuffer(string: body))
        #expect(delivered.status == .ok, "\(delivered.text)")
        for _ in 0..<200 {
            let list = try await parley.execute(uri: "/api/v1/interactions", method: .get, headers: ann.headers()).json()
            let interactions = list["interactions"] as? [[String: Any]] ?? []
            for offered in interactions where offered["state"] as? String == "offered" {
                _ = try await parley.execute(uri: "/api/v1/interactions/\(offered["id"] as? String ?? "")/accept", method: .post, headers: ann.headers())
            }
            if let held = interactions.first(where: { $0["state"] as? String != "offered" && $0["threadKey"] as? String == "tweet:\(id)" }),
                let interaction = held["id"] as? String { return interaction }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw NothingOffered(channel: "acme-x")
    }

    /// Ann's public reply; answers the stored message's id.
    func reply(_ interaction: String, _ text: String, ann: Browser) async throws -> Message.ID {
        let response = try await parley.execute(uri: "/api/v1/interactions/\(interaction)/messages", method: .post, headers: ann.headers(json: true),
                                                body: ByteBuffer(string: #"{"text":"\#(text)"}"#))
        #expect(response.status == .created, "\(response.text)")
        return .init(try #require(try response.json()["id"] as? String))
    }

    /// The message once the outbox settled it, moving Parley's clock `step` seconds each round so retries come due.
    func settled(_ id: Message.ID, step: TimeInterval = 0, rounds: Int = 200) async throws -> Message {
        var message = try await store.message(id)
        for _ in 0..<rounds where ![.sent, .failed].contains(message?.deliveryStatus) {
            clock.advance(by: step)
            outbox.wake()
            try await Task.sleep(for: .milliseconds(50))
            message = try await store.message(id)
        }
        return try #require(message)
    }

    func health() async throws -> [String: Any] {
        let list = try await parley.execute(uri: "/api/v1/channels/health", method: .get, headers: admin.headers()).json()
        return (list["channels"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "acme-x" } ?? [:]
    }

    static func form(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            fields[parts[0]] = parts.count > 1 ? parts[1].removingPercentEncoding : ""
        }
        return fields
    }
}
