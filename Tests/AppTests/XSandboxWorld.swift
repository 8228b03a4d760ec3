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

/// Parley with an X channel whose API calls go to the sandbox, and the sandbox delivering X's Account Activity
/// (echoes of Parley's own tweets and DMs, deletions, CRC checks) back to Parley, both signed with one consumer
/// secret. Ann is a ready agent in the channel's workgroup.
struct XSandboxWorld {
    static let account = SandboxServer.Accounts().xAccount
    static let customer = "1850000000000000777"
    static let secret = "x-consumer-secret"
    static let config = """
        workgroups:
          - {id: support}
          - {id: billing}
        channels:
          - {id: acme-x, kind: x, account_id: "\(account)", handle: "@acmesupport", workgroup: support, access_token: x-user-token}
        """

    let sandbox: SandboxState
    let control: any TestClientProtocol
    let parley: any TestClientProtocol
    let store: any ParleyStore
    let ann: Browser

    static func run(_ body: @Sendable (XSandboxWorld) async throws -> Void) async throws {
        let state = SandboxState()
        let api = SandboxServer(state: state, secrets: [.x: secret], parleyURL: nil)
        try await Application(router: api.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { apiClient in
            let apiPort = try #require(apiClient.port)
            let server = try await TestServer.make(extraConfig: config, platforms: "platforms:\n  x: {webhook_secret: \(secret)}") {
                $0.platformAPIOverride = "http://127.0.0.1:\(apiPort)"
            }
            let store = server.store
            try await server.makeApplication().test(.live) { parley in
                await state.setParleyURL("http://127.0.0.1:\(try #require(parley.port))")
                let admin = try await Browser.signIn(parley)
                let ann = try await EngagementAutomationTests.makeAgentReady(parley, admin: admin)
                try await body(XSandboxWorld(sandbox: state, control: apiClient, parley: parley, store: store, ann: ann))
            }
        }
    }

    /// A signed Account Activity delivery, as X would send it.
    func deliver(_ body: String) async throws {
        let headers: HTTPFields = [.init("x-twitter-webhooks-signature")!: WebhookSignature.of(.x).sign(Data(body.utf8), secret: Self.secret)]
        let response = try await parley.execute(uri: "/webhooks/x", method: .post, headers: headers, body: ByteBuffer(string: body))
        #expect(response.status == .ok, "\(response.text)")
    }

    func mention(_ id: String, _ text: String) async throws {
        let millis = Int(Date().timeIntervalSince1970 * 1000)
        try await deliver(#"{"for_user_id":"\#(Self.account)","tweet_create_events":[{"id_str":"\#(id)","text":"\#(text)","user":{"id_str":"\#(Self.customer)","screen_name":"ann_c","name":"Ann C"},"entities":{"user_mentions":[{"id_str":"\#(Self.account)"}]},"timestamp_ms":"\#(millis)"}]}"#)
    }

    func directMessage(_ id: String, _ text: String) async throws {
        let millis = Int(Date().timeIntervalSince1970 * 1000)
        try await deliver(#"{"for_user_id":"\#(Self.account)","direct_message_events":[{"type":"message_create","id":"\#(id)","created_timestamp":"\#(millis)","message_create":{"target":{"recipient_id":"\#(Self.account)"},"sender_id":"\#(Self.customer)","message_data":{"text":"\#(text)"}}}]}"#)
    }

    func follow() async throws {
        let millis = Int(Date().timeIntervalSince1970 * 1000)
        try await deliver(#"{"for_user_id":"\#(Self.account)","follow_events":[{"type":"follow","created_timestamp":"\#(millis)","target":{"id":"\#(Self.account)"},"source":{"id":"\#(Self.customer)"}}]}"#)
    }

    /// A control call to the sandbox, which must succeed.
    @discardableResult
    func control(_ method: HTTPRequest.Method, _ path: String, _ json: String) async throws -> TestResponse {
        try await MetaSandboxHarness.control(control, method, path, json)
    }

    /// Accepts what is offered to Ann until she holds an interaction whose thread key starts with `thread`.
    func accept(thread: String) async throws -> String {
        for _ in 0..<200 {
            let list = try await parley.execute(uri: "/api/v1/interactions", method: .get, headers: ann.headers()).json()
            let interactions = list["interactions"] as? [[String: Any]] ?? []
            for offered in interactions where offered["state"] as? String == "offered" {
                _ = try await parley.execute(uri: "/api/v1/interactions/\(offered["id"] as? String ?? "")/accept", method: .post, headers: ann.headers())
            }
            if let held = interactions.first(where: { $0["state"] as? String != "offered" && ($0["threadKey"] as? String ?? "").hasPrefix(thread) }),
                let id = held["id"] as? String { return id }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw NothingOffered(channel: "acme-x")
    }

    func reply(_ interaction: String, _ text: String, visibility: String? = nil) async throws -> TestResponse {
        let visible = visibility.map { #","visibility":"\#($0)""# } ?? ""
        return try await parley.execute(uri: "/api/v1/interactions/\(interaction)/messages", method: .post, headers: ann.headers(json: true),
                                        body: ByteBuffer(string: #"{"text":"\#(text)"\#(visible)}"#))
    }

    /// The message once the outbox settled it (sent or failed), within `seconds`.
    func settled(_ id: Message.ID, seconds: Int = 10) async throws -> Message {
        var message = try await store.message(id)
        for _ in 0..<(seconds * 20) where ![.sent, .failed].contains(message?.deliveryStatus) {
            try await Task.sleep(for: .milliseconds(50))
            message = try await store.message(id)
        }
        return try #require(message)
    }

    /// The interaction's messages once `condition` holds on them.
    func messages(of interaction: String, until condition: ([Message]) -> Bool) async throws -> [Message] {
        var messages: [Message] = []
        for _ in 0..<200 {
            messages = try await store.messages(of: .init(interaction), after: nil, limit: 200)
            if condition(messages) { return messages }
            try await Task.sleep(for: .milliseconds(50))
        }
        return messages
    }

    /// The sandbox's recorded calls to `path` prefixes.
    func calls(_ prefix: String) async -> [SandboxState.RecordedCall] {
        await sandbox.recordedCalls().filter { $0.path.hasPrefix(prefix) }
    }
}
