import Foundation

/// Which webhook endpoint a delivery arrived on. One endpoint per platform app: Meta's single callback
/// carries Facebook page, Messenger, Instagram and WhatsApp events alike.
public enum WebhookSource: String, Codable, Sendable, CaseIterable {
    case meta
    case x
    case line
    case open
    /// Parley's own web messenger: visitors' messages enter the inbox like any platform's (never via /webhooks).
    case web
}

/// One verified HTTP delivery from a platform, split into the events it carries — or marked poison when
/// its body could not be parsed. Stored, with its raw bytes, before it is acknowledged.
public struct InboundDelivery: Sendable {
    public var source: WebhookSource
    public var receivedAt: Date
    public var body: Data
    public var content: Content

    public enum Content: Sendable {
        case events([InboxEvent])
        /// Signed correctly but unparseable: kept for inspection and acknowledged so the platform does not
        /// retry it forever.
        case poison(reason: String)
    }

    public init(source: WebhookSource, receivedAt: Date, body: Data, content: Content) {
        self.source = source
        self.receivedAt = receivedAt
        self.body = body
        self.content = content
    }
}

/// One event of a delivery, with the channel it belongs to and the key that makes redeliveries no-ops.
public struct InboxEvent: Sendable, Hashable {
    public enum Category: String, Codable, Sendable, CaseIterable {
        /// A customer's message, post, comment, tweet or DM.
        case message
        /// Our own outgoing message or post, reported back by the platform.
        case echo
        /// A change to an existing message: edit, delete, unsend, hide.
        case messageChange = "message_change"
        /// Delivery, read and status receipts.
        case receipt
        /// Likes, reactions, favourites.
        case reaction
        /// Follow, unfollow, block, join, leave.
        case relationship
        /// Postbacks, quick replies, referrals, opt-ins.
        case action
        /// Something the splitter does not know yet: stored and logged, never dropped.
        case unknown
    }

    public var channel: ChannelKey
    public var dedupeKey: String
    public var category: Category
    public var occurredAt: Date?
    /// The event's position in its delivery. The inbox stores the delivery's raw body once; the normaliser
    /// splits it again (the splitter is pure) and takes the event at this index.
    public var index: Int
    /// The single event's JSON, cut out of the delivery. Only produced when asked for (not on the
    /// acknowledgement path, where re-encoding JSON would cost more than everything else).
    public var payload: Data?

    public init(channel: ChannelKey, dedupeKey: String, category: Category, occurredAt: Date?, index: Int = 0, payload: Data? = nil) {
        self.channel = channel
        self.dedupeKey = dedupeKey
        self.category = category
        self.occurredAt = occurredAt
        self.index = index
        self.payload = payload
    }
}

/// An inbox event as stored, with its row id and processing state.
public struct StoredInboxEvent: Sendable, Hashable {
    public var id: Int64
    public var deliveryID: Int64
    public var event: InboxEvent
    public var processedAt: Date?

    public init(id: Int64, deliveryID: Int64, event: InboxEvent, processedAt: Date?) {
        self.id = id
        self.deliveryID = deliveryID
        self.event = event
        self.processedAt = processedAt
    }
}
