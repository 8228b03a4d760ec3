import Domain
import Foundation
import Hummingbird
import Storage

struct InteractionDTO: ResponseCodable, APISchema {
    var id: String
    var channelId: String
    var threadKey: String
    var visibility: String
    var contactId: String
    var state: String
    var outcome: String?
    var workgroupId: String?
    var priority: Int
    var assignedAgentId: String?
    var createdAt: Date
    var updatedAt: Date
    var lastCustomerMessageAt: Date?
    var closedAt: Date?
    var wrapUpCode: String?
    var scores: InteractionScoresDTO

    init(_ interaction: Interaction) {
        id = interaction.id.rawValue
        channelId = interaction.channelID.rawValue
        threadKey = interaction.threadKey.description
        visibility = interaction.visibility.rawValue
        contactId = interaction.contactID.rawValue
        state = interaction.state.rawValue
        outcome = interaction.outcome?.rawValue
        workgroupId = interaction.workgroupID?.rawValue
        priority = interaction.priority
        assignedAgentId = interaction.assignedAgentID?.rawValue
        createdAt = interaction.createdAt
        updatedAt = interaction.updatedAt
        lastCustomerMessageAt = interaction.lastCustomerMessageAt
        closedAt = interaction.closedAt
        wrapUpCode = interaction.wrapUpCode?.rawValue
        scores = InteractionScoresDTO(interaction.scores)
    }

    static let schemaName = "Interaction"
    static var schema: Schema {
        .object([
            ("id", .string()), ("channelId", .string()), ("threadKey", .string()), ("visibility", .string(values: ["public", "private"])),
            ("contactId", .string()), ("state", .string(values: Interaction.State.allCases.map(\.rawValue))),
            ("outcome", .string(values: ["wrapped_up", "deflected", "abandoned", "auto_closed", "non_actionable"])), ("workgroupId", .string()),
            ("priority", .integer()), ("assignedAgentId", .string()), ("createdAt", .string(format: "date-time")),
            ("updatedAt", .string(format: "date-time")), ("lastCustomerMessageAt", .string(format: "date-time")),
            ("closedAt", .string(format: "date-time")), ("wrapUpCode", .string()), ("scores", .ref("InteractionScores")),
        ], required: ["id", "channelId", "threadKey", "visibility", "contactId", "state", "priority", "createdAt", "updatedAt", "scores"])
    }
}

/// The content analyzer's reading of the first message (docs/content-analysis.md). A score is absent when its
/// model was unavailable, the analyzer was off, or (influence) the platform gives no follower count.
struct InteractionScoresDTO: Codable, APISchema {
    var actionability: Double?
    var sentiment: Double?
    var influence: Double?
    var category: String?
    var language: String?

    init(_ scores: Interaction.Scores) {
        actionability = scores.actionability
        sentiment = scores.sentiment
        influence = scores.influence
        category = scores.category
        language = scores.language
    }

    static let schemaName = "InteractionScores"
    static var schema: Schema {
        .object([("actionability", .number), ("sentiment", .number), ("influence", .number), ("category", .string()), ("language", .string())],
                required: [])
    }
}

struct AttachmentDTO: Codable, APISchema {
    var kind: String
    /// Parley's own URL (`/api/v1/media/{id}`) once the file is stored; until then the platform's reference.
    var url: String?
    var mimeType: String?
    var filename: String?
    /// Inbound attachments Parley copies (docs/api.md, "Media"): the copy's id, its state (`pending`, `stored`,
    /// `failed`, `skipped`), why it failed, and the platform's reference kept for the record.
    var mediaId: String?
    var state: String?
    var reason: String?
    var platformUrl: String?
    var size: Int?

    init(kind: String, url: String?, mimeType: String?, filename: String?) {
        self.kind = kind
        self.url = url
        self.mimeType = mimeType
        self.filename = filename
    }

    /// An attachment as stored, with its media copy when Parley made one.
    init(_ attachment: Attachment, media: MediaFetch?) {
        self.init(kind: attachment.kind.rawValue, url: attachment.url, mimeType: attachment.mimeType, filename: attachment.filename)
        guard let media, media.state != .skipped else { return }
        mediaId = media.id.rawValue
        state = media.state.rawValue
        reason = media.reason
        platformUrl = attachment.url
        if media.state == .stored {
            url = "/api/v1/media/\(media.id.rawValue)"
            mimeType = media.mimeType ?? mimeType
            size = media.size
        }
    }

    static let schemaName = "Attachment"
    static var schema: Schema {
        .object([("kind", .string()), ("url", .string()), ("mimeType", .string()), ("filename", .string()), ("mediaId", .string()),
                 ("state", .string(values: ["pending", "stored", "failed"])), ("reason", .string()), ("platformUrl", .string()),
                 ("size", .integer())],
                required: ["kind"])
    }
}

