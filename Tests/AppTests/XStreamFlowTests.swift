import App
import AsyncHTTPClient
import Connectors
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Storage
import Synchronization
import Testing

/// Keyword monitoring end to end against the sandbox's filtered stream (docs/connectors/x.md): Parley syncs its
/// rule (someone else's rule untouched, its own stale one deleted), reads the stream, and a tweet about the brand
/// becomes a routed public interaction; a stream cut mid-line or ended by an operational disconnect reconnects
/// without storing half a tweet or a tweet twice; a 429 TooManyConnections backs off from a minute (the sleep is
/// injected, so no minute passes).
@Suite(.serialized) struct XStreamFlowTests {
    static let config = """
        workgroups:
          - {id: support}
          - {id: billing}
        channels:
          - {id: acme-x, kind: x, account_id: "\(XSandboxWorld.account)", handle: acmesupport, workgroup: support, access_token: x-user-token,
             monitor: {keywords: [acme, "#acmehelp"], exclude: [jobs]}}
        """

    /// The waits Parley chose, with why.
    final class Backoffs: Sendable {
        let waits = Mutex<[(TimeInterval, String)]>([])
        var all: [(TimeInterval, String)] { waits.withLock { $0 } }
    }

    static func run(stallTimeout: TimeInterval = 5, before: @Sendable (any TestClientProtocol, String) async throws -> Void = { _, _ in },
                    _ body: @Sendable (XSandboxWorld, Backoffs) async throws -> Void) async throws {
        let state = SandboxState()
        let api = SandboxServer(state: state, secrets: [.x: XSandboxWorld.secret], parleyURL: nil)
        try await Application(router: api.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { apiClient in
            let apiPort = try #require(apiClient.port)
            try await MetaSandboxHarness.control(apiClient, .put, "/_sandbox/x/stream", #"""
                {"keep_alive":0.2,"app_bearers":["x-app-token"],
                 "rules":[{"value":"cats OR dogs","tag":"marketing"},{"value":"oldbrand -is:retweet","tag":"parley:gone-x"}]}
                """#)
            try await before(apiClient, "http://127.0.0.1:\(apiPort)")
            let backoffs = Backoffs()
            let server = try await TestServer.make(extraConfig: config,
                                                   platforms: "platforms:\n  x: {webhook_secret: \(XSandboxWorld.secret), bearer_token: x-app-token}") {
                $0.platformAPIOverride = "http://127.0.0.1:\(apiPort)"
                $0.xStream.stallTimeout = stallTimeout
                $0.xStream.random = { 0 }
                $0.xStream.sleep = { _ in try await Task.sleep(for: .milliseconds(100)) }
                $0.xStream.onBackoff = { wait, why in backoffs.waits.withLock { $0.append((wait, why)) } }
            }
            let store = server.store
            try await server.makeApplication().test(.live) { parley in
                await state.setParleyURL("http://127.0.0.1:\(try #require(parley.port))")
                let admin = try await Browser.signIn(parley)
                let ann = try await EngagementAutomationTests.makeAgentReady(parley, admin: admin)
                try await body(XSandboxWorld(sandbox: state, control: apiClient, parley: parley, store: store, ann: ann), backoffs)
            }
        }
    }

    /// Waits until `condition` holds on the sandbox's stream status (connections, rules).
    static func streamStatus(_ world: XSandboxWorld, until condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        var status: [String: Any] = [:]
        for _ in 0..<200 {
            status = try await world.control.execute(uri: "/_sandbox/x/stream", method: .get).json()
            if condition(status) { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
        return status
    }

    static func connected(_ world: XSandboxWorld, calls: Int) async throws -> Bool {
        for _ in 0..<200 {
            let opened = await world.calls("/2/tweets/search/stream").filter { $0.query != nil && $0.status == 200 }.count
            if opened >= calls, await world.sandbox.openXStreamCount() == 1 { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test func rulesAreSyncedAndAKeywordTweetBecomesARoutedPublicInteraction() async throws {
        try await Self.run { world, _ in
            let status = try await Self.streamStatus(world) { ($0["rules"] as? [[String: Any]] ?? []).contains { $0["tag"] as? String == "parley:acme-x" } }
            let rules = (status["rules"] as? [[String: Any]] ?? []).map { "\($0["tag"] as? String ?? ""): \($0["value"] as? String ?? "")" }
            #expect(rules.sorted() == ["marketing: cats OR dogs", "parley:acme-x: (acme OR #acmehelp) -jobs -is:retweet"],
                    "the stale Parley rule is deleted, someone else's is kept")
            #expect(try await Self.connected(world, calls: 1))
            let stream = try #require(await world.calls("/2/tweets/search/stream").first { $0.query != nil })
            #expect(stream.headers["authorization"] == "Bearer x-app-token")
            #expect(stream.query?.contains("expansions=author_id") == true && stream.query?.contains("referenced_tweets") == true)

            // A tweet that does not match (an exclusion) is not sent; one that matches becomes an interaction.
            try await world.control(.post, "/_sandbox/x/stream", #"{"text":"acme jobs: we are hiring"}"#)
            let published = try await world.control(.post, "/_sandbox/x/stream",
                                                    #"{"id":"1862000000000000501","text":"my acme router died 😡 #acmehelp","author_id":"\#(XSandboxWorld.customer)","username":"ann_c","name":"Ann C"}"#)
            #expect(try published.json()["connections"] as? Int == 1)
            let id = try await world.accept(thread: "tweet:1862000000000000501")
            let messages = try await world.messages(of: id) { !$0.isEmpty }
            #expect(messages.map(\.text) == ["my acme router died 😡 #acmehelp"])
            #expect(messages.first?.platformMessageID == "1862000000000000501" && messages.first?.direction == .inbound)

            // The same tweet by Account Activity (it mentions the account too) is stored once.
            try await world.mention("1862000000000000501", "my acme router died")
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await world.store.messages(of: .init(id), after: nil, limit: 50).count == 1)
        }
    }

    @Test func aStreamCutMidLineReconnectsAndTheTweetSentAgainIsStoredOnceWithoutGarbage() async throws {
        try await Self.run { world, backoffs in
            #expect(try await Self.connected(world, calls: 1))
            let tweet = #""id":"1862000000000000601","text":"acme broke my heart and my router","author_id":"\#(XSandboxWorld.customer)","username":"ann_c""#
            try await world.control(.post, "/_sandbox/x/stream", "{\(tweet),\"disconnect\":\"mid_line\"}")
            #expect(try await Self.connected(world, calls: 2), "Parley reconnects after the cut")
            #expect(backoffs.all.first?.0 == 1, "a network error backs off from a second")

            try await world.control(.post, "/_sandbox/x/stream", "{\(tweet),\"split\":true}")
            let id = try await world.accept(thread: "tweet:1862000000000000601")
            try await world.control(.post, "/_sandbox/x/stream", "{\(tweet)}")
            try await Task.sleep(for: .milliseconds(500))
            let messages = try await world.store.messages(of: .init(id), after: nil, limit: 50)
            #expect(messages.map(\.text) == ["acme broke my heart and my router"])

            // An operational disconnect: the tweet before it is kept, then Parley reconnects.
            try await world.control(.post, "/_sandbox/x/stream",
                                    #"{"id":"1862000000000000602","text":"acme again","author_id":"1850000000000000888","disconnect":"operational"}"#)
            #expect(try await Self.connected(world, calls: 3))
            #expect(backoffs.all.contains { $0.1.contains("operational-disconnect") })
            _ = try await world.accept(thread: "tweet:1862000000000000602")
        }
    }

    @Test func aStreamThatGoesQuietIsLeftAndReconnected() async throws {
        try await Self.run(stallTimeout: 0.6) { world, backoffs in
            #expect(try await Self.connected(world, calls: 1))
            // Not even a keep-alive for 2 s: Parley gives up on the connection after 0.6 s. X (the sandbox) notices
            // the connection is gone only when it next writes, so Parley's first retries may meet 429.
            try await world.control(.put, "/_sandbox/x/stream", #"{"silence":2}"#)
            #expect(try await Self.connected(world, calls: 2))
            #expect(backoffs.all.first?.1.contains("stalled") == true, "\(backoffs.all)")
            try await world.control(.post, "/_sandbox/x/stream",
                                    #"{"id":"1862000000000000701","text":"acme after the stall","author_id":"1850000000000000888"}"#)
            _ = try await world.accept(thread: "tweet:1862000000000000701")
        }
    }

    @Test func aRuleXRefusesIsShownOnTheChannelsHealthWithXsReason() async throws {
        try await Self.run(before: { client, _ in
            // Someone else's rule already has Parley's value: X keeps one rule per value and refuses the duplicate.
            try await MetaSandboxHarness.control(client, .put, "/_sandbox/x/stream",
                                                 #"{"rules":[{"value":"(acme OR #acmehelp) -jobs -is:retweet","tag":"marketing"}]}"#)
        }) { world, _ in
            let admin = try await Browser.signIn(world.parley)
            var failure: String?
            for _ in 0..<200 where failure == nil {
                let list = try await world.parley.execute(uri: "/api/v1/channels/health", method: .get, headers: admin.headers()).json()
                let channel = (list["channels"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "acme-x" }
                failure = (channel?["lastFailure"] as? [String: Any])?["reason"] as? String
                if failure == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(failure?.contains("DuplicateRule") == true && failure?.contains("(acme OR #acmehelp)") == true, "\(failure ?? "none")")
            // The stream is read all the same.
            #expect(try await Self.connected(world, calls: 1))
        }
    }

    @Test func aSecondConnectionIsRefusedWith429AndParleyBacksOffThenConnects() async throws {
        let holder = Mutex<Task<Void, Never>?>(nil)
        try await Self.run(before: { _, base in
            // Someone else holds the app's one connection when Parley starts.
            var request = HTTPClientRequest(url: base + "/2/tweets/search/stream")
            request.headers.add(name: "Authorization", value: "Bearer x-app-token")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            #expect(response.status == .ok)
            holder.withLock {
                $0 = Task {
                    do { for try await _ in response.body {} } catch {}
                }
            }
        }) { world, backoffs in
            for _ in 0..<100 where backoffs.all.count < 2 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(backoffs.all.first.map { $0.0 == 60 && $0.1.contains("429") } == true, "\(backoffs.all)")
            #expect(backoffs.all.dropFirst().first?.0 == 120, "429s double the wait")
            holder.withLock { $0?.cancel() }
            #expect(try await Self.connected(world, calls: 1))
            let statuses = await world.calls("/2/tweets/search/stream").filter { $0.query != nil }.map(\.status)
            #expect(statuses.first == 429 && statuses.last == 200)
        }
    }
}
