import Domain
import Foundation

/// A web visitor's message as Parley's messenger endpoint stores it in the inbox: the same durable path as
/// platform webhooks (stored before it is acknowledged, stored once when the browser retries).
public struct WebMessengerDelivery: Codable, Sendable, Hashable {
    /// The web channel's account id (`demo-web`).
    public var channel: String
    public var visitorID: String
    public var visitorName: String?
    /// The browser's `Idempotency-Key` for this message: a retry carries the same one.
    public var clientID: String
    public var text: String
    public var attachments: [Attachment]
    public var sentAt: Date

    public init(channel: String, visitorID: String, visitorName: String?, clientID: String, text: String,
                attachments: [Attachment], sentAt: Date) {
        self.channel = channel
        self.visitorID = visitorID
        self.visitorName = visitorName
        self.clientID = clientID
        self.text = text
        self.attachments = attachments
        self.sentAt = sentAt
    }

    public func encoded() throws -> Data { try Self.encoder.encode(self) }

    /// The message's platform id within its channel: one per visitor and client id.
    public var platformMessageID: String { "\(visitorID):\(clientID)" }

    static func decode(_ body: Data) throws -> WebMessengerDelivery { try decoder.decode(WebMessengerDelivery.self, from: body) }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()
}

/// Web deliveries carry exactly one message.
enum WebSplitter {
    static func split(_ body: Data, withPayloads: Bool) throws(SplitError) -> EventCollector {
        let delivery: WebMessengerDelivery
        do {
            delivery = try WebMessengerDelivery.decode(body)
        } catch {
            throw SplitError.malformed("not a web messenger delivery: \(error)")
        }
        var collector = EventCollector(withPayloads: withPayloads)
        collector.add(try JSON.parseObject(body), channel: ChannelKey(kind: .webMessaging, accountID: delivery.channel),
                      key: "message:\(delivery.platformMessageID)", category: .message, at: delivery.sentAt)
        return collector
    }
}

extension Normaliser {
    /// A web visitor: the identity is the visitor id Parley issued, scoped to the channel.
    static func web(_ object: JSONObject, _ event: InboxEvent) -> InboundMessage? {
        guard let delivery = try? WebMessengerDelivery.decode(JSON.encode(object)) else { return nil }
        let author = Identity(key: Identity.Key(platform: .web, scope: event.channel.accountID, id: delivery.visitorID),
                              displayName: delivery.visitorName)
        return InboundMessage(channel: event.channel, platformMessageID: delivery.platformMessageID, author: author,
                              threadKey: .conversation(customer: author.key), text: delivery.text, attachments: delivery.attachments,
                              sentAt: delivery.sentAt)
    }
}
