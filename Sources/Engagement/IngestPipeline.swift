import Connectors
import Domain
import Foundation
import Logging
import Routing
import Storage
import Synchronization

/// The pipeline after the inbox, for one stored event: normalise → resolve the contact → thread into an
/// interaction → store the message. Routing joins here in its issue. Every step is idempotent: a replay
/// after a crash finds the message already stored and changes nothing.
public struct IngestPipeline: InboxHandler {
    let store: any ParleyStore
    let clock: any WallClock
    let ids: any IDGenerator
    let logger: Logger
    let channels: ChannelDirectory
    let router: RoutingService?

    public init(store: any ParleyStore, clock: any WallClock, ids: any IDGenerator, logger: Logger, router: RoutingService? = nil) {
        self.store = store
        self.router = router
        self.clock = clock
        self.ids = ids
        self.logger = logger
        self.channels = ChannelDirectory(store: store)
    }

    public func handle(_ stored: StoredInboxEvent) async throws -> [DomainEvent] {
        let event = stored.event
        let accepted = DomainEvent.inboundAccepted(InboundAccepted(
            inboxEventID: stored.id, channel: event.channel.description, category: event.category, occurredAt: event.occurredAt))
        guard event.category == .message else { return [accepted] }
        guard let delivery = try await store.delivery(stored.deliveryID),
            let payload = DeliverySplitter.payload(of: delivery.body, from: delivery.source, index: event.index)
        else {
            logger.error("inbox event's delivery could not be re-split; kept for inspection", metadata: ["inbox_event": "\(stored.id)"])
            return [accepted]
        }
        switch Normaliser.normalise(event, payload: payload, source: delivery.source) {
        case .skipped(let why):
            logger.debug("inbox event not routed", metadata: ["inbox_event": "\(stored.id)", "why": "\(why)"])
        case .message(let message):
            let channel = try await channels.channel(for: event.channel)
            let timeout = TimeInterval(channel?.inactivityTimeout ?? 72 * 3600)
            let result = try await store.ingest(message, channelID: channel?.id, inactivityTimeout: timeout, at: clock.now(), ids: ids)
            if !result.duplicate && channel == nil {
                logger.warning("message for a channel that is not configured", metadata: ["channel": "\(event.channel)"])
            }
            // A crash between the ingest and this call leaves the interaction 'new'; routing queues it at its next start.
            if result.createdInteraction, let router, let interaction = try await store.interaction(result.interactionID) {
                try await router.interactionArrived(interaction)
            }
        }
        return [accepted]
    }
}

/// Channels by their inbox key, cached. A key not found reloads the list (a channel added while running),
/// at most every few seconds, so traffic for an unconfigured account does not query on every event.
final class ChannelDirectory: Sendable {
    private let store: any ParleyStore
    private let cache = Mutex<(channels: [ChannelKey: Channel], loadedAt: ContinuousClock.Instant?)>(([:], nil))
    private let reloadAfter: Duration = .seconds(5)

    init(store: any ParleyStore) { self.store = store }

    func channel(for key: ChannelKey) async throws -> Channel? {
        let (cached, fresh) = cache.withLock { state in
            (state.channels[key], state.loadedAt.map { ContinuousClock.now - $0 < reloadAfter } ?? false)
        }
        if let cached { return cached }
        if fresh { return nil }
        let all = try await store.channels()
        let byKey = Dictionary(all.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        cache.withLock { $0 = (byKey, ContinuousClock.now) }
        return byKey[key]
    }
}
