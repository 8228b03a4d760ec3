import AsyncHTTPClient
import Connectors
import Domain
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Storage
import Synchronization

/// Keyword and hashtag monitoring on X (docs/connectors/x.md): keeps X's filtered-stream rules equal to the
/// channels' `monitor:` lists (`XRuleSync`), then reads the stream for as long as Parley runs. Each tweet line is
/// stored, acknowledged to disk through the group-commit writer like a webhook, on every channel whose rule it
/// matched, shaped as an X delivery so the splitter gives it the key its mention webhook would have.
/// On a disconnect, an in-band error or a stall it reconnects with backoff (`XStreamBackoff`). What X published
/// while the stream was down is not delivered later: X's recovery and backfill are enterprise features.
final class XStreamConsumer: Service {
    struct Target: Sendable {
        var channel: Domain.Channel
        var rule: XStreamRule
    }

    let sync: XRuleSync
    private let targets: [String: Target]
    private let streamURL: String
    private let bearer: String
    private let client: HTTPClient
    private let writer: GroupCommitWriter
    private let health: ChannelHealthBoard
    private let clock: any WallClock
    private let options: XStreamOptions
    private let logger: Logger

    static let fields = "tweet.fields=created_at,conversation_id,in_reply_to_user_id,referenced_tweets,entities"
        + "&expansions=author_id&user.fields=username,name"

