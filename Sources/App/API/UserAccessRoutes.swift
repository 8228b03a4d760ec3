import Domain
import Foundation
import Hummingbird
import Storage

/// An administrator switches an account off (someone who left) or on again. Switched off, the user cannot sign in,
/// their sessions end, their API tokens are revoked, their open live streams close within seconds, and as an agent
/// they are logged out: what they held goes back to the queue. Switched on again, they sign in afresh.
struct UserAccessRoutes: Sendable {
    let store: any ParleyStore
    let clock: any WallClock
    let states: AgentStateRoutes

    struct ActiveRequest: Decodable {
        var active: Bool

        static var schema: Schema { .object([("active", .boolean)], required: ["active"], allowsOtherProperties: true) }
    }

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "PUT", path: "/api/v1/users/{id}/active",
                             summary: "Switch a user's account off (cannot sign in; sessions and tokens stop; logged out) or on again",
                             roles: .admins, request: ActiveRequest.schema, success: (200, "The user", .ref("User")),
                             extraErrors: [409])) { request, context -> UserDTO in
            let id = User.ID(try context.parameters.require("id"))
            let input = try await request.decode(as: ActiveRequest.self, context: context)
            guard let stored = try await store.user(id: id)?.user else { throw AppError.notFound("No user '\(id)'.") }
            guard input.active || stored.id != context.user.id else {
                throw AppError(.conflict, code: "cannot_deactivate_self",
                               message: "You cannot switch off your own account; another administrator can.")
            }
            // Off first, so the session still open cannot set the agent ready again between the two steps.
            try await store.setActive(input.active, for: stored.id)
            if !input.active {
                for token in try await store.apiTokens(for: stored.id) where token.revokedAt == nil {
                    _ = try await store.revokeAPIToken(id: token.id, of: stored.id, at: clock.now())
                }
                if stored.roles.contains(.agent) {
                    _ = try await states.change(stored, to: AgentStateRoutes.StateRequest(state: .loggedOut, reason: nil))
                }
            }
            try await store.appendAudit(AuditRecord(at: clock.now(), actor: context.user.username,
                                                    action: input.active ? "user.activate" : "user.deactivate",
                                                    subject: "user \(stored.username)", outcome: "ok"))
            var changed = stored
            changed.active = input.active
            return UserDTO(changed)
        }
    }
}
