import Connectors
import Domain
import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization

/// Keeps each OAuth X channel's user access token fresh (docs/connectors/x.md): refreshes it ahead of expiry
/// (`XTokenSchedule`), one refresh at a time per channel (X's refresh tokens are single use: two at once would spend
/// the lineage), stores each new pair as soon as X answers, and serves the current access token to the sender's
/// synchronous credential lookup. A refused refresh is reported (log, channel health) and retried only slowly.
final class XTokenKeeper: Service, Sendable {
    /// What the channel health shows about a channel's token.
    enum Status: Sendable, Equatable {
        case fresh(expiresAt: Date)
        /// X refused the refresh: someone must authorise the app again.
        case refused(reason: String, at: Date)
        /// Refreshing failed for a reason that may pass (network, 5xx).
        case failing(reason: String, at: Date)
        case none
    }

    static let refusedAdvice = "X token refresh refused — re-authorise the app (new refresh_token)"

    private struct Entry: Sendable {
        var tokens: ChannelTokens?
        var failure: (kind: XTokenSchedule.Failure, attempts: Int, at: Date, reason: String)?
        var inFlight: Task<Void, Never>?
    }

    private let channels: [ChannelKey: XOAuthChannel]
    private let refresher: XTokenRefresher
    private let schedule: XTokenSchedule
    private let clock: any WallClock
    private let interval: Duration
    private let sleep: @Sendable (Duration) async throws -> Void
    private let logger: Logger
    /// Hears refused and successful refreshes (the `parley_channel_credentials_refused` gauge).
    private let health: ChannelHealthBoard?
    private let entries = Mutex<[ChannelKey: Entry]>([:])

