import Domain
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Storage

/// Handles a batch of stored inbox events (in arrival order) and says what happened, as domain events to
/// append. Must be safe to run twice for the same events: a crash between handling and marking replays them.
/// A batch lets a handler write many events in one transaction, so processing keeps up with ingest.
public protocol InboxHandler: Sendable {
    func handle(_ events: [StoredInboxEvent]) async throws -> [DomainEvent]
}

/// The first stage after the inbox. Until the platform normalisers exist it records that each event was
/// accepted, and logs loudly what no splitter recognised.
public struct AcceptingInboxHandler: InboxHandler {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func handle(_ events: [StoredInboxEvent]) async throws -> [DomainEvent] {
        events.map { stored in
            if stored.event.category == .unknown {
                logger.warning("inbox event of an unknown kind stored for inspection", metadata: [
                    "inbox_event": "\(stored.id)", "channel": "\(stored.event.channel)",
                ])
            }
            return .inboundAccepted(InboundAccepted(inboxEventID: stored.id, channel: stored.event.channel.description,
                                                    category: stored.event.category, occurredAt: stored.event.occurredAt))
        }
    }
}

/// Processes stored inbox events in arrival order, at least once: an event is marked processed in the same
/// transaction that appends what processing produced. On start it picks up whatever a crash left behind.
public final class InboxProcessor: Service, Sendable {
    private let store: any InboxStore
    private let handler: any InboxHandler
    private let clock: any WallClock
    private let logger: Logger
    private let batchSize: Int
    private let coalescing: Duration
    private let signal = WakeSignal()
    private let processed: Counter
    private let failures: Counter
    /// Whether this node processes the inbox now. With several nodes on one database only the routing leader does:
    /// processing is ordered and appends events, so two nodes must not take the same batch.
    private let active: @Sendable () -> Bool

    public init(store: any InboxStore, handler: any InboxHandler, clock: any WallClock, metrics: any MetricsFactory,
                logger: Logger, batchSize: Int = 500, coalescing: Duration = .milliseconds(20), active: @escaping @Sendable () -> Bool = { true }) {
        self.active = active
        self.store = store
        self.handler = handler
        self.clock = clock
        self.logger = logger
        self.batchSize = batchSize
        self.coalescing = coalescing
        self.processed = Counter(label: "parley_inbox_events_processed_total", factory: metrics)
        self.failures = Counter(label: "parley_inbox_processing_failures_total", factory: metrics)
    }

    /// Tells the processor new events are stored (called after each inbox commit).
    public func wake() { signal.fire() }

    public func run() async throws {
        await runPasses(signal: signal, idle: .seconds(1), logger: logger, what: "inbox processing") {
            let count = try await self.processAvailable()
            // Let events accumulate for a moment (one transaction costs one fsync), and leave the database to
            // the inbox writer between batches: acknowledging deliveries comes first, processing catches up.
            if count > 0 { try await Task.sleep(for: self.coalescing) }
            return count
        } onError: {
            self.failures.increment()
        }
    }

    /// Processes one batch of pending events; returns how many.
    @discardableResult
    public func processAvailable() async throws -> Int {
        guard active() else { return 0 }
        let pending = try await store.pendingEvents(after: 0, limit: batchSize)
        guard !pending.isEmpty else { return 0 }
        let produced = try await handler.handle(pending)
        try await store.markProcessed(pending.map(\.id), at: clock.now(), appending: produced)
        processed.increment(by: pending.count)
        return pending.count
    }
}
