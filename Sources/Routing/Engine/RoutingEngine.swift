import Domain
import Foundation
import HeapModule

/// The skills-based ACD. Pure: commands in, decisions out, the clock passed in — no I/O, no timers of its own.
///
/// Agents, interactions and workgroups live in slots (arrays), named by string ids only at the edges. Waiting
/// interactions sit in priority queues per (workgroup, capacity class, tier); available agents in ranked
/// pools per (workgroup, capacity class, first qualifying tier). After every command the engine is
/// *stable*: no waiting interaction has an available agent who qualifies for it. A command can only disturb
/// that through the agents and interactions it touches (kept as "dirty"), so dispatch looks only there —
/// and decides exactly as a greedy pass over everything, in queue order, would.
public struct RoutingEngine: Sendable {
    var groupSlots: [Workgroup.ID: Int] = [:]
    var groups: [GroupState] = []
    /// Every workgroup's pools, flat: a workgroup's start at its `base` (one indirection less on the hot path).
    var agentPools: [Pool<AgentEntry>] = []
    var queues: [Pool<QueueEntry>] = []
    /// The top of each queue in `queues`, same index (see `QueueHead`).
    var queueHeads: [QueueHead] = []
    var agentSlots: [User.ID: Int] = [:]
    var agentTable: [AgentState] = []
    var itemSlots: [Interaction.ID: Int] = [:]
    var itemTable: [InteractionState?] = []
    /// Each slot's `InteractionState.queueVersion`, mirrored (0: free slot): queue entries are checked against
    /// it whenever they surface, mostly entries of interactions not otherwise touched, and eight bytes per slot
    /// stay in cache where a whole interaction does not.
    var queueVersions: [UInt64] = []
    var freeItems: [Int] = []
    var timers = Heap<TimerEntry>()
    /// Offer expiries, apart from the other timers: most offers are accepted long before they expire, and their
    /// void timers are dropped here in one pass once they outnumber the open offers (see `scheduleOfferExpiry`),
    /// instead of weighing on every operation of the main heap until they are due.
    var offerTimers = Heap<TimerEntry>()
    /// Interactions in place `.offered` (kept by `move`).
    var openOffers = 0
    /// A reused buffer for `chooseAgent`'s candidates (no allocation per decision).
    var candidateBuffer: [AgentEntry] = []
    var dirtyAgents = SlotSet()
    var dirtyItems = SlotSet()
    /// Available agents whose pool entries are not written yet (see `reindex`).
    var pendingIndex = SlotSet()
    var offerCounter: Int64 = 0
    var versionCounter: UInt64 = 0

    public init(policies: [WorkgroupPolicy] = []) {
        for policy in policies {
            if let slot = groupSlots[policy.id] { groups[slot] = GroupState(policy: policy, base: appendPools(for: policy)) } else { addGroup(policy) }
        }
    }

    public mutating func handle(_ command: RoutingCommand, now: Date) -> [RoutingDecision] {
        // Joined only when both sides have something: usually one of the three has a decision, and appending
        // it to an empty array would copy it into a new buffer.
        var decisions = fireTimers(now: now)
        for more in [apply(command, now: now), dispatch(now: now)] where !more.isEmpty {
            if decisions.isEmpty { decisions = more } else { decisions += more }
        }
        return decisions
    }

    @discardableResult
    mutating func addGroup(_ policy: WorkgroupPolicy) -> Int {
        groups.append(GroupState(policy: policy, base: appendPools(for: policy)))
        groupSlots[policy.id] = groups.count - 1
        return groups.count - 1
    }

    /// Room for a workgroup's pools; returns where they start.
    private mutating func appendPools(for policy: WorkgroupPolicy) -> Int {
        let base = agentPools.count
        agentPools += Array(repeating: Pool(), count: GroupState.poolCount(policy))
        queues += Array(repeating: Pool(), count: GroupState.poolCount(policy))
        queueHeads += Array(repeating: .empty, count: GroupState.poolCount(policy))
        return base
    }

    public var policies: [Workgroup.ID: WorkgroupPolicy] {
        Dictionary(uniqueKeysWithValues: groups.map { ($0.policy.id, $0.policy) })
    }

    public func policy(_ id: Workgroup.ID) -> WorkgroupPolicy { groupSlots[id].map { groups[$0].policy } ?? WorkgroupPolicy(id: id) }

    /// A workgroup routing has not heard of gets the default policy, and its members are placed in it.
    @discardableResult
    mutating func ensureGroup(_ id: Workgroup.ID) -> Int {
        if let slot = groupSlots[id] { return slot }
        let slot = addGroup(WorkgroupPolicy(id: id))
        for agent in agentTable.indices where agentTable[agent].profile.workgroups.contains(id) { place(agent, profile: agentTable[agent].profile) }
        return slot
    }

    mutating func nextVersion() -> UInt64 {
        versionCounter += 1
        return versionCounter
    }

    // MARK: - Inspection (by id; for the service, the API and tests)

    public var waitingCount: Int {
        itemTable.count { item in
            switch item?.place { case .queued?, .reserved?: true; default: false }
        }
    }

    public func offer(for id: Interaction.ID) -> (agent: User.ID, expiresAt: Date)? {
        guard let slot = itemSlots[id], case .offered(let agent, let expiresAt)? = itemTable[slot]?.place else { return nil }
        return (agentTable[agent].id, expiresAt)
    }

    public func holder(of id: Interaction.ID) -> User.ID? {
        guard let slot = itemSlots[id], case .held(let agent, _)? = itemTable[slot]?.place else { return nil }
        return agentTable[agent].id
    }

    public func load(of agent: User.ID) -> (perClass: [CapacityClass: Int], total: Int)? {
        agentSlots[agent].map { (agentTable[$0].loadByClass, agentTable[$0].total) }
    }

    public func profile(of agent: User.ID) -> AgentProfile? { agentSlots[agent].map { agentTable[$0].profile } }

    public func state(of id: Interaction.ID) -> RoutingState? {
        guard let slot = itemSlots[id], let interaction = itemTable[slot] else { return nil }
        switch interaction.place {
        case .pending: return nil
        case .queued(let tier): return .queued(workgroup: interaction.workgroup, tier: tier)
        case .reserved(let agent, let until, _): return .reserved(for: agentTable[agent].id, until: until)
        case .offered(let agent, let expiresAt): return .offered(to: agentTable[agent].id, expiresAt: expiresAt)
        case .held(let agent, let hold): return .held(by: agentTable[agent].id, countsAgainstCapacity: hold.counted)
        }
    }

    public var interactionIDs: [Interaction.ID] { Array(itemSlots.keys) }
    public var agentIDs: [User.ID] { Array(agentSlots.keys) }

    /// Every agent and interaction by id (a copy: for inspection and tests, not for routing).
    var agents: [User.ID: AgentState] { Dictionary(uniqueKeysWithValues: agentTable.map { ($0.id, $0) }) }
    var interactions: [Interaction.ID: InteractionState] {
        Dictionary(uniqueKeysWithValues: itemTable.compactMap { $0 }.map { ($0.id, $0) })
    }
}

public enum RoutingState: Sendable, Hashable {
    case queued(workgroup: Workgroup.ID, tier: Int)
    case reserved(for: User.ID, until: Date)
    case offered(to: User.ID, expiresAt: Date)
    case held(by: User.ID, countsAgainstCapacity: Bool)
}
