import Domain
import Foundation
import Hummingbird

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
    }

    static let schemaName = "Interaction"
    static var schema: Schema {
        .object([
            ("id", .string()), ("channelId", .string()), ("threadKey", .string()), ("visibility", .string(values: ["public", "private"])),
            ("contactId", .string()), ("state", .string(values: Interaction.State.allCases.map(\.rawValue))),
            ("outcome", .string(values: ["wrapped_up", "deflected", "abandoned", "auto_closed"])), ("workgroupId", .string()),
            ("priority", .integer()), ("assignedAgentId", .string()), ("createdAt", .string(format: "date-time")),
            ("updatedAt", .string(format: "date-time")), ("lastCustomerMessageAt", .string(format: "date-time")),
            ("closedAt", .string(format: "date-time")), ("wrapUpCode", .string()),
        ], required: ["id", "channelId", "threadKey", "visibility", "contactId", "state", "priority", "createdAt", "updatedAt"])
    }
}

struct AttachmentDTO: Codable, APISchema {
    var kind: String
    var url: String?
    var mimeType: String?
    var filename: String?

    static let schemaName = "Attachment"
    static var schema: Schema {
        .object([("kind", .string()), ("url", .string()), ("mimeType", .string()), ("filename", .string())], required: ["kind"])
    }
}

struct MessageDTO: Codable, APISchema {
    var id: String
    var interactionId: String
    var direction: String
    var visibility: String
    var author: String?
    var agentId: String?
    var text: String
    var attachments: [AttachmentDTO]
    var platformMessageId: String?
    var deliveryStatus: String
    var failureReason: String?
    var sentAt: Date

    init(_ message: Message) {
        id = message.id.rawValue
        interactionId = message.interactionID.rawValue
        direction = message.direction.rawValue
        visibility = message.visibility.rawValue
        author = message.author?.description
        agentId = message.agentID?.rawValue
        text = message.text
        attachments = message.attachments.map { AttachmentDTO(kind: $0.kind.rawValue, url: $0.url, mimeType: $0.mimeType, filename: $0.filename) }
        platformMessageId = message.platformMessageID
        deliveryStatus = message.deliveryStatus.rawValue
        failureReason = message.failureReason
        sentAt = message.sentAt
    }

    static let schemaName = "Message"
    static var schema: Schema {
        .object([
            ("id", .string()), ("interactionId", .string()), ("direction", .string(values: ["inbound", "outbound"])),
            ("visibility", .string(values: ["public", "private"])), ("author", .string()), ("agentId", .string()), ("text", .string()),
            ("attachments", .array(.ref("Attachment"))), ("platformMessageId", .string()), ("deliveryStatus", .string()),
            ("failureReason", .string()), ("sentAt", .string(format: "date-time")),
        ], required: ["id", "interactionId", "direction", "visibility", "text", "attachments", "deliveryStatus", "sentAt"])
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

    static let schemaName = "InteractionDetail"
    static var schema: Schema {
        .object([("interaction", .ref("Interaction")), ("messages", .array(.ref("Message"))), ("nextAfter", .string())],
                required: ["interaction", "messages"])
    }
}
