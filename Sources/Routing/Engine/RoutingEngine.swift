import Domain
import Foundation
import HeapModule

/// The skills-based ACD. Pure: commands in, decisions out, the clock passed in — no I/O, no timers of its own.
///
/// Waiting interactions sit in priority queues per (workgroup, capacity class, tier); available agents sit
/// in ranked pools per (workgroup, capacity class, first qualifying tier). After every command the engine
/// is *stable*: no waiting interaction has an available agent who qualifies for it. A command can only
/// disturb that through the agents and interactions it touches (kept as "dirty"), so dispatch looks only
/// there — and decides exactly as a greedy pass over everything, in queue order, would.
public struct RoutingEngine: Sendable {
    public private(set) var policies: [Workgroup.ID: WorkgroupPolicy]
    var agents: [User.ID: AgentState] = [:]
    var interactions: [Interaction.ID: InteractionState] = [:]
    var pools: [PoolKey: Pool<AgentEntry>] = [:]
    var queues: [PoolKey: Pool<QueueEntry>] = [:]
    var timers = Heap<TimerEntry>()
    /// Interactions waiting for a named agent.
    var reservations: [User.ID: Set<Interaction.ID>] = [:]
    var dirtyAgents: Set<User.ID> = []
    var dirtyInteractions: Set<Interaction.ID> = []
    var offerCounter: Int64 = 0
    var versionCounter: UInt64 = 0

    public init(policies: [WorkgroupPolicy] = []) {
        self.policies = Dictionary(policies.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    }

    public mutating func handle(_ command: RoutingCommand, now: Date) -> [RoutingDecision] {
        var decisions = fireTimers(now: now)
        decisions += apply(command, now: now)
        decisions += dispatch(now: now)
        return decisions
    }

    func policy(_ id: Workgroup.ID) -> WorkgroupPolicy { policies[id] ?? WorkgroupPolicy(id: id) }

    /// A workgroup routing has not heard of gets the default policy, and its members are placed in it.
    mutating func ensurePolicy(_ id: Workgroup.ID) {
        guard policies[id] == nil else { return }
        policies[id] = WorkgroupPolicy(id: id)
        for (agentID, agent) in agents where agent.profile.workgroups.contains(id) { place(agentID, profile: agent.profile) }
    }

    mutating func nextVersion() -> UInt64 {
        versionCounter += 1
        return versionCounter
    }

    // MARK: - Inspection

    public var waitingCount: Int {
        interactions.values.count { if case .queued = $0.place { true } else if case .reserved = $0.place { true } else { false } }
    }

    public func offer(for id: Interaction.ID) -> (agent: User.ID, expiresAt: Date)? {
        if case .offered(let agent, let expiresAt)? = interactions[id]?.place { return (agent, expiresAt) }
        return nil
    }

    public func holder(of id: Interaction.ID) -> User.ID? {
        if case .held(let agent, _)? = interactions[id]?.place { return agent }
        return nil
    }

    public func load(of agent: User.ID) -> (perClass: [CapacityClass: Int], total: Int)? {
        agents[agent].map { ($0.load, $0.total) }
    }

    public func profile(of agent: User.ID) -> AgentProfile? { agents[agent]?.profile }

    /// The interaction's state for inspection and tests.
    public func state(of id: Interaction.ID) -> RoutingState? {
        guard let interaction = interactions[id] else { return nil }
        switch interaction.place {
        case .pending: return nil
        case .queued(let tier): return .queued(workgroup: interaction.workgroup, tier: tier)
        case .reserved(let agent, let until, _): return .reserved(for: agent, until: until)
        case .offered(let agent, let expiresAt): return .offered(to: agent, expiresAt: expiresAt)
        case .held(let agent, let hold): return .held(by: agent, countsAgainstCapacity: hold.counted)
        }
    }

    public var interactionIDs: [Interaction.ID] { Array(interactions.keys) }
    public var agentIDs: [User.ID] { Array(agents.keys) }
}

public enum RoutingState: Sendable, Hashable {
    case queued(workgroup: Workgroup.ID, tier: Int)
    case reserved(for: User.ID, until: Date)
    case offered(to: User.ID, expiresAt: Date)
    case held(by: User.ID, countsAgainstCapacity: Bool)
}
