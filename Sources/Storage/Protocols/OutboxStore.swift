import Domain
import Foundation

/// A durable queue of outbound platform calls.
public protocol OutboxStore: Sendable {
    /// Enqueues a call. Idempotent: enqueuing the same idempotency key again returns the existing item.
    func enqueue(_ item: NewOutboxItem) async throws -> OutboxItem

    /// Items due at `now` (pending and `nextAttemptAt <= now`, or in flight with an expired lease), marked in
    /// flight until `now + lease` so no other worker takes them.
    func claimDue(now: Date, limit: Int, lease: TimeInterval) async throws -> [OutboxItem]

    /// Records the outcome of one attempt (and the event that describes it) in one transaction.
    func record(_ transition: OutboxTransition, for id: Int64, at: Date, appending events: [DomainEvent]) async throws

    func outboxItem(_ id: Int64) async throws -> OutboxItem?

    /// The earliest `nextAttemptAt` of a pending item, to know how long to sleep.
    func nextDueDate() async throws -> Date?

    func outboxStatistics() async throws -> OutboxStatistics

    /// For messages whose delivery is waiting to be retried (a platform rate limit, a temporary error): when
    /// the next attempt is due and why it waits. Messages not waiting are left out.
    func pendingRetries(of messages: [Message.ID]) async throws -> [Message.ID: PendingRetry]
}

/// An outbound message's delivery waiting for its next attempt: "queued — X rate limit, sending at 14:32".
public struct PendingRetry: Sendable, Hashable {
    public var at: Date
    public var reason: String

    public init(at: Date, reason: String) {
        self.at = at
        self.reason = reason
    }
}

public struct NewOutboxItem: Sendable, Hashable {
    public var channel: ChannelKey
    public var idempotencyKey: String
    public var request: OutboundRequest
    public var createdAt: Date
    /// After this moment no further attempt is made: the item fails with "retry duration exceeded".
    public var deadline: Date

    public init(channel: ChannelKey, idempotencyKey: String, request: OutboundRequest, createdAt: Date, deadline: Date) {
        self.channel = channel
        self.idempotencyKey = idempotencyKey
        self.request = request
        self.createdAt = createdAt
        self.deadline = deadline
    }
}

/// An HTTP call to a platform's API, as the sender for that platform built it.
public struct OutboundRequest: Codable, Sendable, Hashable {
    public var method: String
    /// Path and query, relative to the platform's configured base URL.
    public var path: String
    public var headers: [String: String]
    public var body: Data

    public init(method: String = "POST", path: String, headers: [String: String] = [:], body: Data) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

public struct OutboxItem: Sendable, Hashable {
    public enum State: String, Sendable, Codable {
        case pending
        case inFlight = "in_flight"
        case sent
        case failed
        case denied
    }

    public var id: Int64
    public var channel: ChannelKey
    public var idempotencyKey: String
    public var request: OutboundRequest
    public var state: State
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date
    public var deadline: Date
    public var lastError: String?
    public var platformMessageID: String?
    public var finishedAt: Date?
    /// The stored message this call delivers (nil for a call that delivers no message of a conversation).
    public var messageID: Message.ID?

    public init(id: Int64, channel: ChannelKey, idempotencyKey: String, request: OutboundRequest, state: State,
                attempts: Int, createdAt: Date, nextAttemptAt: Date, deadline: Date, lastError: String?,
                platformMessageID: String?, finishedAt: Date?, messageID: Message.ID? = nil) {
        self.id = id
        self.channel = channel
        self.idempotencyKey = idempotencyKey
        self.request = request
        self.state = state
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.deadline = deadline
        self.lastError = lastError
        self.platformMessageID = platformMessageID
        self.finishedAt = finishedAt
        self.messageID = messageID
    }
}

/// What happened to one attempt.
public enum OutboxTransition: Sendable, Hashable {
    case sent(platformMessageID: String?)
    /// Try again at this moment (backoff, or the platform's rate-limit reset). `error` says why.
    case retry(at: Date, error: String)
    case failed(reason: String)
    /// The policy hook refused the send.
    case denied(reason: String)
}

public struct OutboxStatistics: Sendable, Hashable {
    public var pending: Int
    public var inFlight: Int
    public var sent: Int
    public var failed: Int
    public var denied: Int

    public init(pending: Int, inFlight: Int, sent: Int, failed: Int, denied: Int) {
        self.pending = pending
        self.inFlight = inFlight
        self.sent = sent
        self.failed = failed
        self.denied = denied
    }
}