struct MessageDTO: Codable, APISchema {
    var id: String
    var interactionId: String
    var direction: String
    var visibility: String
    var author: String?
    var agentId: String?
    /// The display name of the agent who wrote it ("Former user" once removed).
    var agentName: String?
    var text: String
    var attachments: [AttachmentDTO]
    var platformMessageId: String?
    var deliveryStatus: String
    var failureReason: String?
    /// Waiting for another attempt (a platform rate limit, a temporary error): when it is due, and why it waits.
    var retryAt: Date?
    var retryReason: String?
    var sentAt: Date
    /// When the author last edited it on the platform; `revisions` holds what it said before (when asked for).
    var editedAt: Date?
    /// When the author removed (deleted, unsent) it on the platform; the text is kept.
    var removedAt: Date?
    /// Hidden by a moderator on the platform (`hiddenAt` since when).
    var hidden: Bool
    var hiddenAt: Date?
    /// Sent by the page from another tool (Meta Business Suite…): no agent wrote it in Parley.
    var sentOutsideParley: Bool
    /// The customer's reaction to it (an emoji, or the platform's name of one).
    var reaction: String?
    var revisions: [MessageRevisionDTO]?

    /// `revisions`: the message's earlier texts, oldest first; none leaves the field out.
    init(_ message: Message, agentName: String? = nil, revisions: [MessageRevision] = [], media: [Int: MediaFetch] = [:],
         retry: PendingRetry? = nil) {
        id = message.id.rawValue
        interactionId = message.interactionID.rawValue
        direction = message.direction.rawValue
        visibility = message.visibility.rawValue
        author = message.author?.description
        agentId = message.agentID?.rawValue
        self.agentName = message.agentID == nil ? nil : agentName
        text = message.text
        attachments = message.attachments.enumerated().map { AttachmentDTO($1, media: media[$0]) }
        platformMessageId = message.platformMessageID
        deliveryStatus = message.deliveryStatus.rawValue
        failureReason = message.failureReason
        if message.deliveryStatus == .pending, let retry {
            retryAt = retry.at
            retryReason = retry.reason
        }
        sentAt = message.sentAt
        editedAt = message.editedAt
        removedAt = message.deletedAt
        hidden = message.hiddenAt != nil
        hiddenAt = message.hiddenAt
        sentOutsideParley = message.sentOutsideParley
        reaction = message.reaction
        self.revisions = revisions.isEmpty ? nil : revisions.map(MessageRevisionDTO.init)
    }

    static let schemaName = "Message"
    static var schema: Schema {
        .object([
            ("id", .string()), ("interactionId", .string()), ("direction", .string(values: ["inbound", "outbound"])),
            ("visibility", .string(values: ["public", "private"])), ("author", .string()), ("agentId", .string()), ("agentName", .string()),
            ("text", .string()), ("attachments", .array(.ref("Attachment"))), ("platformMessageId", .string()), ("deliveryStatus", .string()),
            ("failureReason", .string()), ("retryAt", .string(format: "date-time")), ("retryReason", .string()),
            ("sentAt", .string(format: "date-time")), ("editedAt", .string(format: "date-time")),
            ("removedAt", .string(format: "date-time")), ("hidden", .boolean), ("hiddenAt", .string(format: "date-time")),
            ("sentOutsideParley", .boolean), ("reaction", .string()), ("revisions", .array(.ref("MessageRevision"))),
        ], required: ["id", "interactionId", "direction", "visibility", "text", "attachments", "deliveryStatus", "sentAt", "hidden",
                      "sentOutsideParley"])
    }
}

struct InteractionList: ResponseEncodable, APISchema {
    var interactions: [InteractionDTO]
    static let schemaName = "InteractionList"
    static var schema: Schema { .object([("interactions", .array(.ref("Interaction")))], required: ["interactions"]) }
}

/// An interaction with one page of its messages; `nextAfter` continues the page.
struct InteractionDetail: ResponseEncodable, APISchema {
    var interaction: InteractionDTO
    var messages: [MessageDTO]
    var nextAfter: String?
    /// Likes and retweets of the customer's post, oldest first (all of them, on every page).
    var actions: [InteractionActionDTO]
    /// Colleagues' internal notes on the interaction, oldest first (all of them, on every page).
    var notes: [NoteDTO]

    static let schemaName = "InteractionDetail"
    static var schema: Schema {
        .object([("interaction", .ref("Interaction")), ("messages", .array(.ref("Message"))), ("nextAfter", .string()),
                 ("actions", .array(.ref("InteractionAction"))), ("notes", .array(.ref("Note")))],
                required: ["interaction", "messages", "actions", "notes"])
    }
}

/// An action on the customer's post in the interaction's timeline; `by` is "Parley" for an automation.
struct InteractionActionDTO: Encodable, APISchema {
    var id: String
    var action: String
    var target: String
    var by: String
    var agentId: String?
    var at: Date
    /// The platform call's state: pending, in_flight, sent, failed or denied.
    var status: String

    init(_ action: InteractionAction) {
        id = action.id.rawValue
        self.action = action.action.rawValue
        target = action.target
        by = action.agentID == nil ? "Parley" : "agent"
        agentId = action.agentID?.rawValue
        at = action.createdAt
        status = action.status
    }

    static let schemaName = "InteractionAction"
    static var schema: Schema {
        .object([("id", .string()), ("action", .string(values: AutomaticAction.allCases.map(\.rawValue))), ("target", .string()),
                 ("by", .string(values: ["Parley", "agent"])), ("agentId", .nullable(.string())), ("at", .string(format: "date-time")),
                 ("status", .string(values: ["pending", "in_flight", "sent", "failed", "denied"]))],
                required: ["id", "action", "target", "by", "at", "status"])
    }
}
