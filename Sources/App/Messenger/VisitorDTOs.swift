import Domain
import Foundation
import Hummingbird

struct NewVisitorRequest: Decodable {
    var name: String?
}

struct NewVisitorResponse: Encodable {
    var visitorId: String
    var token: String
}

struct VisitorAttachment: Codable {
    var kind: String?
    var url: String
    var mimeType: String?
    var filename: String?
}

struct VisitorSendRequest: Decodable {
    var text: String?
    var attachments: [VisitorAttachment]?
}

struct VisitorSendResponse: Encodable {
    var clientId: String
    var status: String
}

struct UploadResponse: Encodable {
    var url: String
    var mimeType: String
    var size: Int
}

/// A message as the visitor sees it: theirs (inbound) or an agent's (outbound, with the agent's name).
struct VisitorMessage: Encodable {
    var id: String
    var direction: String
    var text: String
    var attachments: [VisitorAttachment]
    var sentAt: Date
    var authorName: String?
    /// The visitor's own `Idempotency-Key` of an inbound message, so the browser matches it to what it sent.
    var clientId: String?

    init(_ message: Message, names: inout AgentNames) async {
        id = message.id.rawValue
        direction = message.direction.rawValue
        text = message.text
        attachments = message.attachments.map { VisitorAttachment(kind: $0.kind.rawValue, url: $0.url ?? "", mimeType: $0.mimeType, filename: $0.filename) }
        sentAt = message.sentAt
        authorName = if let agent = message.agentID { await names.name(agent) } else { nil }
        if message.direction == .inbound, let platformID = message.platformMessageID, let colon = platformID.firstIndex(of: ":") {
            clientId = String(platformID[platformID.index(after: colon)...])
        }
    }
}

struct VisitorHistory: Encodable {
    var messages: [VisitorMessage]
    var nextAfter: String?
}

/// The visitor API in `/openapi.json`. Visitors authenticate with `X-Visitor-Token`, not a user session.
enum MessengerDocumentation {
    static let base = "/messenger/v1/{channel}"

    static var operations: [APIOperation] {
        let token = (name: "X-Visitor-Token", schema: Schema.string(minLength: 1), description: "The token from POST …/visitors.")
        return [
            APIOperation(method: "POST", path: base + "/visitors", summary: "Start a web visitor: returns the token the browser keeps",
                         roles: nil, request: .object([("name", .nullable(.string(maxLength: MessengerLimits.maxNameLength)))], required: [],
                                                  allowsOtherProperties: true),
                         success: (201, "A new visitor", .ref("NewVisitor")), extraErrors: [403, 429]),
            APIOperation(method: "GET", path: base + "/messages", summary: "The visitor's whole history on this channel, oldest first",
                         roles: nil, success: (200, "A page of messages", .ref("VisitorHistory")), extraErrors: [401, 403],
                         query: [("after", .string(), "Continue after this message id.")], headers: [token]),
            APIOperation(method: "POST", path: base + "/messages", summary: "Send a message as the visitor (stored before 202)",
                         roles: nil, request: .literal("""
                            {"type": "object", "properties": {"text": {"type": "string", "maxLength": \(MessengerLimits.maxTextLength)},
                             "attachments": {"type": "array", "maxItems": \(MessengerLimits.maxAttachments), "items": {"type": "object",
                               "required": ["url"], "properties": {"url": {"type": "string"}, "kind": {"type": "string"},
                               "mimeType": {"type": "string"}, "filename": {"type": "string"}}}}}}
                            """),
                         success: (202, "Stored", .ref("VisitorSent")), extraErrors: [401, 403, 429, 503],
                         headers: [token, (name: "Idempotency-Key", schema: .string(minLength: 1, maxLength: 100),
                                           description: "Required; the same on every retry of one message.")]),
            APIOperation(method: "POST", path: base + "/uploads", summary: "Upload an image (PNG, JPEG, GIF, WebP; at most 2 MiB) to attach",
                         roles: nil, success: (201, "Stored", .ref("Upload")), extraErrors: [401, 403, 413, 415, 429], headers: [token]),
            APIOperation(method: "GET", path: base + "/events",
                         summary: "Server-sent events: the visitor's thread live (event: message, id: event position; event: resync)",
                         roles: nil, success: (200, "text/event-stream", nil), extraErrors: [401, 403],
                         query: [("token", .string(), "The visitor token (EventSource cannot send headers)."),
                                 ("after", .integer(minimum: 0), "Replay after this event position (or send Last-Event-ID).")],
                         headers: [token]),
        ]
    }

    static let schemas: [any APISchema.Type] = [NewVisitorSchema.self, VisitorHistorySchema.self, VisitorSentSchema.self, UploadSchema.self]

    enum NewVisitorSchema: APISchema {
        static let schemaName = "NewVisitor"
        static var schema: Schema { .object([("visitorId", .string()), ("token", .string())], required: ["visitorId", "token"]) }
    }

    enum VisitorHistorySchema: APISchema {
        static let schemaName = "VisitorHistory"
        static var schema: Schema {
            .object([
                ("messages", .array(.object([
                    ("id", .string()), ("direction", .string(values: ["inbound", "outbound"])), ("text", .string()),
                    ("attachments", .array(.object([("kind", .string()), ("url", .string()), ("mimeType", .string()), ("filename", .string())],
                                                   required: ["url"]))),
                    ("sentAt", .string(format: "date-time")), ("authorName", .string()), ("clientId", .string()),
                ], required: ["id", "direction", "text", "attachments", "sentAt"]))),
                ("nextAfter", .string()),
            ], required: ["messages"])
        }
    }

    enum VisitorSentSchema: APISchema {
        static let schemaName = "VisitorSent"
        static var schema: Schema { .object([("clientId", .string()), ("status", .string(values: ["stored"]))], required: ["clientId", "status"]) }
    }

    enum UploadSchema: APISchema {
        static let schemaName = "Upload"
        static var schema: Schema {
            .object([("url", .string()), ("mimeType", .string()), ("size", .integer(minimum: 1))], required: ["url", "mimeType", "size"])
        }
    }
}
