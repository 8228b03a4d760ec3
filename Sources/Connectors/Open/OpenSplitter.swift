import Domain
import Foundation

/// Splits deliveries of Parley's open channel (any other platform, through an integrator), whose shape
/// follows open-messaging conventions: `channel.messageId`, `channel.from`, `channel.to.id` (the
/// integration), `type` Text | Receipt | Event. A body may also carry a `messages` array of such objects.
enum OpenSplitter {
    static func split(_ body: Data, withPayloads: Bool) throws(SplitError) -> EventCollector {
        let root = try JSON.parseObject(body)
        let messages = root["messages"] != nil ? root.objects("messages") : [root]
        var collector = EventCollector(withPayloads: withPayloads)
        for message in messages {
            guard let channelInfo = message.object("channel"), let integration = channelInfo.object("to")?.string("id")
            else { throw SplitError.malformed("missing 'channel.to.id'") }
            var key: String?
            if let id = channelInfo.string("messageId") {
                key = "message:\(id)"
            } else if let id = message.string("id") {
                key = "id:\(id):\(channelInfo.string("time") ?? "")"
            }
            let category: InboxEvent.Category
            switch message.string("type") {
            case "Text", "Structured", nil: category = .message
            case "Receipt": category = .receipt
            case "Event": category = .action
            default: category = .unknown
            }
            let at = channelInfo.string("time").flatMap { try? Date($0, strategy: .iso8601WithFractions) }
            collector.add(message, channel: ChannelKey(kind: .open, accountID: integration), key: key, category: category, at: at)
        }
        return collector
    }
}

extension ParseStrategy where Self == Date.ISO8601FormatStyle {
    static var iso8601WithFractions: Date.ISO8601FormatStyle { Date.ISO8601FormatStyle(includingFractionalSeconds: true) }
}
