import Domain
import Foundation

/// One inbound attachment Parley copies from the platform into its data directory, because platform URLs
/// expire (WhatsApp's within minutes, Meta's CDN links within days). The row is the durable queue entry and,
/// once settled, the record of what happened: `stored` (the file is Parley's), `failed` (with the reason the agent
/// reads) or `skipped` (nothing to fetch: a location, a link, a platform Parley does not fetch from yet).
public struct MediaFetch: Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<MediaFetch>

    public enum State: String, Sendable, Codable {
        case pending, stored, failed, skipped
    }

    public var id: ID
    public var messageID: Message.ID
    public var interactionID: Interaction.ID
    /// The attachment's index in the message's `attachments`.
    public var position: Int
    public var channel: ChannelKey
    /// The platform's reference, kept for the record: a URL, or `whatsapp-media:<id>`.
    public var source: String
    public var state: State
    public var reason: String?
    /// The stored file's name in the media directory.
    public var file: String?
    public var mimeType: String?
    public var size: Int?
    public var attempts: Int
    public var createdAt: Date

    public init(id: ID, messageID: Message.ID, interactionID: Interaction.ID, position: Int, channel: ChannelKey, source: String,
                state: State, reason: String? = nil, file: String? = nil, mimeType: String? = nil, size: Int? = nil,
                attempts: Int = 0, createdAt: Date) {
        self.id = id
        self.messageID = messageID
        self.interactionID = interactionID
        self.position = position
        self.channel = channel
        self.source = source
        self.state = state
        self.reason = reason
        self.file = file
        self.mimeType = mimeType
        self.size = size
        self.attempts = attempts
        self.createdAt = createdAt
    }

    /// The id of a message's attachment: stable, so a second sweep of the same message finds its rows.
    public static func id(message: Message.ID, position: Int) -> ID { ID("\(message.rawValue)-\(position)") }

    /// What Parley fetches: Meta attachments with an https/http URL, a WhatsApp media id, LINE content by message
    /// id (`line-content:`) or LINE media from an external provider. Nil for everything else (no URL, a web
    /// messenger upload already in Parley, LINE stickers, X media: not fetched yet).
    public static func source(of attachment: Attachment, on channel: ChannelKey) -> String? {
        guard [.messenger, .instagram, .whatsapp, .facebookPage, .line].contains(channel.kind), let url = attachment.url,
            [.image, .video, .audio, .file, .sticker, .other].contains(attachment.kind)
        else { return nil }
        if url.hasPrefix("whatsapp-media:"), url.count > "whatsapp-media:".count { return url }
        if url.hasPrefix("line-content:"), url.count > "line-content:".count { return url }
        if url.hasPrefix("https://") || url.hasPrefix("http://") { return url }
        return nil
    }
}

/// How one attempt ended.
public enum MediaFetchOutcome: Sendable, Equatable {
    case stored(file: String, mimeType: String, size: Int)
    /// A transient failure: tried again at `at` (the reason is kept meanwhile).
    case retry(at: Date, reason: String)
    case failed(reason: String)
}

/// The media fetch queue (table `media_fetches`). Rows are made by a sweep over stored inbound messages rather than
/// in the ingest transaction, so every path that stores a message (webhooks, polling, echoes, imports) is covered
/// without each having to remember the queue.
public protocol MediaStore: Sendable {
    /// Gives the attachments of up to `limit` inbound messages that have none yet their rows (pending or skipped);
    /// returns how many messages it looked at.
    @discardableResult
    func queueMediaFetches(now: Date, limit: Int) async throws -> Int

    /// Pending fetches due at `now`, oldest first, each leased until `leaseUntil` (another pass or node does not take
    /// them meanwhile; a crash mid-download lets the lease run out and the fetch is tried again).
    func claimMediaFetches(now: Date, leaseUntil: Date, limit: Int) async throws -> [MediaFetch]

    /// Records an attempt's outcome (one attempt more).
    func recordMediaFetch(_ id: MediaFetch.ID, _ outcome: MediaFetchOutcome, at now: Date) async throws

    func mediaFetch(_ id: MediaFetch.ID) async throws -> MediaFetch?

    /// Every attachment row of the interaction's messages.
    func mediaFetches(of interaction: Interaction.ID) async throws -> [MediaFetch]

    /// The bytes of every stored file, for the data directory's quota.
    func storedMediaBytes() async throws -> Int
}
