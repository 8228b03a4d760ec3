import AsyncHTTPClient
import Connectors
import Domain
import Engagement
import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization

/// How a Facebook page channel polls its feed (`channels[].polling`).
public struct FeedPollingSettings: Sendable, Equatable {
    /// Time between passes.
    public var interval: TimeInterval = 300
    /// How far back the first pass after a start looks when nothing was ever stored for the channel; otherwise
    /// it starts a little before the newest stored delivery, so downtime is covered.
    public var lookback: TimeInterval = 86400
    /// Comments are looked for under posts this recent (a comment on an older post is missed by polling).
    public var postAge: TimeInterval = 3 * 86400

    public init() {}
}

/// Polls the page feed of each channel with `polling:` and stores what it finds as deliveries shaped like
/// feed webhooks (`FeedPolling`): the inbox's dedupe drops what the webhooks already brought, so polling is a
/// safety net that never doubles a comment. Per pass: the posts of the last `postAge` (all pages of them),
/// then each post's comments since the last pass (minus a minute of overlap).
final class FeedPoller: Service {
    struct Target: Sendable {
        var channel: Channel
        var settings: FeedPollingSettings
    }

    private let targets: [Target]
    private let writer: GroupCommitWriter
    private let store: any ParleyStore
    private let fetch: GraphFetch
    private let graphBase: String
    private let token: @Sendable (ChannelKey) -> String?
    private let health: ChannelHealthBoard
    private let clock: any WallClock
    private let logger: Logger
    /// When each channel's last pass started: the next one asks for comments since then.
    private let cursors = Mutex<[Channel.ID: Date]>([:])
    /// Bounds one pass: pages of posts, pages of comments per post.
    private let maxPostPages = 20
    private let maxCommentPages = 10

    init(targets: [Target], writer: GroupCommitWriter, store: any ParleyStore, fetch: @escaping GraphFetch, graphBase: String,
         token: @escaping @Sendable (ChannelKey) -> String?, health: ChannelHealthBoard, clock: any WallClock, logger: Logger) {
        self.targets = targets
        self.writer = writer
        self.store = store
        self.fetch = fetch
        self.graphBase = graphBase.hasSuffix("/") ? String(graphBase.dropLast()) : graphBase
        self.token = token
        self.health = health
        self.clock = clock
        self.logger = logger
    }

    func run() async throws {
        // A service that returns early would end the whole service group: with nothing to poll, wait for shutdown.
        guard !targets.isEmpty else { return try await gracefulShutdown() }
        await withTaskGroup(of: Void.self) { group in
            for target in targets {
                group.addTask {
                    await runPeriodically(every: .seconds(target.settings.interval), logger: self.logger,
                                          failure: "feed polling of \(target.channel.id) failed; trying again at the next pass") {
                        _ = try await self.poll(target)
                    }
                }
            }
        }
    }

    /// One pass over every polling channel now (besides the timers); returns how many events were stored for the first time.
    func pollAll() async throws -> Int {
        var stored = 0
        for target in targets { stored += try await poll(target) }
        return stored
    }

    /// One pass over one channel; returns how many events were stored for the first time.
    @discardableResult
    func poll(_ target: Target) async throws -> Int {
        let channel = target.channel
        let started = clock.now()
        let since = try await commentsSince(target, now: started)
        let bearer = token(channel.key)
        var changes: [Data] = []
        var posts: [String] = []
        let postsFrom = Int(started.timeIntervalSince1970 - target.settings.postAge)
        var url: String? = "\(graphBase)/\(channel.accountID)/feed?fields=\(FeedPolling.postFields)&since=\(postsFrom)&limit=25"
        var pages = 0
        while let next = url, pages < maxPostPages {
            guard let page = FeedPolling.posts(try await get(next, bearer: bearer, channel: channel)) else { break }
            changes += page.changes
            posts += page.postIDs
            url = page.postIDs.isEmpty ? nil : page.next
            pages += 1
        }
        for post in posts {
            var url: String? = "\(graphBase)/\(post)/comments?filter=stream&order=chronological&fields=\(FeedPolling.commentFields)"
                + "&since=\(Int(since.timeIntervalSince1970))&limit=50"
            var pages = 0
            while let next = url, pages < maxCommentPages {
                guard let page = FeedPolling.comments(try await get(next, bearer: bearer, channel: channel), postID: post) else { break }
                changes += page.changes
                url = page.changes.isEmpty ? nil : page.next
                pages += 1
            }
        }
        var stored = 0
        // Deliveries of at most 100 changes, like a busy webhook batch.
        for start in stride(from: 0, to: changes.count, by: 100) {
            let body = FeedPolling.body(pageID: channel.accountID, changes: Array(changes[start..<min(start + 100, changes.count)]), time: started)
            stored += try await writer.submit(DeliverySplitter.delivery(body, from: .meta, receivedAt: clock.now())).newEvents
        }
        cursors.withLock { $0[channel.id] = started }
        if stored > 0 {
            logger.notice("feed polling found what no webhook brought", metadata: ["channel": "\(channel.id)", "stored": "\(stored)"])
        }
        return stored
    }

    /// The last pass's start less a minute; at the first pass, a little before the newest stored delivery,
    /// within `lookback`.
    private func commentsSince(_ target: Target, now: Date) async throws -> Date {
        if let cursor = cursors.withLock({ $0[target.channel.id] }) { return cursor - 60 }
        let floor = now - target.settings.lookback
        guard let last = try await store.lastInboxEvent(channel: target.channel.key) else { return floor }
        return max(floor, last - 300)
    }

    private func get(_ url: String, bearer: String?, channel: Channel) async throws -> Data {
        guard let answer = await fetch(url, bearer) else { throw PollError.noAnswer(url: url) }
        guard answer.status == 200 else {
            let outcome = ResponseClassifier.classify(status: answer.status, headers: [], body: answer.body, now: clock.now())
            health.record(channel.key, outcome, at: clock.now())
            throw PollError.refused(status: answer.status, body: String(decoding: answer.body.prefix(300), as: UTF8.self))
        }
        return answer.body
    }

    enum PollError: Error, CustomStringConvertible {
        case noAnswer(url: String)
        case refused(status: Int, body: String)

        var description: String {
            switch self {
            case .noAnswer(let url): "no answer from \(url.components(separatedBy: "?").first ?? url)"
            case .refused(let status, let body): "HTTP \(status): \(body)"
            }
        }
    }
}

/// One GET to a platform's API with an optional bearer token; nil when nothing answered.
public typealias GraphFetch = @Sendable (_ url: String, _ bearer: String?) async -> (status: Int, body: Data)?

enum GraphHTTP {
    /// A fetch over AsyncHTTPClient with a 15 s bound.
    static func fetch(_ client: HTTPClient) -> GraphFetch {
        { url, bearer in
            var request = HTTPClientRequest(url: url)
            if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
            guard let response = try? await client.execute(request, timeout: .seconds(15)),
                let body = try? await response.body.collect(upTo: 4 << 20)
            else { return nil }
            return (Int(response.status.code), Data(body.readableBytesView))
        }
    }
}
