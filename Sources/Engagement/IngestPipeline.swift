import Connectors
import Domain
import Foundation
import Logging
import Routing
import Storage
import Synchronization

/// The pipeline after the inbox, for one stored event: normalise → the channel's keyword rules (masking before
/// anything is stored) → resolve the contact → thread into an interaction → store the message → for a new
/// interaction: the content analyzer scores the (masked) first message, non-actionable ones are closed, the
/// calendar may answer and hold it, the rest go to routing. Then edits, removals, hides and the page's echoes
/// (`applyChanges`), receipts, and who follows the accounts (`applyFollows`).
/// Every step is idempotent: a replay after a crash finds the message already stored and changes nothing (an
/// interaction created just before a crash is routed unscored at the next start).
public struct IngestPipeline: InboxHandler {
    let store: any ParleyStore
    let clock: any WallClock
    let ids: any IDGenerator
    let logger: Logger
    let channels: ChannelDirectory
    let router: (any RoutingGateway)?
    let rules: [Channel.ID: KeywordRuleSet]
    let admission: Admission
    let analyzer: ContentAnalyzerSlot?
    let analysis: [Channel.ID: ContentAnalysisSettings]
    let automations: [Channel.ID: ChannelAutomations]
    /// Where LINE messages' reply tokens are kept for the first answer (`LineSender`).
    let lineReplyTokens: LineReplyTokens?

    public init(store: any ParleyStore, clock: any WallClock, ids: any IDGenerator, logger: Logger, router: (any RoutingGateway)? = nil,
                rules: [Channel.ID: KeywordRuleSet] = [:], analyzer: ContentAnalyzerSlot? = nil,
                analysis: [Channel.ID: ContentAnalysisSettings] = [:], automations: [Channel.ID: ChannelAutomations] = [:],
                lineReplyTokens: LineReplyTokens? = nil) {
        self.store = store
        self.lineReplyTokens = lineReplyTokens
        self.analyzer = analyzer
        self.analysis = analysis
        self.automations = automations
        self.router = router
        self.clock = clock
        self.ids = ids
        self.logger = logger
        self.rules = rules
        self.channels = ChannelDirectory(store: store)
        self.admission = Admission(store: store, clock: clock, ids: ids, logger: logger)
    }

