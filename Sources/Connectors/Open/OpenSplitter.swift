import Domain
import Foundation

/// Splits a delivery of Parley's open channel: one versioned message or receipt per body (`OpenInbound`).
/// The channel is not in the body but in the endpoint it was posted to (`/webhooks/open/{channel}`), so the
/// caller names it.
public enum OpenSplitter {
    /// The delivery as the inbox stores it, or the contract error that refuses it (nothing is stored then).
    public static func delivery(_ body: Data, account: String, receivedAt: Date) throws(OpenContractError) -> InboundDelivery {
        let collector = try split(body, account: account, withPayloads: false)
        return InboundDelivery(source: .open, receivedAt: receivedAt, body: body, content: .events(collector.events))
    }

    static func split(_ body: Data, account: String, withPayloads: Bool) throws(OpenContractError) -> EventCollector {
        let object = try OpenInbound.object(body)
        let inbound = try OpenInbound.read(object)
        var collector = EventCollector(withPayloads: withPayloads)
        let category: InboxEvent.Category = if case .message = inbound { .message } else { .receipt }
        collector.add(object, channel: ChannelKey(kind: .open, accountID: account), key: inbound.dedupeKey, category: category,
                      at: inbound.occurredAt)
        return collector
    }

    /// For the normalisers, which split a stored body again only to find its event's JSON: the channel comes from
    /// the stored event, so the account does not matter here.
    static func split(_ body: Data, withPayloads: Bool) throws(SplitError) -> EventCollector {
        do {
            return try split(body, account: "", withPayloads: withPayloads)
        } catch {
            throw SplitError.malformed(error.message)
        }
    }
}

extension ParseStrategy where Self == Date.ISO8601FormatStyle {
    static var iso8601WithFractions: Date.ISO8601FormatStyle { Date.ISO8601FormatStyle(includingFractionalSeconds: true) }
}