    init(channels: [XOAuthChannel], refresher: XTokenRefresher, schedule: XTokenSchedule = XTokenSchedule(), clock: any WallClock,
         interval: Duration, sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
         health: ChannelHealthBoard? = nil, logger: Logger) {
        self.health = health
        self.channels = Dictionary(channels.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.refresher = refresher
        self.schedule = schedule
        self.clock = clock
        self.interval = interval
        self.sleep = sleep
        self.logger = logger
    }

    func manages(_ channel: ChannelKey) -> Bool { channels[channel] != nil }

    /// Reads the stored pairs (of the configured lineages) into memory: after a restart the rotated refresh token is used,
    /// never the spent one from `parley.yml`.
    func load() async throws {
        for channel in channels.values {
            let stored = try await refresher.stored(channel)
            entries.withLock { $0[channel.key, default: Entry()].tokens = stored }
        }
    }

    /// The channel's current access token (the sender adds it as the bearer); nil when it has none yet.
    func accessToken(for channel: ChannelKey) -> String? {
        entries.withLock { $0[channel]?.tokens?.accessToken }
    }

    func status(_ channel: ChannelKey) -> Status {
        entries.withLock { entries in
            guard let entry = entries[channel] else { return .none }
            if let failure = entry.failure {
                return failure.kind == .refused ? .refused(reason: failure.reason, at: failure.at) : .failing(reason: failure.reason, at: failure.at)
            }
            return entry.tokens.map { .fresh(expiresAt: $0.accessExpiresAt) } ?? .none
        }
    }

    /// Why a send on the channel waits, when its token cannot be used.
    func waitingReason(_ channel: ChannelKey) -> String? {
        switch status(channel) {
        case .refused(let reason, _): "\(Self.refusedAdvice) (\(reason))"
        case .failing(let reason, _): "refreshing the X access token failed (\(reason)); trying again"
        case .fresh(let expiresAt) where expiresAt <= clock.now(): "the X access token expired and could not be refreshed yet"
        case .fresh: nil
        case .none: "no X access token yet: the first refresh has not succeeded"
        }
    }

    /// Whether the channel's token is usable now: present and not expired.
    func usable(_ channel: ChannelKey) -> Bool {
        entries.withLock { ($0[channel]?.tokens?.accessExpiresAt).map { $0 > clock.now() } ?? false }
    }

    /// Refreshes the channel's token when the schedule says so (or it has none); returns when that is done.
    func ensureFresh(_ channel: ChannelKey) async {
        guard manages(channel), due(channel, force: false) else { return }
        await refresh(channel)
    }

    /// X refused `rejected` on a send: refreshes now unless another refresh already replaced it, or X refused the last
    /// refresh (then it waits for its backoff: every queued reply must not spend a call on a dead lineage). True
    /// when the channel has a different, unexpired token afterwards.
    func refreshAfterRejection(_ channel: ChannelKey, rejected: String?) async -> Bool {
        guard manages(channel) else { return false }
        if accessToken(for: channel) == rejected, due(channel, force: true) { await refresh(channel) }
        return accessToken(for: channel) != rejected && usable(channel)
    }

    /// One pass over every channel: refreshes those that are due. The service runs it every `interval`.
    func refreshDue() async {
        for channel in channels.keys { await ensureFresh(channel) }
    }

    func run() async throws {
        guard !channels.isEmpty else { return try await gracefulShutdown() }
        await cancelWhenGracefulShutdown {
            // A send that comes first refreshes on its own; the timer keeps idle channels' tokens fresh.
            while !Task.isCancelled {
                try? await self.sleep(self.interval)
                await self.refreshDue()
            }
        }
    }

    /// Due by the schedule; `force` (a 401 on a send) skips the planned time but not a failure's backoff.
    private func due(_ channel: ChannelKey, force: Bool) -> Bool {
        let now = clock.now()
        return entries.withLock { entries in
            let entry = entries[channel] ?? Entry()
            let failure = entry.failure.map { ($0.kind, attempts: $0.attempts, at: $0.at) }
            if force {
                guard let failure else { return true }
                return now >= failure.at + schedule.backoff(failure.0, attempts: failure.attempts)
            }
            return now >= schedule.nextAttempt(issuedAt: entry.tokens?.updatedAt, expiresAt: entry.tokens?.accessExpiresAt, lastFailure: failure)
        }
    }

    /// Single flight: a caller arriving while the channel's refresh runs waits for that one instead of starting another.
    private func refresh(_ key: ChannelKey) async {
        guard let channel = channels[key] else { return }
        let task = entries.withLock { entries -> Task<Void, Never> in
            if let running = entries[key]?.inFlight { return running }
            let task = Task { await self.perform(channel) }
            entries[key, default: Entry()].inFlight = task
            return task
        }
        await task.value
    }

    private func perform(_ channel: XOAuthChannel) async {
        let held = entries.withLock { $0[channel.key]?.tokens }
        let result: XTokenRefresher.Result
        if let adopted = await storedByAnother(channel, held: held) {
            // Another node or `parley channel check` refreshed meanwhile: its pair is newer and not due; no call to X.
            result = .refreshed(adopted, stored: true)
        } else {
            result = await refresher.refresh(channel, held: held)
        }
        let now = clock.now()
        entries.withLock { entries in
            var entry = entries[channel.key] ?? Entry()
            entry.inFlight = nil
            switch result {
            case .refreshed(let tokens, _):
                entry.tokens = tokens
                entry.failure = nil
            case .refused(let reason):
                let attempts = entry.failure?.kind == .refused ? (entry.failure?.attempts ?? 0) + 1 : 1
                entry.failure = (.refused, attempts, now, reason)
            case .failed(let reason):
                let attempts = entry.failure?.kind == .temporary ? (entry.failure?.attempts ?? 0) + 1 : 1
                entry.failure = (.temporary, attempts, now, reason)
            }
            entries[channel.key] = entry
        }
        if case .refused = result { health?.tokenRefresh(channel.key, refused: true) }
        if case .refreshed = result { health?.tokenRefresh(channel.key, refused: false) }
        switch result {
        case .refreshed(let tokens, let stored):
            logger.info("refreshed the X access token", metadata: ["channel": "\(channel.id)", "expires_at": "\(tokens.accessExpiresAt)",
                                                                   "stored": "\(stored)"])
        case .refused(let reason):
            logger.error("\(Self.refusedAdvice)", metadata: ["channel": "\(channel.id)", "reason": "\(reason)"])
        case .failed(let reason):
            logger.warning("refreshing the X access token failed; trying again", metadata: ["channel": "\(channel.id)", "reason": "\(reason)"])
        }
    }
}

extension XTokenKeeper {
    /// The stored pair when it is newer than `held` and not itself due for a refresh.
    private func storedByAnother(_ channel: XOAuthChannel, held: ChannelTokens?) async -> ChannelTokens? {
        guard let held, let stored = try? await refresher.stored(channel), stored.updatedAt > held.updatedAt,
            clock.now() < schedule.refreshAt(issuedAt: stored.updatedAt, expiresAt: stored.accessExpiresAt)
        else { return nil }
        return stored
    }
}

extension XTokenKeeper {
    /// What the channel health says about the token; nil when nothing needs a person.
    func healthProblem(_ channel: ChannelKey) -> ChannelHealthDTO.TokenProblem? {
        guard manages(channel) else { return nil }
        switch status(channel) {
        case .refused(let reason, _):
            return .init(credential: "refused", text: "\(Self.refusedAdvice): \(reason). Replies stay queued until then.")
        case .failing(let reason, _) where !usable(channel):
            return .init(credential: "expired", text: "The X access token expired and refreshing it fails (\(reason)); Parley keeps trying.")
        default:
            return nil
        }
    }
}
