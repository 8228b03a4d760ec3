import Domain
import Foundation
import Hummingbird
import Storage

/// Interactions and their messages (contacts and their history: `ContactRoutes`). Agents see only interactions assigned to
/// them (anything else is 404, as if it did not exist); supervisors and admins see everything.
struct EngagementRoutes: Sendable {
    let store: any ParleyStore

    func register(on api: APIRouter) {
        let limit = (name: "limit", schema: Schema.literal(#"{"type": "integer", "minimum": 1, "maximum": 200}"#), description: "Page size, 1 to 200 (default 50).")
        api.add(APIOperation(method: "GET", path: "/api/v1/interactions",
                             summary: "Open interactions: the caller's own for agents, all for supervisors",
                             roles: .anyone, success: (200, "Interactions", .ref("InteractionList")), query: [limit])) { request, context in
            let agentOnly = !context.user.has(.supervisor) && !context.user.has(.admin)
            return InteractionList(interactions: try await store.interactions(
                openOnly: true, assignedTo: agentOnly ? context.user.id : nil, limit: try pageSize(request)).map(InteractionDTO.init))
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/interactions/{id}", summary: "An interaction with a page of its messages",
                             roles: .anyone, success: (200, "The interaction", .ref("InteractionDetail")),
                             query: [limit, ("after", .string(), "Continue after this message id.")])) { request, context in
            let interaction = try await store.interaction(try context.parameters.require("id"), visibleTo: context.user)
            let size = try pageSize(request)
            let after = request.uri.queryParameters["after"].map { Message.ID(String($0)) }
            // A cursor that is not one of this interaction's messages would restart from the first page, and a client
            // paging on it would loop for ever.
            if let after, try await store.message(after)?.interactionID != interaction.id {
                throw AppError.badRequest("'after' must be the `nextAfter` of the previous page: a message of this interaction.", code: "invalid_cursor")
            }
            let messages = try await store.messages(of: interaction.id, after: after, limit: size)
            let revisions = Dictionary(grouping: try await store.revisions(of: interaction.id), by: \.messageID)
            let retries = try await store.pendingRetries(of: messages.filter { $0.deliveryStatus == .pending }.map(\.id))
            let media = Dictionary(grouping: try await store.mediaFetches(of: interaction.id), by: \.messageID)
                .mapValues { Dictionary($0.map { ($0.position, $0) }, uniquingKeysWith: { first, _ in first }) }
            let names = try await store.displayNames(of: Set(messages.compactMap(\.agentID)))
            return InteractionDetail(interaction: InteractionDTO(interaction),
                                     messages: messages.map {
                                         MessageDTO($0, agentName: $0.agentID.flatMap { names[$0] }, revisions: revisions[$0.id] ?? [],
                                                    media: media[$0.id] ?? [:], retry: retries[$0.id])
                                     },
                                     nextAfter: messages.count == size ? messages.last?.id.rawValue : nil,
                                     actions: try await store.actions(of: interaction.id).map(InteractionActionDTO.init),
                                     notes: try await NoteRoutes.dtos(try await store.notes(about: .interaction(interaction.id)), store: store))
        }
    }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [
        InteractionDTO.self, InteractionScoresDTO.self, AttachmentDTO.self, MessageDTO.self, InteractionList.self, InteractionDetail.self,
        InteractionActionDTO.self, MessageRevisionDTO.self,
    ]

    private func pageSize(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return 50 }
        guard let value = Int(String(text)), (1...200).contains(value) else {
            throw AppError.badRequest("'limit' must be a whole number from 1 to 200.")
        }
        return value
    }

}
