import Connectors
import Domain
import Foundation
import Storage

extension IngestPipeline {
    /// Masks for the repeats inside the batch's deliveries: events a delivery carries that an earlier delivery
    /// brought first (a retried batch with one new event among old ones, an edit sent again beside a new message).
    /// The inbox stores them once, with the earlier delivery, so they never reach the pipeline from this one, yet
    /// this raw body holds their clear text too. A delivery whose events were all stored before keeps no body at
    /// all (the inbox drops it at commit), so only deliveries with something new get here.
    /// Events stored with the delivery itself are left to their own pass, even when a later batch processes them:
    /// the rules must read their text as it came. Computed in the same pass as the batch's own masks, before the
    /// events are marked processed, so a crash in between replays and masks again.
    func repeatMasks(_ batch: [StoredInboxEvent], deliveries: [Int64: StoredDelivery]) async throws -> [Int64: [String: String]] {
        guard !rules.isEmpty else { return [:] }
        let ownInBatch = Dictionary(grouping: batch, by: \.deliveryID).mapValues { Set($0.map(\.event.index)) }
        var candidates: [(delivery: StoredDelivery, event: InboxEvent)] = []
        for (id, own) in ownInBatch {
            // Every event of the body is in this batch: nothing repeated (the common case costs no query).
            guard let delivery = deliveries[id], delivery.eventCount > own.count,
                  let events = try? DeliverySplitter.split(delivery.body, from: delivery.source, withPayloads: true)
            else { continue }
            for event in events where !own.contains(event.index) && [.message, .messageChange].contains(event.category) {
                candidates.append((delivery, event))
            }
        }
        guard !candidates.isEmpty else { return [:] }
        let storedWith = try await store.inboxEventDeliveries(candidates.map { InboxEventKey($0.event) })
        var masks: [Int64: [String: String]] = [:]
        for (delivery, event) in candidates {
            // Stored with this delivery (processed in an earlier batch, or waiting for a later one): not a repeat.
            guard let first = storedWith[InboxEventKey(event)], first != delivery.id, let payload = event.payload,
                  let text = Self.text(of: event, payload: payload, source: delivery.source)
            else { continue }
            let shown = try await maskedForAgents(text, on: event.channel)
            if shown != text { masks[delivery.id, default: [:]][text] = shown }
        }
        return masks
    }

    /// The customer's text in a message or an edit, as the normalisers read it.
    private static func text(of event: InboxEvent, payload: Data, source: WebhookSource) -> String? {
        switch event.category {
        case .message:
            if case .message(let message) = Normaliser.normalise(event, payload: payload, source: source) { return message.text }
        case .messageChange:
            if case .change(let change) = ChangeNormaliser.normalise(event, payload: payload, source: source),
               case .edited(let text, _) = change.kind { return text }
        default:
            break
        }
        return nil
    }
}
