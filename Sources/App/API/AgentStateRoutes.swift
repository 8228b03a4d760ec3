import Domain
import Foundation
import Hummingbird
import Routing
import Storage

/// The caller's own availability: ready, not ready with a reason, or logged out. RONA is set by routing,
/// never chosen by an agent.
struct AgentStateRoutes: Sendable {
    let store: any ParleyStore
    let clock: any WallClock
    let router: any RoutingGateway

    struct StateRequest: Decodable {
        var state: AgentStateChanged.State
        var reason: String?

        /// Not ready needs a reason (any id but RONA's); ready and logged out take none.
        static var schema: Schema {
            .literal("""
                {"type": "object", "required": ["state"], "additionalProperties": true,
                 "properties": {"state": {"enum": ["ready", "not_ready", "logged_out"]},
                                "reason": {"anyOf": [{"type": "string", "minLength": 1, "maxLength": 100, "not": {"enum": ["rona", "disconnected"]}},
                                                     {"type": "null"}]}},
                 "if": {"properties": {"state": {"const": "not_ready"}}},
                 "then": {"required": ["reason"], "properties": {"reason": {"type": "string"}}},
                 "else": {"properties": {"reason": {"type": "null"}}}}
                """)
        }
    }

    struct StateDTO: ResponseEncodable, APISchema {
        var state: String
        var reason: String?
        var since: Date

        static let schemaName = "AgentState"
        static var schema: Schema {
            .object([("state", .string(values: ["ready", "not_ready", "logged_out"])), ("reason", .string()),
                     ("since", .string(format: "date-time"))], required: ["state", "since"])
        }
    }

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "GET", path: "/api/v1/me/state", summary: "The caller's availability",
                             roles: .anyone, success: (200, "The state", .ref("AgentState")))) { _, context in
            let presence = try await store.agentState(context.user.id)
            return StateDTO(state: presence?.state.rawValue ?? "logged_out", reason: presence?.reason?.rawValue,
                            since: presence?.since ?? Date(timeIntervalSince1970: 0))
        }
        api.add(APIOperation(method: "PUT", path: "/api/v1/me/state",
                             summary: "Go ready, not ready (with a reason id from /api/v1/not-ready-reasons) or log out",
                             roles: .anyone, request: StateRequest.schema, success: (200, "The new state", .ref("AgentState")), extraErrors: [404, 409])) {
            request, context in
            try await change(context.user, to: try await request.decode(as: StateRequest.self, context: context))
        }
        api.add(APIOperation(method: "PUT", path: "/api/v1/users/{id}/state",
                             summary: "A supervisor sets an agent ready, not ready (with a reason) or logged out (from the wallboard)",
                             roles: .supervisors, request: StateRequest.schema, success: (200, "The agent's new state", .ref("AgentState")),
                             extraErrors: [409])) { request, context in
            let id: String = try context.parameters.require("id")
            guard let agent = try await store.users().first(where: { $0.user.id.rawValue == id && $0.user.active })?.user else {
                throw AppError.notFound("No active user '\(id)'.")
            }
            return try await change(agent, to: try await request.decode(as: StateRequest.self, context: context))
        }
    }

    /// Validates and applies a state change, and tells routing.
    func change(_ user: User, to input: StateRequest) async throws -> StateDTO {
        var reason: NotReadyReason.ID?
        switch input.state {
        case .notReady:
            guard let id = input.reason else {
                throw AppError.badRequest("Not ready needs a reason: one of the ids from /api/v1/not-ready-reasons.")
            }
            guard id != NotReadyReason.rona.id.rawValue else {
                throw AppError.badRequest("RONA is set by routing when an offer goes unanswered; choose another reason.")
            }
            guard id != NotReadyReason.disconnected.id.rawValue else {
                throw AppError.badRequest("'Disconnected' is set by Parley when your desktop has been gone a while; choose another reason.")
            }
            guard let known = try await store.notReadyReasons().first(where: { $0.id.rawValue == id }) else {
                throw AppError.notFound("No not-ready reason '\(id)'; the ids are listed at /api/v1/not-ready-reasons.")
            }
            guard known.active else {
                throw AppError(.conflict, code: "conflict", message: "The not-ready reason '\(known.name)' is no longer in use.")
            }
            reason = .init(id)
        case .ready, .loggedOut:
            guard input.reason == nil else { throw AppError.badRequest("Only not ready takes a reason.") }
        }
        let now = clock.now()
        try await store.setAgentState(AgentStateChanged(agentID: user.id, state: input.state, reason: reason), at: now)
        let routingPresence: AgentPresenceState = switch input.state {
        case .ready: .ready
        case .notReady: .notReady(reason ?? NotReadyReason.rona.id)
        case .loggedOut: .loggedOut
        }
        try await router.agentUpdated(user, presence: routingPresence)
        let presence = try await store.agentState(user.id)
        return StateDTO(state: input.state.rawValue, reason: reason?.rawValue, since: presence?.since ?? now)
    }
}
