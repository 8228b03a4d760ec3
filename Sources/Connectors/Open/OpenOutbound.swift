import Domain
import Foundation

/// What Parley posts to an open channel's integrator URL (version 1, docs/connectors/open.md): an agent's or an
/// automatic answer to one customer. The composer writes it without `id`; the sender stamps the Parley message
/// id at send time (the message is stored after its request is composed), then signs the exact bytes it posts.
public struct OpenOutbound: Codable, Sendable, Hashable {
    public struct Recipient: Codable, Sendable, Hashable {
        public var id: String
    }

    public struct Attachment: Codable, Sendable, Hashable {
        public var url: String
        public var type: String
        public var mime: String?
        public var filename: String?
    }

    public var version = 1
    public var type = "message"
    /// Parley's id of the message: receipts name it as `messageId`. Stamped by the sender.
    public var id: String?
    /// The channel's account id, as in the URL the integrator posts to (`/webhooks/open/{channel}`).
    public var channel: String
    public var recipient: Recipient
    public var text: String?
    public var attachments: [Attachment]?
    /// The integrator's id of the customer message this answers, when the agent answered one.
    public var inReplyTo: String?

    /// The bytes posted: sorted keys, slashes unescaped, so the same message always signs the same.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, integers and arrays of them only: encoding cannot fail.
        return try! encoder.encode(self)
    }

    public static func decode(_ body: Data) -> OpenOutbound? {
        try? JSONDecoder().decode(OpenOutbound.self, from: body)
    }
}

/// The probe `parley channel check` posts: the integrator answers it 2xx and otherwise ignores it.
public struct OpenPing: Codable, Sendable {
    public var version = 1
    public var type = "ping"
    public var id: String
    public var channel: String

    public init(id: String, channel: String) {
        self.id = id
        self.channel = channel
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try! encoder.encode(self)
    }
}
