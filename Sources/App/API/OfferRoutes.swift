import Domain
import Foundation
import Hummingbird
import Routing
import Storage

/// An agent answers an offer: accept (the interaction becomes theirs) or reject (it goes to someone else).
struct OfferRoutes: Sendable {
    let store: any ParleyStore
    let router: any RoutingGateway

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "POST", path: "/api/v1/interactions/{id}/accept", summary: "Accept an interaction offered to the caller",
                             roles: .anyone, success: (200, "Now the caller's", .ref("Interaction")), extraErrors: [409])) { _, context in
            let id = try await offered(try context.parameters.require("id"), to: context)
            let decisions = try await router.submit(.accepted(id, by: context.user.id))
            guard decisions.contains(.assign(id, to: context.user.id, why: nil)), let interaction = try await store.interaction(id) else {
                throw AppError(.conflict, code: "offer_gone", message: "This offer is no longer open (it timed out or was withdrawn).")
            }
            return InteractionDTO(interaction)
        }
        api.add(APIOperation(method: "POST", path: "/api/v1/interactions/{id}/reject", summary: "Decline an interaction offered to the caller",
                             roles: .anyone, success: (204, "Declined; it goes to another agent", nil), extraErrors: [409])) {
            _, context -> HTTPResponse.Status in
            let id = try await offered(try context.parameters.require("id"), to: context)
            let decisions = try await router.submit(.rejected(id, by: context.user.id))
            guard decisions.contains(where: { if case .requeue(id, context.user.id, .rejected) = $0 { return true } else { return false } }) else {
                throw AppError(.conflict, code: "offer_gone", message: "This offer is no longer open (it timed out or was withdrawn).")
            }
            return .noContent
        }
    }

    /// The interaction, if the caller may see it (offered to or held by them); 404 otherwise.
    private func offered(_ id: String, to context: AuthenticatedContext) async throws -> Interaction.ID {
        guard let interaction = try await store.interaction(.init(id)), interaction.assignedAgentID == context.user.id else {
            throw AppError.notFound("No interaction '\(id)' offered to you.")
        }
        guard interaction.state == .offered else {
            throw AppError(.conflict, code: "offer_gone", message: "This interaction is \(interaction.state.rawValue), not offered.")
        }
        return interaction.id
    }
}
