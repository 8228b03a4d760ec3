import Domain
import Foundation

/// What the durable inbox needs from a database. Each method is one transaction.
public protocol InboxStore: Sendable {
    /// Stores the deliveries and their events in **one** transaction (one fsync). Events whose
    /// (channel, dedupe key) is already stored are skipped. Returns one result per delivery, in order.
    /// A delivery whose events were all stored already (a platform's retry) keeps its row but not its raw body:
    /// nothing will ever read it, and it may hold text the pipeline masked in the original
    /// (`RedeliveredBody`). Throws if the transaction did not commit: then nothing of the batch is stored.
    func commit(_ deliveries: [InboundDelivery]) async throws -> [CommitResult]

    /// Unprocessed events in arrival order, starting after `afterID`.
    func pendingEvents(after afterID: Int64, limit: Int) async throws -> [StoredInboxEvent]

    /// Marks events processed and appends what processing them produced to the event log, atomically.
    func markProcessed(_ ids: [Int64], at: Date, appending events: [DomainEvent]) async throws

    func inboxStatistics() async throws -> InboxStatistics

    /// Every stored event for a channel, oldest first (for inspection and tests).
    func inboxEvents(channel: ChannelKey) async throws -> [StoredInboxEvent]

    /// When the newest event for a channel arrived, if any did: the channel check's "recent delivery". Walks
    /// the channel's part of the dedupe index (no index of its own: ingest pays for every index).
    func lastInboxEvent(channel: ChannelKey) async throws -> Date?

    /// Poison deliveries, newest first, for inspection.
    func poisonDeliveries(limit: Int) async throws -> [PoisonDelivery]

    /// How many inbox events are stored in all (the benchmark checks every acknowledged event is there).
    func countInboxEvents() async throws -> Int

    /// Stored deliveries' raw bodies: the normaliser splits them again to get an event's JSON.
    func deliveries(_ ids: [Int64]) async throws -> [Int64: StoredDelivery]

    /// Which delivery each of these events is stored with (absent: not stored). The pipeline tells a
    /// delivery's own events from the repeats of events an earlier delivery brought.
    func inboxEventDeliveries(_ keys: [InboxEventKey]) async throws -> [InboxEventKey: Int64]

    /// Replaces a delivery's raw body (masking what keyword rules mask, so the original stays nowhere).
    func redactDelivery(_ id: Int64, body: Data) async throws
}

public struct StoredDelivery: Sendable, Hashable {
    public var id: Int64
    public var source: WebhookSource
    public var receivedAt: Date
    public var body: Data
    /// How many events the splitter found in the body, stored or repeated.
    public var eventCount: Int

    public init(id: Int64, source: WebhookSource, receivedAt: Date, body: Data, eventCount: Int) {
        self.id = id
        self.source = source
        self.receivedAt = receivedAt
        self.body = body
        self.eventCount = eventCount
    }
}

/// An inbox event's unique key: its channel and dedupe key.
public struct InboxEventKey: Sendable, Hashable {
    public var channel: ChannelKey
    public var dedupeKey: String

    public init(channel: ChannelKey, dedupeKey: String) {
        self.channel = channel
        self.dedupeKey = dedupeKey
    }

    public init(_ event: InboxEvent) { self.init(channel: event.channel, dedupeKey: event.dedupeKey) }
}

public struct CommitResult: Sendable, Hashable {
    public var deliveryID: Int64
    /// Events stored for the first time.
    public var newEvents: Int
    /// Events already stored by an earlier delivery (redeliveries, or repeats inside one batch).
    public var duplicates: Int
    public var poison: Bool

    public init(deliveryID: Int64, newEvents: Int, duplicates: Int, poison: Bool) {
        self.deliveryID = deliveryID
        self.newEvents = newEvents
        self.duplicates = duplicates
        self.poison = poison
    }
}

public struct InboxStatistics: Sendable, Hashable {
    public var pending: Int
    public var oldestPendingReceivedAt: Date?
    public var poisonDeliveries: Int

    public init(pending: Int, oldestPendingReceivedAt: Date?, poisonDeliveries: Int) {
        self.pending = pending
        self.oldestPendingReceivedAt = oldestPendingReceivedAt
        self.poisonDeliveries = poisonDeliveries
    }
}

public struct PoisonDelivery: Sendable, Hashable {
    public var id: Int64
    public var source: WebhookSource
    public var receivedAt: Date
    public var reason: String
    public var body: Data

    public init(id: Int64, source: WebhookSource, receivedAt: Date, reason: String, body: Data) {
        self.id = id
        self.source = source
        self.receivedAt = receivedAt
        self.reason = reason
        self.body = body
    }
}
