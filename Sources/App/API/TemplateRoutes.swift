import Domain
import Foundation
import Hummingbird
import Storage

/// The approved WhatsApp templates an agent can send into an interaction: after the 24-hour window they are
/// the only thing WhatsApp delivers (docs/connectors/meta.md).
struct TemplateRoutes: Sendable {
    let store: any ParleyStore
    let templates: [Channel.ID: [MessageTemplate]]

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "GET", path: "/api/v1/interactions/{id}/templates",
                             summary: "The WhatsApp templates that can be sent into the interaction (empty on other channels)",
                             roles: .anyone, success: (200, "The channel's templates", .ref("TemplateList")))) { _, context in
            let id = try context.parameters.require("id")
            guard let interaction = try await store.interaction(.init(id)),
                context.user.maySee(interaction)
            else { throw AppError.notFound("No interaction '\(id)'.") }
            return TemplateListDTO(templates: (templates[interaction.channelID] ?? []).map(TemplateDTO.init))
        }
    }
}

/// Checks an agent's template send against the channel's list, before anything is stored.
struct TemplateCheck {
    let templates: [MessageTemplate]
    let kind: ChannelKind?

    /// The text the customer will read; 422 when the channel has no such template or the parameters do not fit it.
    func rendered(_ send: TemplateSend) throws -> String {
        guard kind == .whatsapp else {
            throw AppError(.unprocessableContent, code: "template_not_allowed",
                           message: "Message templates are WhatsApp's; this interaction's channel takes written replies.")
        }
        guard let template = templates.first(where: { $0.name == send.name && $0.language == send.language }) else {
            let listed = templates.map { "\($0.name) (\($0.language))" }.joined(separator: ", ")
            throw AppError(.unprocessableContent, code: "unknown_template",
                           message: "The channel has no template '\(send.name)' in \(send.language); "
                               + (listed.isEmpty ? "it lists none (channels[].templates)." : "it has: \(listed)."))
        }
        if let problem = template.problem(with: send.parameters) {
            throw AppError(.unprocessableContent, code: "invalid_template_parameters", message: "Cannot send the template: \(problem).")
        }
        return template.rendered(with: send.parameters)
    }
}

struct TemplateDTO: Encodable {
    var name: String
    var language: String
    var body: String
    var parameterCount: Int

    init(_ template: MessageTemplate) {
        name = template.name
        language = template.language
        body = template.body
        parameterCount = template.parameterCount
    }
}

struct TemplateListDTO: ResponseEncodable, APISchema {
    var templates: [TemplateDTO]

    static let schemaName = "TemplateList"
    static var schema: Schema {
        .object([("templates", .array(.object([("name", .string()), ("language", .string()), ("body", .string()),
                                                ("parameterCount", .integer(minimum: 0))],
                                               required: ["name", "language", "body", "parameterCount"])))],
                required: ["templates"])
    }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [TemplateListDTO.self]
}
