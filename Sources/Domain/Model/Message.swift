import Foundation

/// One message of an interaction, inbound from a customer or outbound from an agent or automation.
public struct Message: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<Message>

    public enum Direction: String, Codable, Sendable {
        case inbound
        case outbound
    }

    /// Where an outbound message is on its way to the platform.
    public enum DeliveryStatus: String, Codable, Sendable {
        case received
        case pending
        case sent
        case delivered
        case read
        case failed
    }

    public var id: ID
    public var interactionID: Interaction.ID
    public var direction: Direction
    public var visibility: Visibility
    public var author: Identity.Key?
    /// For outbound messages written by an agent.
    public var agentID: User.ID?
    public var text: String
    public var attachments: [Attachment]
    public var platformMessageID: String?
    public var deliveryStatus: DeliveryStatus
    public var failureReason: String?
    public var sentAt: Date
    /// When the author last edited it on the platform; its earlier texts are its `MessageRevision`s.
    public var editedAt: Date?
    /// When its author removed (deleted, unsent) it on the platform. The text stays for the record.
    public var deletedAt: Date?
    /// When a moderator hid it on the platform (a hidden comment is still there, seen only by its author).
    public var hiddenAt: Date?
    /// Sent by the page from another tool (Meta Business Suite, another app): known only from the platform's
    /// echo, so it has no agent. Parley's own answers without an agent are automatic ones.
    public var sentOutsideParley: Bool
    /// The customer's reaction to it (an emoji, or the platform's name of one), nil when they have none.
    public var reaction: String?

    public init(
        id: ID, interactionID: Interaction.ID, direction: Direction, visibility: Visibility,
        author: Identity.Key? = nil, agentID: User.ID? = nil, text: String, attachments: [Attachment] = [],
        platformMessageID: String? = nil, deliveryStatus: DeliveryStatus, failureReason: String? = nil,
        sentAt: Date, editedAt: Date? = nil, deletedAt: Date? = nil, hiddenAt: Date? = nil, sentOutsideParley: Bool = false,
        reaction: String? = nil
    ) {
        self.id = id
        self.interactionID = interactionID
        self.direction = direction
        self.visibility = visibility
        self.author = author
        self.agentID = agentID
        self.text = text
        self.attachments = attachments
        self.platformMessageID = platformMessageID
        self.deliveryStatus = deliveryStatus
        self.failureReason = failureReason
        self.sentAt = sentAt
        self.editedAt = editedAt
        self.deletedAt = deletedAt
        self.hiddenAt = hiddenAt
        self.sentOutsideParley = sentOutsideParley
        self.reaction = reaction
    }
}

/// What a message said before one of its edits on the platform. `revision` counts the edits (Messenger's
/// `num_edit` when the platform gives it): revision 1 holds the text as first received.
public struct MessageRevision: Codable, Sendable, Hashable {
    public var messageID: Message.ID
    public var revision: Int
    public var text: String
    /// When Parley learnt the edit that replaced this text.
    public var replacedAt: Date

    public init(messageID: Message.ID, revision: Int, text: String, replacedAt: Date) {
        self.messageID = messageID
        self.revision = revision
        self.text = text
        self.replacedAt = replacedAt
    }
}

public struct Attachment: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        case image, video, audio, file, sticker, location, link, other
    }

    public var kind: Kind
    public var url: String?
    public var mimeType: String?
    public var filename: String?

    public init(kind: Kind, url: String? = nil, mimeType: String? = nil, filename: String? = nil) {
        self.kind = kind
        self.url = url
        self.mimeType = mimeType
        self.filename = filename
    }
}

extension Message.DeliveryStatus {
    /// Whether a platform receipt saying `next` moves a message in this status on. Statuses only move forward
    /// (sent → delivered → read; receipts arrive out of order and twice), and a failure counts only before the
    /// platform confirmed delivery.
    public func advances(to next: Message.DeliveryStatus) -> Bool {
        if next == .failed { return self == .pending || self == .sent }
        guard self != .failed, self != .received else { return false }
        return next.progress > progress
    }

    private var progress: Int {
        switch self {
        case .received, .pending, .failed: 0
        case .sent: 1
        case .delivered: 2
        case .read: 3
        }
    }
}
