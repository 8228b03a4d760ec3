import Domain
import Foundation

/// Splits LINE webhook deliveries. `events` may be empty (the console's connectivity check): no events,
/// still acknowledged. Redeliveries carry the same `webhookEventId`, which is the dedupe key. A postback (the
/// customer tapped a button) is a message from the customer, as Messenger's is.
enum LineSplitter {
    static func split(_ body: Data, withPayloads: Bool) throws(SplitError) -> EventCollector {
        let root = try JSON.parseObject(body)
        guard let destination = root.string("destination") else { throw SplitError.malformed("missing 'destination'") }
        guard let events = root["events"] as? [Any] else { throw SplitError.malformed("missing 'events' array") }
        let channel = ChannelKey(kind: .line, accountID: destination)
        var collector = EventCollector(withPayloads: withPayloads)
        for case let event as JSONObject in events {
            collector.add(event, channel: channel, key: event.string("webhookEventId").map { "event:\($0)" },
                          category: category(of: event.string("type")), at: JSON.millis(event.double("timestamp")))
        }
        return collector
    }

    private static func category(of type: String?) -> InboxEvent.Category {
        switch type {
        case "message", "postback": .message
        case "unsend": .messageChange
        case "follow", "unfollow", "join", "leave", "memberJoined", "memberLeft": .relationship
        case "beacon", "accountLink", "things": .action
        default: .unknown
        }
    }
}
