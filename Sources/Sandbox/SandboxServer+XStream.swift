import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// X's filtered stream (platforms.md §5.5): `GET /2/tweets/search/stream` as a long chunked response, one JSON
/// object per line ending `\r\n` and keep-alive `\r\n` between them, and its controls:
/// - `POST /_sandbox/x/stream` — `{"text", "author_id", "username", "name", "id", "in_reply_to", "retweet",
///   "split": true, "disconnect": "operational" | "mid_line"}`: publishes a tweet to the open connections when it
///   matches a rule; answers `{"id", "matching_rules", "connections"}`.
/// - `PUT /_sandbox/x/stream` — `{"keep_alive": 0.2, "silence": 3, "app_bearers": ["…"], "rules": [{"value", "tag"}]}`:
///   the keep-alive interval in seconds (new connections), silence on the open ones for a while (a stall), the
///   app-only tokens accepted (empty: any), and rules of someone else on the same app. `GET /_sandbox/x/stream` — `{"connections", "rules": [{"id", "value", "tag"}]}`.
extension SandboxServer {
    struct XStreamPublish: Decodable, Sendable {
        var text: String
        var id: String?
        var author_id: String?
        var username: String?
        var name: String?
        var in_reply_to: String?
        var conversation_id: String?
        var retweet: Bool?
        var split: Bool?
        var disconnect: String?
    }

    struct XStreamPublished: Encodable, Sendable {
        var id: String
        var matching_rules: [String]
        var connections: Int
    }

    struct XStreamSettings: Decodable, Sendable {
        struct Rule: Decodable, Sendable {
            var value: String
            var tag: String?
        }

        var keep_alive: Double?
        /// The open connections send nothing, not even keep-alives, for this many seconds.
        var silence: Double?
        var app_bearers: [String]?
        var rules: [Rule]?
    }

    struct XStreamStatus: Encodable {
        struct Rule: Encodable {
            var id: String
            var value: String
            var tag: String?
        }

        var connections: Int
        var rules: [Rule]
    }

    /// Until when a connection sends no keep-alive (`silence`).
    final class QuietUntil: Sendable {
        let until = Mutex(ContinuousClock.now)
    }

    /// The stream was cut on purpose (`disconnect: mid_line`): ends the response without its last chunk.
    struct StreamCut: Error {}

    static let streamPath = "/2/tweets/search/stream"

    /// `GET /2/tweets/search/stream`, from the platform-call route: a route of its own would shadow the `**`
    /// routes of every other `/2/...` path in the router's tree.
    func xStream(_ request: Request) async -> Response {
        let state = self.state
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let call = SandboxState.Call(method: "GET", path: request.uri.path, query: request.uri.query, headers: headers, body: "",
                                     sandboxURL: Self.ownURL(request), accounts: accounts, parleyURL: parleyURL)
        switch await state.openXStream(call) {
        case .refused(let status, let body):
            return Response(status: .init(code: status), headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        case .opened(let id, let frames, let keepAlive):
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody { writer in
                                do {
                                    try await Self.write(frames, keepAlive: keepAlive, to: &writer)
                                } catch {
                                    await state.closeXStream(id)
                                    throw error
                                }
                                await state.closeXStream(id)
                                try await writer.finish(nil)
                            })
        }
    }

    func addXStream(to router: Router<BasicRequestContext>) {
        let state = self.state
        router.post("_sandbox/x/stream") { request, context -> Response in
            try jsonResponse(await state.publishXStreamTweet(try await request.decode(as: XStreamPublish.self, context: context)))
        }
        router.put("_sandbox/x/stream") { request, context -> Response in
            let command = try await request.decode(as: XStreamSettings.self, context: context)
            let ids: [String]
            if let seconds = command.silence { _ = await state.silenceXStreams(for: seconds) }
            do {
                ids = try await state.configureXStream(command)
            } catch let error as XRuleSyntaxError {
                throw HTTPError(.badRequest, message: error.description)
            }
            return try jsonResponse(["rule_ids": ids])
        }
        router.get("_sandbox/x/stream") { _, _ -> Response in
            let rules = await state.xStreamRules().map { XStreamStatus.Rule(id: $0.id, value: $0.value, tag: $0.tag) }
            return try jsonResponse(XStreamStatus(connections: await state.openXStreamCount(), rules: rules))
        }
    }

    /// Writes frames as they are published, and a keep-alive `\r\n` whenever `keepAlive` seconds pass without one.
    /// A write to a connection the client closed throws, which ends it.
    private static func write(_ frames: AsyncStream<XStreamFrame>, keepAlive: TimeInterval,
                              to writer: inout any ResponseBodyWriter) async throws {
        let (ticks, tick) = AsyncStream.makeStream(of: XStreamFrame.self)
        let quiet = QuietUntil()
        let beat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int64(keepAlive * 1000)))
                if quiet.until.withLock({ ContinuousClock.now >= $0 }) { tick.yield(.bytes([0x0D, 0x0A])) }
            }
        }
        let relay = Task {
            for await frame in frames { tick.yield(frame) }
            tick.yield(.end)
        }
        defer {
            beat.cancel()
            relay.cancel()
            tick.finish()
        }
        for await frame in ticks {
            switch frame {
            case .bytes(let bytes): try await writer.write(ByteBuffer(bytes: bytes))
            case .split(let first, let second):
                try await writer.write(ByteBuffer(bytes: first))
                try await Task.sleep(for: .milliseconds(50))
                try await writer.write(ByteBuffer(bytes: second))
            case .cutAfter(let bytes):
                try await writer.write(ByteBuffer(bytes: bytes))
                try await Task.sleep(for: .milliseconds(50))
                throw StreamCut()
            case .end: return
            case .silence(let seconds): quiet.until.withLock { $0 = ContinuousClock.now + .milliseconds(Int64(seconds * 1000)) }
            }
        }
    }
}
