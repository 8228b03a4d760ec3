import Domain
import Foundation
import Hummingbird
import Storage

/// A standard response as the API shows it; `text` is filled for the interaction when listed for one.
struct StandardResponseDTO: Encodable, APISchema {
    var id: String
    var title: String
    var category: String
    var text: String
    var keywords: [String]
    /// Channel kinds it may be used on; empty: all.
    var channels: [String]
    var source: String
    /// Defined in parley.yml: the API may not change it.
    var readOnly: Bool
    /// Only when listed for an interaction: the text as written, with its placeholders.
    var template: String?
    /// Only when listed for an interaction: whether its keywords match the customer's latest message.
    var suggested: Bool?

    init(_ response: StandardResponse, filled: String? = nil, suggested: Bool? = nil) {
        id = response.id.rawValue
        title = response.title
        category = response.category
        text = filled ?? response.text
        keywords = response.keywords
        channels = response.channelKinds.map(\.rawValue)
        source = response.source.rawValue
        readOnly = response.source == .file
        template = filled == nil ? nil : response.text
        self.suggested = suggested
    }

    static let schemaName = "StandardResponse"
    static var schema: Schema {
        .object([("id", .string()), ("title", .string()), ("category", .string()), ("text", .string()),
                 ("keywords", .array(.string())), ("channels", .array(.string(values: ChannelKind.allCases.map(\.rawValue)))),
                 ("source", .string(values: StandardResponse.Source.allCases.map(\.rawValue))), ("readOnly", .boolean),
                 ("template", .string()), ("suggested", .boolean)],
                required: ["id", "title", "category", "text", "keywords", "channels", "source", "readOnly"])
    }
}

struct StandardResponseList: ResponseEncodable, APISchema {
    var responses: [StandardResponseDTO]
    /// Every category in the library (not only those of the responses listed), for a filter.
    var categories: [String]

    static let schemaName = "StandardResponseList"
    static var schema: Schema {
        .object([("responses", .array(.ref("StandardResponse"))), ("categories", .array(.string()))], required: ["responses", "categories"])
    }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [StandardResponseDTO.self, StandardResponseList.self]
}

extension StandardResponseDTO: ResponseEncodable {}

/// The body of `POST` and `PUT /api/v1/standard-responses`.
struct StandardResponseInput: Decodable {
    var id: String?
    var title: String
    var category: String?
    var text: String
    var keywords: [String]?
    var channels: [String]?

    /// `withID`: POST may name the id; PUT takes it from the path (an `id` in its body is ignored, like any field
    /// this version does not know).
    static func schema(withID: Bool) -> Schema {
        // "\\S": something besides spaces, which are trimmed.
        // The optional fields may be null, which means left out.
        let fields: [(String, Schema)] = [
            ("title", .string(minLength: 1, maxLength: 200, pattern: "\\S")),
            ("category", .nullable(.string(minLength: 1, maxLength: 100, pattern: "\\S"))),
            ("text", .string(minLength: 1, maxLength: 5000, pattern: "\\S")),
            ("keywords", .nullable(.literal(#"{"type": "array", "maxItems": 50, "items": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"}}"#))),
            ("channels", .nullable(.array(.string(values: ChannelKind.allCases.map(\.rawValue))))),
        ]
        return .object((withID ? [("id", .nullable(.string(pattern: "^[a-z0-9][a-z0-9_-]{0,63}$")))] : []) + fields, required: ["title", "text"],
                       allowsOtherProperties: true)
    }

    /// The response this body describes, validated; 422 naming what is wrong.
    func response(id: StandardResponse.ID) throws -> StandardResponse {
        let kinds = try (channels ?? []).map { name in
            guard let kind = ChannelKind(rawValue: name) else {
                throw AppError(.unprocessableContent, code: "invalid_standard_response",
                               message: "Unknown channel kind '\(name)'; use \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            return kind
        }
        // Checked as sent (the lengths the API document states), then stored without surrounding white space.
        let sent = StandardResponse(id: id, title: title, category: category ?? StandardResponse.defaultCategory, text: text,
                                    keywords: keywords ?? [], channelKinds: kinds, source: .api)
        if let problem = sent.problem {
            throw AppError(.unprocessableContent, code: "invalid_standard_response", message: "Cannot save the response: \(problem.message).")
        }
        var response = sent
        response.title = StandardResponse.trimmed(title)
        response.category = StandardResponse.trimmed(response.category)
        response.keywords = response.keywords.map(StandardResponse.trimmed)
        return response
    }
}

extension AppError {
    init(_ error: StandardResponseError) {
        switch error {
        case .exists: self.init(.conflict, code: "conflict", message: "\(error.description.prefix(1).uppercased())\(error.description.dropFirst()).")
        case .notFound: self.init(.notFound, code: "not_found", message: "\(error.description.prefix(1).uppercased())\(error.description.dropFirst()).")
        case .definedInFile(let id):
            self.init(.conflict, code: "defined_in_file",
                      message: "The standard response '\(id.rawValue)' is defined in parley.yml (standard_responses): edit it there; the API cannot change it.")
        }
    }
}