    init(targets: [Target], apiBase: String, bearer: String, client: HTTPClient, writer: GroupCommitWriter, health: ChannelHealthBoard,
         clock: any WallClock, options: XStreamOptions, logger: Logger) {
        let base = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.targets = Dictionary(targets.map { ($0.rule.tag ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        self.streamURL = base + "/2/tweets/search/stream?" + Self.fields
        self.bearer = bearer
        self.client = client
        self.writer = writer
        self.health = health
        self.clock = clock
        self.options = options
        self.logger = logger
        self.sync = XRuleSync(url: base + XRulesAPI.path, bearer: bearer, client: client, targets: targets, health: health, clock: clock,
                              logger: logger)
    }

    func run() async throws {
        guard !targets.isEmpty else { return try await gracefulShutdown() }
        do {
            try await cancelWhenGracefulShutdown { try await self.consume() }
        } catch is CancellationError {
            return
        }
    }

    private func consume() async throws {
        await sync.syncLogged()
        var backoff = XStreamBackoff()
        while !Task.isCancelled {
            let (cause, healthy) = await connectOnce()
            if healthy { backoff.reset() }
            let wait = backoff.delay(after: cause.kind, random: options.random())
            logger.warning("X stream disconnected; reconnecting", metadata: ["reason": "\(cause.reason)", "wait_seconds": "\(Int(wait.rounded()))"])
            options.onBackoff(wait, cause.reason)
            try await options.sleep(wait)
        }
        throw CancellationError()
    }

    struct Disconnect {
        var kind: XStreamBackoff.Cause
        var reason: String
    }

    /// One connection, read until it ends. Answers why it ended, and whether it delivered anything (then the
    /// backoff starts over).
    private func connectOnce() async -> (Disconnect, Bool) {
        var request = HTTPClientRequest(url: streamURL)
        request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
        let response: HTTPClientResponse
        do {
            response = try await head(request)
        } catch {
            return (Disconnect(kind: .network, reason: "cannot connect: \(error)"), false)
        }
        guard response.status == .ok else {
            let body = (try? await response.body.collect(upTo: 64 << 10)).map { String(buffer: $0) } ?? ""
            let status = Int(response.status.code)
            let reason = "HTTP \(status): \(body.prefix(300))"
            if status == 401 || status == 403 {
                for target in targets.values { health.record(target.channel.key, .unauthorized(reason: "X stream: \(reason)"), at: clock.now()) }
            }
            return (Disconnect(kind: status == 429 ? .tooManyRequests : .serverError, reason: reason), false)
        }
        logger.info("X stream connected", metadata: ["rules": "\(targets.count)"])
        let heard = Heard(now: clock.now())
        let reason = await read(response.body, heard: heard)
        return (reason, heard.value.load(ordering: .relaxed))
    }

    /// Whether a connection delivered anything (a keep-alive will do), and when bytes last arrived.
    final class Heard: Sendable {
        let value = Atomic<Bool>(false)
        let last: Mutex<Date>

        init(now: Date) { last = Mutex(now) }
    }

    struct NoAnswer: Error, CustomStringConvertible {
        var seconds: TimeInterval
        var description: String { "no answer within \(Int(seconds)) s" }
    }

    /// The response's head, within the stall timeout. The request's own deadline is far (the stream has no end, and
    /// AsyncHTTPClient's deadline covers the body too); a server that takes the connection and never answers is
    /// a stall like any other.
    private func head(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        let client = self.client
        let stall = options.stallTimeout
        return try await withThrowingTaskGroup(of: HTTPClientResponse?.self) { group in
            group.addTask { try await client.execute(request, timeout: .hours(24 * 30)) }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int64(stall * 1000)))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else { throw NoAnswer(seconds: stall) }
            return first
        }
    }

    /// Reads lines until the body ends, X sends an error, or nothing arrives for the stall timeout.
    private func read(_ body: HTTPClientResponse.Body, heard: Heard) async -> Disconnect {
        let stall = options.stallTimeout
        let clock = self.clock
        return await withTaskGroup(of: Disconnect.self) { group in
            group.addTask {
                var buffer = XStreamLineBuffer(maxLineBytes: self.options.maxLineBytes)
                do {
                    for try await chunk in body {
                        heard.last.withLock { $0 = clock.now() }
                        for item in buffer.append(chunk.readableBytesView) {
                            heard.value.store(true, ordering: .relaxed)
                            if let end = await self.handle(item) { return end }
                        }
                    }
                    let dropped = buffer.reset()
                    return Disconnect(kind: .network, reason: "X closed the stream" + (dropped > 0 ? " (an unfinished line of \(dropped) bytes dropped)" : ""))
                } catch {
                    let dropped = buffer.reset()
                    return Disconnect(kind: .network, reason: "the stream broke: \(error)" + (dropped > 0 ? " (an unfinished line of \(dropped) bytes dropped)" : ""))
                }
            }
            group.addTask {
                // The watchdog: polls a few times per stall period; the reader's cancellation ends the connection.
                let poll = max(0.05, min(1, stall / 4))
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(Int64(poll * 1000)))
                    if clock.now().timeIntervalSince(heard.last.withLock { $0 }) > stall {
                        return Disconnect(kind: .network, reason: "nothing heard for \(Int(stall)) s (stalled)")
                    }
                }
                return Disconnect(kind: .network, reason: "stopped")
            }
            let first = await group.next() ?? Disconnect(kind: .network, reason: "stopped")
            group.cancelAll()
            return first
        }
    }

    /// One item of the stream; answers a disconnect when X said the connection ends.
    private func handle(_ item: XStreamLineBuffer.Item) async -> Disconnect? {
        switch item {
        case .keepAlive:
            return nil
        case .oversized(let bytes):
            logger.error("X stream line skipped: longer than the limit", metadata: ["bytes": "\(bytes)", "limit": "\(options.maxLineBytes)"])
            return nil
        case .line(let line):
            switch XStreamMessage.parse(line) {
            case .tweet(let id, let tags):
                await store(line, id: id, tags: tags)
                return nil
            case .errors(let problems):
                let text = problems.map(\.description).joined(separator: "; ")
                logger.warning("X stream error", metadata: ["errors": "\(text)"])
                return Disconnect(kind: .network, reason: "X said: \(text)")
            case .unreadable(let why):
                logger.error("X stream line not understood; skipped", metadata: ["why": "\(why)"])
                return nil
            }
        }
    }

    /// Stores the tweet once per channel whose rule it matched. Tweets of other rules of the same X app (someone
    /// else's) come on this connection too and are not Parley's.
    private func store(_ line: Data, id: String, tags: [String]) async {
        let channels = Set(tags.compactMap { targets[$0]?.channel.accountID })
        if channels.isEmpty {
            logger.debug("X stream tweet of no Parley rule skipped", metadata: ["tweet": "\(id)", "tags": "\(tags)"])
            return
        }
        for account in channels.sorted() {
            let delivery = DeliverySplitter.delivery(XStreamMessage.delivery(account: account, line: line), from: .x, receivedAt: clock.now())
            do {
                _ = try await writer.submit(delivery)
            } catch {
                // The stream cannot be asked again: say loudly what was lost.
                logger.error("X stream tweet could not be stored and is lost", metadata: ["tweet": "\(id)", "error": "\(error)"])
            }
        }
    }
}
