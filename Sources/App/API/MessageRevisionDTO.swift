import Domain
import Foundation

/// What a message said before one of its edits on the platform (revision 1: as first received).
struct MessageRevisionDTO: Codable, APISchema {
    var revision: Int
    var text: String
    var replacedAt: Date

    init(_ revision: MessageRevision) {
        self.revision = revision.revision
        text = revision.text
        replacedAt = revision.replacedAt
    }

    static let schemaName = "MessageRevision"
    static var schema: Schema {
        .object([("revision", .integer(minimum: 1)), ("text", .string()), ("replacedAt", .string(format: "date-time"))],
                required: ["revision", "text", "replacedAt"])
    }
}
