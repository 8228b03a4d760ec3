import Connectors
import Domain
import Foundation
import Storage

extension IngestPipeline {
    /// Edits, removals and hides of stored messages, then the page's echoes, after the batch's new messages are
    /// stored (a change or echo in the same delivery as its message finds it). An edited text passes the
    /// channel's keyword masking like a new message: agents never see what a mask hides. Changes to messages
    /// Parley never stored, and echoes in threads it has no interaction for, are only logged.
    /// Returns, per delivery, the original edited texts and their masks, for the raw-body redaction.
    func applyChanges(_ events: [StoredInboxEvent], deliveries: [Int64: StoredDelivery]) async throws -> [Int64: [String: String]] {
        var changes: [MessageChange] = []
        var echoes: [PlatformEcho] = []
        var masked: [Int64: [String: String]] = [:]
        for stored in events {
            guard let delivery = deliveries[stored.deliveryID] else {
                logger.error("inbox event without its delivery; kept for inspection", metadata: ["inbox_event": "\(stored.id)"])
                continue
            }
            switch ChangeNormaliser.normalise(stored.event, deliveryBody: delivery.body, source: delivery.source) {
            case .skipped(let why):
                logger.debug("inbox event not applied", metadata: ["inbox_event": "\(stored.id)", "why": "\(why)"])
            case .echo(let echo):
                echoes.append(echo)
            case .change(var change):
                if case .edited(let text, let sequence) = change.kind {
                    let shown = try await maskedForAgents(text, on: change.channel)
                    if shown != text { masked[stored.deliveryID, default: [:]][text] = shown }
                    change.kind = .edited(text: shown, sequence: sequence)
                }
                changes.append(change)
            }
        }
        let now = clock.now()
        for (change, outcome) in zip(changes, try await store.applyChanges(changes, at: now)) where outcome == .unknownMessage {
            logger.debug("change to a message Parley never stored", metadata: ["channel": "\(change.channel)"])
        }
        for (echo, outcome) in zip(echoes, try await store.recordEchoes(echoes, at: now, ids: ids)) where outcome == .noInteraction {
            logger.debug("echo in a thread without an interaction", metadata: ["channel": "\(echo.channel)"])
        }
        return masked
    }

    /// The text as the channel's keyword rules let agents see it.
    func maskedForAgents(_ text: String, on key: ChannelKey) async throws -> String {
        guard let channel = try await channels.channel(for: key), let ruleSet = rules[channel.id] else { return text }
        return ruleSet.evaluate(text, channel: channel.id, kind: channel.kind).textForAgents(original: text)
    }
}
