import Domain
import Foundation
import Hummingbird
import Routing
import Storage

/// Routing seen from outside: why an interaction went to whom, transfers, and the supervisor's controls
/// (assign, pull back, change priority, the queues).
struct RoutingRoutes: Sendable {
    let store: any ParleyStore
    let router: any RoutingGateway
    /// For the transfer note, kept as an internal note on the interaction.
    var clock: any WallClock = SystemClock()
    var ids: any IDGenerator = TimeOrderedIDGenerator()

    struct TransferRequest: Decodable {
        var agent: String?
        var workgroup: String?
        var note: String?

        static var schema: Schema {
            .object([("agent", .string(minLength: 1, maxLength: 200)), ("workgroup", .string(minLength: 1, maxLength: 200)),
                     ("note", .string(maxLength: 2000))], required: [], allowsOtherProperties: true)
        }
    }

    struct AssignRequest: Decodable {
        var agent: String
        static var schema: Schema { .object([("agent", .string(minLength: 1, maxLength: 200))], required: ["agent"], allowsOtherProperties: true) }
    }

    struct PriorityRequest: Decodable {
        var priority: Int
        static var schema: Schema { .object([("priority", .literal(#"{"type": "integer", "minimum": 0, "maximum": 1000}"#))], required: ["priority"], allowsOtherProperties: true) }
    }

    struct ProfileRequest: Decodable {
        var skills: [SkillLevelDTO]?
        var workgroups: [String]?
        var capacity: [String: Int]?
        var totalCapacity: Int?
        var blending: [String: [String]]?

        /// Each field left out (or null) keeps what the agent has.
        static var schema: Schema {
            let classes = CapacityClass.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            return .object([("skills", .nullable(.array(.ref("SkillLevel")))), ("workgroups", .nullable(.array(.string()))),
                     ("capacity", .literal("""
                        {"type": ["object", "null"], "propertyNames": {"enum": [\(classes)]},
                         "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 25}}
                        """)),
                     ("totalCapacity", .literal(#"{"type": ["integer", "null"], "minimum": 1, "maximum": 25}"#)),
                     ("blending", .literal("""
                        {"type": ["object", "null"], "propertyNames": {"enum": [\(classes)]},
                         "additionalProperties": {"type": "array", "items": {"enum": [\(classes)]}}}
                        """))],
                    required: [], allowsOtherProperties: true)
        }

        /// The capacity classes named, or a 422 naming the unknown one.
        static func capacityClass(_ name: String) throws -> CapacityClass {
            guard let capacityClass = CapacityClass(rawValue: name) else {
                throw AppError(.unprocessableContent, code: "invalid_profile",
                               message: "Unknown capacity class '\(name)'; use \(CapacityClass.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            return capacityClass
        }
    }

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "PUT", path: "/api/v1/users/{id}/routing",
                             summary: "Set an agent's skills (proficiency 1–5), workgroups, capacity per class (1–25; a class left out: none), total capacity (1–25) and blending (while holding a class, which classes may still be offered); routing applies it at once",
                             roles: .admins, request: ProfileRequest.schema, success: (200, "The user", .ref("User")), extraErrors: [409, 422])) { request, context in
            let input = try await request.decode(as: ProfileRequest.self, context: context)
            let id = try context.parameters.require("id")
            guard var user = try await store.user(id: .init(id))?.user else { throw AppError.notFound("No user '\(id)'.") }
            let skills = (input.skills ?? user.skills.map { SkillLevelDTO(skill: $0.skill.rawValue, proficiency: $0.proficiency) })
                .map { SkillLevel(skill: .init($0.skill), proficiency: $0.proficiency) }
            var capacity = user.capacity
            if let requested = input.capacity {
                capacity = [:]
                for (name, value) in requested { capacity[try ProfileRequest.capacityClass(name)] = value }
            }
            if let requested = input.blending {
                user.blending = [:]
                for (held, allowed) in requested {
                    user.blending[try ProfileRequest.capacityClass(held)] = Set(try allowed.map(ProfileRequest.capacityClass))
                }
            }
            if input.totalCapacity != nil { user.totalCapacity = input.totalCapacity }
            let workgroups = input.workgroups.map { $0.map { Workgroup.ID($0) } } ?? user.workgroups
            // Names that do not exist (yet) conflict with the configuration: 409; values out of range: 422.
            let knownWorkgroups = Set(try await store.workgroups().map(\.id))
            let knownSkills = Set(try await store.skills().map(\.id))
            let unknown = workgroups.filter { !knownWorkgroups.contains($0) }.map { "workgroup '\($0)' does not exist" }
                + skills.filter { !knownSkills.contains($0.skill) }.map { "skill '\($0.skill)' is not declared" }
            guard unknown.isEmpty else {
                throw AppError(.conflict, code: "unknown_reference", message: unknown.joined(separator: "; ") + "; see /api/v1/workgroups and parley.yml's skills.")
            }
            let problems = RoutingValidation.problems(skills: skills, capacity: capacity, totalCapacity: user.totalCapacity, knownSkills: nil)
            guard problems.isEmpty else {
                throw AppError(.unprocessableContent, code: "invalid_profile", message: problems.joined(separator: "; ") + ".")
            }
            user.skills = skills
            user.workgroups = workgroups
            user.capacity = capacity
            try await store.setRoutingProfile(of: user)
            let presence = try await store.agentState(user.id).map(RoutingService.presenceState) ?? .loggedOut
            try await router.agentUpdated(user, presence: presence)
            return UserDTO(user)
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/interactions/{id}/routing",
                             summary: "Why the interaction went to each agent it was offered or assigned to: the rule, its tier and priority, and the best candidates",
                             roles: .anyone, success: (200, "Routing decisions, oldest first", .ref("RoutingDecisionList")))) { _, context in
            let interaction = try await visible(try context.parameters.require("id"), to: context)
            let decisions = try await store.routingDecisions(for: interaction.id).map(RoutingDecisionDTO.init)
            let named = Set(decisions.flatMap { [$0.agent] + ($0.explanation?.candidates.map(\.agent.rawValue) ?? []) })
            let names = try await store.users().filter { named.contains($0.user.id.rawValue) }
                .map { ($0.user.id.rawValue, $0.user.displayName) }
            return RoutingDecisionList(decisions: decisions, agentNames: Dictionary(names, uniquingKeysWith: { first, _ in first }))
        }
        api.add(APIOperation(method: "POST", path: "/api/v1/interactions/{id}/transfer",
                             summary: "Transfer to a workgroup's queue or to a named agent (the agent holding it, or a supervisor)",
                             roles: .anyone, request: TransferRequest.schema, success: (200, "Transferred", .ref("Interaction")),
                             extraErrors: [409, 422])) { request, context in
            let input = try await request.decode(as: TransferRequest.self, context: context)
            let interaction = try await visible(try context.parameters.require("id"), to: context, holderOnly: true)
            let target: TransferTarget
            switch (input.agent, input.workgroup) {
            case (let agent?, nil): target = .agent(.init(agent))
            case (nil, let workgroup?): target = .workgroup(.init(workgroup))
            default: throw AppError.badRequest("A transfer names exactly one of 'agent' or 'workgroup'.")
            }
            if case .agent(let agent) = target, agent == interaction.assignedAgentID, interaction.state != .queued {
                throw AppError(.conflict, code: "conflict", message: "The interaction is already with '\(agent)'.")
            }
            let note = try input.note.map { try TextField.checked($0, field: "note", maximum: 2000, required: false) }
            let decisions = try await router.transfer(interaction.id, to: target, note: note)
            try Self.check(decisions, interaction.id)
            // The note travels with the conversation: whoever takes it next reads it in the timeline.
            if let note, !note.isEmpty {
                _ = try await store.addNote(NewNote(subject: .interaction(interaction.id), authorID: context.user.id, text: "Transfer note: " + note),
                                            at: clock.now(), ids: ids)
            }
            return try await current(interaction.id)
        }
        api.add(APIOperation(method: "POST", path: "/api/v1/interactions/{id}/assign",
                             summary: "Give a waiting interaction to an agent (supervisors); the agent must be logged in with room for it",
                             roles: .supervisors, request: AssignRequest.schema, success: (200, "Assigned", .ref("Interaction")),
                             extraErrors: [409, 422])) { request, context in
            let input = try await request.decode(as: AssignRequest.self, context: context)
            let interaction = try await visible(try context.parameters.require("id"), to: context)
            try Self.check(try await router.submit(.assign(interaction.id, to: .init(input.agent))), interaction.id)
            return try await current(interaction.id)
        }
        api.add(APIOperation(method: "POST", path: "/api/v1/interactions/{id}/pull",
                             summary: "Take an offered or held interaction back to its queue (supervisors)",
                             roles: .supervisors, success: (200, "Back in the queue", .ref("Interaction")), extraErrors: [409])) { _, context in
            let interaction = try await visible(try context.parameters.require("id"), to: context)
            try Self.check(try await router.submit(.pull(interaction.id)), interaction.id)
            return try await current(interaction.id)
        }
        api.add(APIOperation(method: "POST", path: "/api/v1/interactions/{id}/priority",
                             summary: "Set an interaction's priority, 0–1000 (supervisors); aging adds to it while it waits",
                             roles: .supervisors, request: PriorityRequest.schema, success: (200, "Changed", .ref("Interaction")),
                             extraErrors: [409, 422])) { request, context in
            let input = try await request.decode(as: PriorityRequest.self, context: context)
            guard (0...1000).contains(input.priority) else { throw AppError.badRequest("priority must be between 0 and 1000.") }
            let interaction = try await visible(try context.parameters.require("id"), to: context)
            try Self.check(try await router.submit(.setPriority(interaction.id, input.priority)), interaction.id)
            return try await current(interaction.id)
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/queues", summary: "Each workgroup's queue now: waiting, oldest wait, offered, held, available agents",
                             roles: .supervisors, success: (200, "The queues", .ref("QueueList")))) { _, _ in
            QueueList(queues: try await router.queues().map(QueueDTO.init))
        }
    }

    /// The interaction if the caller may act on it: supervisors any, agents those assigned to them.
    private func visible(_ id: String, to context: AuthenticatedContext, holderOnly: Bool = false) async throws -> Interaction {
        guard let interaction = try await store.interaction(.init(id)),
              context.user.maySee(interaction) else {
            throw AppError.notFound("No interaction '\(id)' visible to you.")
        }
        if holderOnly, !context.user.overseesInteractions, interaction.state == .offered {
            throw AppError(.conflict, code: "wrong_state", message: "Accept the interaction before transferring it.")
        }
        return interaction
    }

    private func current(_ id: Interaction.ID) async throws -> InteractionDTO {
        guard let interaction = try await store.interaction(id) else { throw AppError.notFound("No interaction '\(id)'.") }
        return InteractionDTO(interaction)
    }

    /// Routing's refusals as the API's errors.
    static func check(_ decisions: [RoutingDecision], _ id: Interaction.ID) throws {
        for case .refuse(_, let reason) in decisions {
            switch reason {
            case .unknownInteraction:
                throw AppError(.conflict, code: "not_routed", message: "Interaction '\(id)' is not being routed (it is closed).")
            case .unknownAgent:
                throw AppError(.conflict, code: "unknown_agent", message: "No agent by that id is known to routing.")
            case .unknownWorkgroup:
                throw AppError(.conflict, code: "unknown_workgroup", message: "No workgroup by that id; the ids are listed at /api/v1/workgroups.")
            case .agentLoggedOut:
                throw AppError(.conflict, code: "agent_logged_out", message: "That agent is logged out.")
            case .agentAtCapacity:
                throw AppError(.conflict, code: "agent_at_capacity", message: "That agent has no room for another interaction of this kind.")
            case .notWaiting:
                throw AppError(.conflict, code: "wrong_state", message: "Only a waiting interaction can be assigned; pull it back first.")
            case .notHeld:
                throw AppError(.conflict, code: "wrong_state", message: "The interaction is not offered to or held by an agent.")
            case .notOffered:
                throw AppError(.conflict, code: "offer_gone", message: "This offer is no longer open.")
            }
        }
    }
}

struct RoutingDecisionDTO: ResponseEncodable {
    var decision: String
    var agent: String
    var rule: String
    var decidedAt: Date
    var explanation: RoutingExplanation?

    init(_ stored: StoredRoutingDecision) {
        decision = stored.decision
        agent = stored.agentID.rawValue
        rule = stored.rule
        decidedAt = stored.decidedAt
        explanation = try? JSONDecoder().decode(RoutingExplanation.self, from: Data(stored.explanation.utf8))
    }
}

struct RoutingDecisionList: ResponseEncodable, APISchema {
    var decisions: [RoutingDecisionDTO]
    /// Display names of every agent the decisions name (decided for, or candidates).
    var agentNames: [String: String]
    static let schemaName = "RoutingDecisionList"
    static var schema: Schema {
        .object([("decisions", .array(.object([
            ("decision", .string(values: ["offer", "assign"])), ("agent", .string()), ("rule", .string()), ("decidedAt", .string(format: "date-time")),
            ("explanation", .literal("""
                {"type": "object", "required": ["rule", "workgroup", "tier", "priority", "waitedSeconds", "eligible", "candidates"],
                 "properties": {"rule": {"type": "string"}, "workgroup": {"type": "string"}, "tier": {"type": "integer"},
                                "priority": {"type": "number"}, "waitedSeconds": {"type": "number"}, "eligible": {"type": "integer"},
                                "language": {"type": "object", "required": ["requirement", "waived"],
                                  "properties": {"waived": {"type": "boolean"},
                                                 "requirement": {"type": "object", "required": ["language", "skill", "minimum"],
                                                   "properties": {"language": {"type": "string"}, "skill": {"type": "string"},
                                                                  "minimum": {"type": "integer"}}}}},
                                "candidates": {"type": "array", "items": {"type": "object", "required": ["agent", "proficiency", "idleSeconds", "load"],
                                  "properties": {"agent": {"type": "string"}, "proficiency": {"type": "integer"},
                                                 "idleSeconds": {"type": "number"}, "load": {"type": "integer"},
                                                 "languageProficiency": {"type": "integer"}}}}}}
                """)),
        ], required: ["decision", "agent", "rule", "decidedAt"]))), ("agentNames", .dictionary(.string()))], required: ["decisions", "agentNames"])
    }
}

struct QueueDTO: ResponseEncodable {
    var workgroup: String
    var waiting: Int
    var oldestWaitSeconds: Double
    var offered: Int
    var held: Int
    var availableAgents: Int

    init(_ summary: QueueSummary) {
        workgroup = summary.workgroup.rawValue
        waiting = summary.waiting
        oldestWaitSeconds = summary.oldestWaitSeconds
        offered = summary.offered
        held = summary.held
        availableAgents = summary.availableAgents
    }
}

struct QueueList: ResponseEncodable, APISchema {
    var queues: [QueueDTO]
    static let schemaName = "QueueList"
    static var schema: Schema {
        .object([("queues", .array(.object([
            ("workgroup", .string()), ("waiting", .integer(minimum: 0)), ("oldestWaitSeconds", .number), ("offered", .integer(minimum: 0)),
            ("held", .integer(minimum: 0)), ("availableAgents", .integer(minimum: 0)),
        ], required: ["workgroup", "waiting", "oldestWaitSeconds", "offered", "held", "availableAgents"])))], required: ["queues"])
    }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [RoutingDecisionList.self, QueueList.self]
}
