import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Storage
import Testing

/// Parley end to end against the Meta sandbox: the sandbox generates Meta's signed webhooks, Parley stores and
/// routes them, an agent answers, and the sandbox judges and records the Graph call. One sandbox state sits
/// behind two sandbox servers: the Graph API Parley is pointed at (its address is needed before Parley is
/// built), and the control side that sends Parley its traffic (Parley's address is known once it listens).
struct MetaSurfaceWorld: Sendable {
    static let page = "103149398319188"
    static let instagram = "17841405309211844"
    static let number = "106540352242922"
    static let channels = """
        workgroups:
          - {id: support}
          - {id: billing}
        channels:
          - {id: page, kind: facebook_page, account_id: "\(page)", workgroup: support, access_token: page-token}
          - {id: dm, kind: messenger, account_id: "\(page)", workgroup: support, access_token: page-token}
          - {id: ig, kind: instagram, account_id: "\(instagram)", workgroup: support, access_token: ig-token}
          - {id: wa, kind: whatsapp, account_id: "\(number)", workgroup: support, access_token: wa-token}
        """

    let sandbox: SandboxState
    let control: any TestClientProtocol
    let parley: any TestClientProtocol
    let store: any ParleyStore
    let admin: Browser
    let ann: Browser

    static func run(clock: any WallClock = SystemClock(), configure: @escaping @Sendable (inout ServeOptions) -> Void = { _ in },
                    _ body: @Sendable (MetaSurfaceWorld) async throws -> Void) async throws {
        let state = SandboxState()
        let graph = SandboxServer(state: state, secrets: [.meta: TestServer.secret], parleyURL: nil)
        try await Application(router: graph.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { graphClient in
            let graphPort = try #require(graphClient.port)
            let server = try await TestServer.make(extraConfig: channels, clock: clock) {
                $0.platformAPIOverride = "http://127.0.0.1:\(graphPort)"
                configure(&$0)
            }
            let store = server.store
            try await server.makeApplication().test(.live) { parley in
                let parleyPort = try #require(parley.port)
                let control = SandboxServer(state: state, secrets: [.meta: TestServer.secret], parleyURL: "http://127.0.0.1:\(parleyPort)")
                let app = Application(router: control.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
                try await app.test(.live) { controlClient in
                    let admin = try await Browser.signIn(parley)
                    let ann = try await EngagementAutomationTests.makeAgentReady(parley, admin: admin)
                    try await body(MetaSurfaceWorld(sandbox: state, control: controlClient, parley: parley, store: store, admin: admin, ann: ann))
                }
            }
        }
    }

    /// Generated webhooks (`{"source": …}` or `{"scenario": …}`), each of which Parley must accept.
    @discardableResult
    func traffic(_ command: String) async throws -> MetaJSON {
        let response = try await control(.post, "/_sandbox/traffic", command)
        let result = MetaJSON(response)
        #expect(result["statuses"]["200"].int == result["delivered"].int, "\(response.text)")
        return result
    }

    /// A control call to the sandbox, which must succeed.
    @discardableResult
    func control(_ method: HTTPRequest.Method, _ path: String, _ json: String) async throws -> TestResponse {
        try await MetaSandboxHarness.control(control, method, path, json)
    }

    /// The interaction Ann holds on `channel` whose thread key starts with `thread`. Everything offered to her
    /// meanwhile is accepted: routing offers one interaction at a time, in its own order.
    func accept(channel: String, thread: String = "") async throws -> String {
        for _ in 0..<200 {
            let list = try await parley.execute(uri: "/api/v1/interactions", method: .get, headers: ann.headers()).json()
            let interactions = list["interactions"] as? [[String: Any]] ?? []
            for offered in interactions where offered["state"] as? String == "offered" {
                let id = offered["id"] as? String ?? ""
                let accepted = try await parley.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers())
                #expect(accepted.status == .ok, "\(accepted.text)")
            }
            let held = interactions.first {
                $0["state"] as? String != "offered" && $0["channelId"] as? String == channel && ($0["threadKey"] as? String ?? "").hasPrefix(thread)
            }
            if let id = held?["id"] as? String { return id }
            try await Task.sleep(for: .milliseconds(50))
        }
        let all = try await parley.execute(uri: "/api/v1/interactions", method: .get, headers: admin.headers()).text
        Issue.record("nothing on \(channel) (\(thread)) reached Ann; open interactions: \(all)")
        // Not CancellationError: thrown out of the servers' test closures, that one left a failed run hanging.
        throw NothingOffered(channel: channel)
    }

    func reply(_ interaction: String, _ text: String, visibility: String? = nil, as agent: Browser? = nil) async throws -> TestResponse {
        let visible = visibility.map { #","visibility":"\#($0)""# } ?? ""
        return try await parley.execute(uri: "/api/v1/interactions/\(interaction)/messages", method: .post, headers: (agent ?? ann).headers(json: true),
                                        body: ByteBuffer(string: #"{"text":"\#(text)"\#(visible)}"#))
    }

    /// Replies and waits until the outbox has settled the message (sent or failed).
    func replied(_ interaction: String, _ text: String, visibility: String? = nil, as agent: Browser? = nil) async throws -> Message {
        let response = try await reply(interaction, text, visibility: visibility, as: agent)
        #expect(response.status == .created, "\(response.text)")
        return try await settled(Message.ID(try #require(try response.json()["id"] as? String)))
    }

    func settled(_ id: Message.ID) async throws -> Message {
        var message = try await store.message(id)
        for _ in 0..<200 where ![.sent, .failed].contains(message?.deliveryStatus) {
            try await Task.sleep(for: .milliseconds(50))
            message = try await store.message(id)
        }
        return try #require(message)
    }

    /// The interaction's messages once `condition` holds on them (Parley processes deliveries asynchronously).
    func messages(of interaction: String, until condition: ([Message]) -> Bool) async throws -> [Message] {
        var messages: [Message] = []
        for _ in 0..<200 {
            messages = try await store.messages(of: .init(interaction), after: nil, limit: 200)
            if condition(messages) { return messages }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the interaction's messages never matched: \(messages.map { ($0.direction, $0.text) })")
        return messages
    }

    /// The Graph calls Parley made (the sandbox's own media downloads and control calls are not among them).
    func calls(_ method: String = "POST", path: String) async -> [SandboxState.RecordedCall] {
        await sandbox.recordedCalls().filter { $0.method == method && $0.path == path }
    }

    static func body(_ call: SandboxState.RecordedCall?) -> MetaJSON { MetaJSON(Data((call?.body ?? "").utf8)) }
}

/// The interaction a test waited for never reached the agent.
struct NothingOffered: Error {
    var channel: String
}
