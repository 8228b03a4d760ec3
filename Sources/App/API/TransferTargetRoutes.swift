import Domain
import Foundation
import Hummingbird
import Storage

/// Where an agent can transfer a conversation: the other active agents with their state now (a logged-out agent
/// cannot take it; a not-ready one gets it when they are ready again), and the workgroups.
struct TransferTargetRoutes: Sendable {
    let store: any ParleyStore

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "GET", path: "/api/v1/transfer-targets",
                             summary: "The agents (with their state now) and workgroups a conversation can be transferred to",
                             roles: .anyone, success: (200, "Agents and workgroups", .ref("TransferTargets")))) { _, context in
            let states = Dictionary(try await store.agentStates().map { ($0.agentID, $0) }, uniquingKeysWith: { first, _ in first })
            let agents = try await store.users().map(\.user)
                .filter { $0.active && $0.has(.agent) && $0.id != context.user.id }
                .sorted { $0.displayName.localizedStandardCompare($1.displayName) == .orderedAscending }
                .map { user in
                    TransferTargets.Agent(id: user.id.rawValue, displayName: user.displayName,
                                          state: states[user.id]?.state.rawValue ?? AgentStateChanged.State.loggedOut.rawValue,
                                          reason: states[user.id]?.reason?.rawValue, workgroups: user.workgroups.map(\.rawValue))
                }
            let workgroups = try await store.workgroups().map { TransferTargets.Group(id: $0.id.rawValue, name: $0.name) }
            return TransferTargets(agents: agents, workgroups: workgroups)
        }
    }
}

struct TransferTargets: ResponseEncodable, APISchema {
    struct Agent: Encodable {
        var id: String
        var displayName: String
        var state: String
        var reason: String?
        var workgroups: [String]
    }

    struct Group: Encodable {
        var id: String
        var name: String
    }

    var agents: [Agent]
    var workgroups: [Group]

    static let schemaName = "TransferTargets"
    static var schema: Schema {
        let agent = Schema.object([("id", .string()), ("displayName", .string()),
                                   ("state", .string(values: ["ready", "not_ready", "logged_out"])), ("reason", .nullable(.string())),
                                   ("workgroups", .array(.string()))], required: ["id", "displayName", "state", "workgroups"])
        let group = Schema.object([("id", .string()), ("name", .string())], required: ["id", "name"])
        return .object([("agents", .array(agent)), ("workgroups", .array(group))], required: ["agents", "workgroups"])
    }
}
