import Domain
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Storage

/// Drains the outbox: claims due items, consults the policy hook, sends, and records each outcome with its
/// event in one transaction. An item claimed by a worker that then died is claimed again when its lease
/// runs out and re-sent with the same idempotency key, so the platform (where it supports keys) and the
/// sandbox answer it once.
public final class OutboxWorker: Service, Sendable {
    public struct Settings: Sendable {
        /// How long a claimed item stays reserved for one attempt.
        public var lease: TimeInterval = 60
        public var batchSize = 50
        /// When nothing is due, how long to sleep at most before looking again.
        public var idlePoll: Duration = .milliseconds(500)
        /// Used when a platform says "slow down" without saying until when.
        public var defaultRateLimitWait: TimeInterval = 60
        /// At most this much is added at random to a platform's rate-limit reset time.
        public var rateLimitJitter: TimeInterval = 5

        public init() {}
    }

    private let store: any OutboxStore
    private let sender: any PlatformSender
    private let policy: any SendPolicy
    private let schedule: RetrySchedule
    private let clock: any WallClock
    private let settings: Settings
    private let logger: Logger
    private let signal = WakeSignal()
    private let sentCounter: Counter
    private let failedCounter: Counter
    private let retryCounter: Counter
    private let deniedCounter: Counter
    /// Called after a send the platform confirmed with the recipient's id (App links a commenter's Messenger
    /// PSID to their contact this way). Runs after the outcome is recorded; it cannot undo the send.
    private let onDelivered: (@Sendable (OutboxItem, String) async -> Void)?
    /// Hears every platform answer, for the channel's health (sent, refused credential, failures).
    private let onOutcome: (@Sendable (ChannelKey, SendOutcome, Date) async -> Void)?
    /// Endpoints whose rate-limit window the platform said is exhausted: their items wait for the reset unsent.
    private let rateLimits: RateLimitBook?

    public init(store: any OutboxStore, sender: any PlatformSender, policy: any SendPolicy = AllowAllPolicy(),
                schedule: RetrySchedule = RetrySchedule(), clock: any WallClock, settings: Settings = Settings(),
                metrics: any MetricsFactory, logger: Logger, onDelivered: (@Sendable (OutboxItem, String) async -> Void)? = nil,
                onOutcome: (@Sendable (ChannelKey, SendOutcome, Date) async -> Void)? = nil, rateLimits: RateLimitBook? = nil) {
        self.rateLimits = rateLimits
        self.onDelivered = onDelivered
        self.onOutcome = onOutcome
        self.store = store
        self.sender = sender
        self.policy = policy
        self.schedule = schedule
        self.clock = clock
        self.settings = settings
        self.logger = logger
        self.sentCounter = Counter(label: "parley_outbox_sent_total", factory: metrics)
        self.failedCounter = Counter(label: "parley_outbox_failed_total", factory: metrics)
        self.retryCounter = Counter(label: "parley_outbox_retries_total", factory: metrics)
        self.deniedCounter = Counter(label: "parley_outbox_denied_total", factory: metrics)
    }

    /// Something was enqueued: look now rather than at the next poll.
    public func wake() { signal.fire() }

    public func run() async throws {
        await runPasses(signal: signal, idle: settings.idlePoll, logger: logger, what: "outbox pass") {
            try await self.processDue()
        }
    }

    /// One pass: claims what is due now and attempts each. Returns how many were attempted.
    @discardableResult
    public func processDue() async throws -> Int {
        let items = try await store.claimDue(now: clock.now(), limit: settings.batchSize, lease: settings.lease)
        for item in items { try await attempt(item) }
        return items.count
    }

    private func attempt(_ item: OutboxItem) async throws {
        let dispatch = OutboxDispatch(itemID: item.id, channel: item.channel, idempotencyKey: item.idempotencyKey,
                                      request: item.request, attempt: item.attempts, messageID: item.messageID)
        func result(_ reason: String? = nil, messageID: String? = nil) -> OutboundResult {
            OutboundResult(outboxID: item.id, channel: item.channel.description, idempotencyKey: item.idempotencyKey,
                           attempts: item.attempts, platformMessageID: messageID, reason: reason)
        }
        if let until = rateLimits?.heldUntil(item.channel, request: item.request, now: clock.now()) {
            // The platform's last answer said nothing remains in this endpoint's window: no call until its reset.
            try await retry(item, at: until + schedule.jitter(upTo: settings.rateLimitJitter), reason: "\(item.channel.kind.platformName) rate limit",
                            detail: "no calls remain in the window until \(until)", now: clock.now(), result: result)
            return
        }
        if case .deny(let reason) = await policy.evaluate(dispatch, now: clock.now()) {
            deniedCounter.increment()
            try await store.record(.denied(reason: reason), for: item.id, at: clock.now(), appending: [.outboundDenied(result(reason))])
            return
        }
        let outcome = await sender.send(dispatch)
        let now = clock.now()
        await onOutcome?(item.channel, outcome, now)
        switch outcome {
        case .sent(let messageID, let recipientID):
            sentCounter.increment()
            try await store.record(.sent(platformMessageID: messageID), for: item.id, at: now,
                                   appending: [.outboundSent(result(messageID: messageID))])
            if let recipientID, let onDelivered { await onDelivered(item, recipientID) }
        case .permanent(let reason):
            try await fail(item, reason: reason, now: now, result: result(reason))
        case .unauthorized(let reason):
            let reason = "the platform refused the channel's access token (\(reason)); renew channels[].access_token"
            try await fail(item, reason: reason, now: now, result: result(reason))
        case .retryable(let reason):
            try await retry(item, at: now + schedule.delay(afterAttempts: item.attempts), reason: reason, now: now, result: result)
        case .rateLimited(let until, let reason):
            // Not before the platform's reset (X: `x-rate-limit-reset`), plus jitter; the agent sees "X rate limit".
            let wait = (until.map { max($0, now) } ?? now + settings.defaultRateLimitWait) + schedule.jitter(upTo: settings.rateLimitJitter)
            try await retry(item, at: wait, reason: "\(item.channel.kind.platformName) rate limit", detail: reason, now: now, result: result)
        }
    }

    /// `reason` is stored with the item and shown to the agent while it waits ("X rate limit"); `detail`, the
    /// platform's own answer, is logged and kept if the item gives up.
    private func retry(_ item: OutboxItem, at next: Date, reason: String, detail: String? = nil, now: Date,
                       result: (String?, String?) -> OutboundResult) async throws {
        let full = detail.map { "\(reason): \($0)" } ?? reason
        guard next <= item.deadline else {
            try await fail(item, reason: "gave up after \(item.attempts) attempts (retry duration exceeded): \(full)",
                           now: now, result: result(full, nil))
            return
        }
        retryCounter.increment()
        logger.notice("outbound call will be retried", metadata: [
            "outbox_item": "\(item.id)", "attempt": "\(item.attempts)", "reason": "\(full)", "at": "\(next)",
        ])
        try await store.record(.retry(at: next, error: reason), for: item.id, at: now, appending: [])
    }

    private func fail(_ item: OutboxItem, reason: String, now: Date, result: OutboundResult) async throws {
        failedCounter.increment()
        var failed = result
        failed.reason = reason
        logger.warning("outbound call failed permanently", metadata: ["outbox_item": "\(item.id)", "reason": "\(reason)"])
        try await store.record(.failed(reason: reason), for: item.id, at: now, appending: [.outboundFailed(failed)])
    }
}
