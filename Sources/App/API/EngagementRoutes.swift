import Domain
import Foundation
import Hummingbird
import Storage

/// Interactions, their messages, contacts and contact history. Agents see only interactions assigned to
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
            let interaction = try await visibleInteraction(try context.parameters.require("id"), context)
            let size = try pageSize(request)
            let after = request.uri.queryParameters["after"].map { Message.ID(String($0)) }
            let messages = try await store.messages(of: interaction.id, after: after, limit: size)
            return InteractionDetail(interaction: InteractionDTO(interaction), messages: messages.map(MessageDTO.init),
                                     nextAfter: messages.count == size ? messages.last?.id.rawValue : nil)
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/contacts/{id}", summary: "A contact with all their identities",
                             roles: .anyone, success: (200, "The contact", .ref("Contact")))) { _, context in
            ContactDTO(try await visibleContact(try context.parameters.require("id"), context))
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/contacts/{id}/interactions",
                             summary: "A contact's history on every channel, newest first, back to the very first interaction",
                             roles: .anyone, success: (200, "A page of history", .ref("HistoryPage")),
                             query: [limit, ("before", .string(), "Continue before this interaction id.")])) { request, context in
            let contact = try await visibleContact(try context.parameters.require("id"), context)
            let size = try pageSize(request)
            let before = request.uri.queryParameters["before"].map { Interaction.ID(String($0)) }
            let page = try await store.history(of: contact.id, before: before, limit: size)
            return HistoryPage(interactions: page.map(InteractionDTO.init), nextBefore: page.count == size ? page.last?.id.rawValue : nil)
        }
    }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [
        InteractionDTO.self, AttachmentDTO.self, MessageDTO.self, InteractionList.self, InteractionDetail.self,
        IdentityDTO.self, ContactDTO.self, HistoryPage.self,
    ]

    private func pageSize(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return 50 }
        guard let value = Int(String(text)), (1...200).contains(value) else {
            throw AppError.badRequest("'limit' must be a whole number from 1 to 200.")
        }
        return value
    }

    private func visibleInteraction(_ id: String, _ context: AuthenticatedContext) async throws -> Interaction {
        guard let interaction = try await store.interaction(.init(id)),
            context.user.has(.supervisor) || context.user.has(.admin) || interaction.assignedAgentID == context.user.id
        else { throw AppError.notFound("No interaction '\(id)'.") }
        return interaction
    }

    private func visibleContact(_ id: String, _ context: AuthenticatedContext) async throws -> Contact {
        guard let contact = try await store.contact(.init(id)) else { throw AppError.notFound("No contact '\(id)'.") }
        if context.user.has(.supervisor) || context.user.has(.admin) { return contact }
        let mine = try await store.interactions(openOnly: false, assignedTo: context.user.id, limit: 1000)
        guard mine.contains(where: { $0.contactID == contact.id }) else { throw AppError.notFound("No contact '\(id)'.") }
        return contact
    }
}