    public func handle(_ batch: [StoredInboxEvent]) async throws -> [DomainEvent] {
        // Every event's delivery, not only those acted on: a reaction's delivery may repeat a masked message too.
        let deliveries = try await store.deliveries(batch.map(\.deliveryID))
        let dated = batch.map { $0.datedAtReceipt(deliveries[$0.deliveryID]) }
        let messageEvents = dated.filter { $0.event.category == .message }
        let receiptEvents = dated.filter { $0.event.category == .receipt }
        let changeEvents = dated.filter { [.messageChange, .echo].contains($0.event.category) }
        let relationshipEvents = dated.filter { $0.event.category == .relationship }
        var requests: [IngestRequest] = []
        var outcomes: [RuleOutcome?] = []
        var channelOf: [Channel?] = []
        var receivedAt: [Date] = []
        // Per delivery: original text → masked text, to rewrite the raw body once the masked messages are stored.
        var masked: [Int64: [String: String]] = [:]
        for stored in messageEvents {
            guard let delivery = deliveries[stored.deliveryID] else {
                logger.error("inbox event without its delivery; kept for inspection", metadata: ["inbox_event": "\(stored.id)"])
                continue
            }
            switch Normaliser.normalise(stored.event, deliveryBody: delivery.body, source: delivery.source) {
            case .skipped(let why):
                logger.debug("inbox event not routed", metadata: ["inbox_event": "\(stored.id)", "why": "\(why)"])
            case .message(var message):
                let channel = try await channels.channel(for: stored.event.channel)
                if channel == nil {
                    logger.debug("message for a channel that is not configured", metadata: ["channel": "\(stored.event.channel)"])
                }
                var outcome: RuleOutcome?
                if let channel, let ruleSet = rules[channel.id] {
                    let evaluated = ruleSet.evaluate(message.text, channel: channel.id, kind: channel.kind)
                    if !evaluated.timedOutRuleIDs.isEmpty {
                        logger.warning("keyword rules ran out of time; the message flows as if they did not match",
                                       metadata: ["rules": "\(evaluated.timedOutRuleIDs)", "channel": "\(channel.id)"])
                    }
                    // Agents (and the database) see the masked text only.
                    let text = evaluated.textForAgents(original: message.text)
                    if text != message.text { masked[stored.deliveryID, default: [:]][message.text] = text }
                    message.text = text
                    outcome = evaluated
                }
                requests.append(IngestRequest(message: message, channelID: channel?.id,
                                              inactivityTimeout: TimeInterval(channel?.inactivityTimeout ?? 72 * 3600)))
                outcomes.append(outcome)
                channelOf.append(channel)
                receivedAt.append(delivery.receivedAt)
            }
        }
        // One transaction for the whole batch: processing keeps pace with ingest.
        let results = try await store.ingest(requests, at: clock.now(), ids: ids)
        // A token counts from its webhook's arrival; a replayed message's token was kept (or has expired) already.
        for (index, result) in results.enumerated() where !result.duplicate {
            let message = requests[index].message
            if let token = message.replyToken {
                lineReplyTokens?.record(token, customer: message.author.key, receivedAt: receivedAt[index])
            }
        }
        // After the messages of the batch: a follow delivered with the customer's first message finds their contact.
        _ = try await applyFollows(relationshipEvents, deliveries: deliveries)
        for (id, masks) in try await applyChanges(changeEvents, deliveries: deliveries) {
            masked[id, default: [:]].merge(masks) { kept, _ in kept }
        }
        for (id, masks) in try await repeatMasks(batch, deliveries: deliveries) {
            masked[id, default: [:]].merge(masks) { kept, _ in kept }
        }
        // After the masked messages are stored: a crash in between replays from the raw body and masks again.
        for (id, masks) in masked {
            if let body = deliveries[id].flatMap({ DeliveryRedaction.redact($0.body, replacing: masks) }) {
                try await store.redactDelivery(id, body: body)
            }
        }
        let created = results.indices.filter { results[$0].createdInteraction }
        let analyses = try await score(created, of: results, requests: requests)
        // A crash between the ingest and routing leaves interactions 'new'; routing queues them at its next start.
        if let router {
            for result in results {
                if let closed = result.closedInteractionID { try await router.submit(.closed(closed)) }
            }
            let context = created.isEmpty ? nil : try await admission.context()
            for index in created {
                guard let interaction = try await store.interaction(results[index].interactionID), let context else { continue }
                try await engage(interaction, message: requests[index].message, channel: channelOf[index], rule: outcomes[index],
                                 analysis: analyses[index], context: context, router: router)
            }
            // The customer wrote again in an open interaction: back to active for routing (a kept slot is counted again).
            for result in results where !result.createdInteraction && !result.duplicate {
                try await router.submit(.customerReplied(result.interactionID))
            }
        }
        // Delivered and read, as the platform reports it about what Parley sent (nothing about unknown messages).
        let receipts = receiptEvents.flatMap { stored in
            deliveries[stored.deliveryID].map { ReceiptNormaliser.receipts(stored.event, deliveryBody: $0.body, source: $0.source) } ?? []
        }
        try await store.applyReceipts(receipts, at: clock.now())
        return batch.map { stored in
            .inboundAccepted(InboundAccepted(inboxEventID: stored.id, channel: stored.event.channel.description,
                                             category: stored.event.category, occurredAt: stored.event.occurredAt))
        }
    }

    /// Analyses the first message of each new interaction and stores its scores, before routing reads the
    /// interaction; by result index. Empty without an analyzer (off, or its models still loading).
    private func score(_ created: [Int], of results: [IngestResult], requests: [IngestRequest]) async throws -> [Int: ContentAnalysis] {
        guard let analyzer = analyzer?.current else { return [:] }
        var analyses: [Int: ContentAnalysis] = [:]
        for index in created {
            let message = requests[index].message
            let analysis = analyzer.analyze(text: message.text)
            analyses[index] = analysis
            try await store.setScores(results[index].interactionID, Interaction.Scores(analysis, author: message.authorProfile))
        }
        return analyses
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

extension StoredInboxEvent {
    /// How far ahead of Parley's clock a platform's time may be (clock skew) before it is not believed.
    static let plausibleSkew: TimeInterval = 300

    /// The event with a time: the platform's, or — when it gave none Parley could read (absent, or outside
    /// 1970…2100), or one in the future of its receipt — when Parley received it. Without this a message was dated
    /// 1970 (its messaging window read as closed for decades) or 2100 (open for decades, never closed as inactive).
    /// The inbox keeps what the platform sent; only what is normalised from it is dated this way.
    func datedAtReceipt(_ delivery: StoredDelivery?) -> StoredInboxEvent {
        guard let delivery else { return self }
        if let occurred = event.occurredAt, occurred <= delivery.receivedAt + Self.plausibleSkew { return self }
        var dated = self
        dated.event.occurredAt = delivery.receivedAt
        return dated
    }
}
