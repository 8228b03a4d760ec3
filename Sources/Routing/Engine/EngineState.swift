import Domain
import Foundation

/// One agent as the engine holds it, in a slot of `RoutingEngine.agentTable`.
struct AgentState: Sendable {
    let id: User.ID
    var profile: AgentProfile
    /// The one open offer an agent may have (an interaction slot).
    var offer: Int?
    /// Counted interactions per class: offered, and held unless their slot was released.
    var load: [Int] = [0, 0, 0]
    var total = 0
    var held: Set<Int> = []
    /// Interactions waiting for this agent by name.
    var reserved: Set<Int> = []
    /// When the agent last became ready, was offered something, or finished an interaction.
    var lastActivity: Date
    /// The offer counter when this agent was last offered something (round robin).
    var lastOffered: Int64 = 0
    /// Where the agent qualifies: workgroup slot, first qualifying tier, proficiency in its required skills.
    var placements: [Placement] = []
    /// Bumped whenever availability or rank may change: pool entries of older versions are stale.
    var version: UInt64 = 0
    var indexedIn: [PoolKey] = []

    struct Placement: Sendable {
        var group: Int
        var tier: Int
        var proficiency: Int
    }

    func hasRoom(for capacityClass: CapacityClass) -> Bool {
        guard total < min(profile.totalCapacity, AgentProfile.maximumCapacity),
              load[capacityClass.slot] < profile.capacity[capacityClass, default: 0] else { return false }
        if profile.mayInterrupt.isEmpty { return true }
        for held in CapacityClass.allCases where held != capacityClass && load[held.slot] > 0 {
            if let allowed = profile.mayInterrupt[held], !allowed.contains(capacityClass) { return false }
        }
        return true
    }

    func isAvailable(for capacityClass: CapacityClass) -> Bool {
        profile.isReady && offer == nil && hasRoom(for: capacityClass)
    }

    /// Load per class as a dictionary, for inspection.
    var loadByClass: [CapacityClass: Int] {
        Dictionary(uniqueKeysWithValues: CapacityClass.allCases.map { ($0, load[$0.slot]) })
    }
}

/// One interaction as the engine holds it, in a slot of `RoutingEngine.itemTable`.
struct InteractionState: Sendable {
    let id: Interaction.ID
    let capacityClass: CapacityClass
    var workgroup: Workgroup.ID
    var group: Int
    /// When it entered its current workgroup: target expansion and overflow count from here.
    var workgroupSince: Date
    /// When it first queued: its place by age.
    let queuedAt: Date
    var basePriority: Int
    /// Returned by an agent who logged out: goes ahead of everything else.
    var front = false
    var declinedBy: Set<User.ID> = []
    var place: Place
    /// Bumped on every change of place: timers scheduled under an older stamp are void.
    var stamp: UInt64 = 0
    /// Bumped whenever its queue entry changes: older entries are stale.
    var queueVersion: UInt64 = 0

    /// The agent slot it is offered to or held by.
    var holderSlot: Int? {
        switch place {
        case .offered(let agent, _), .held(let agent, _): agent
        case .pending, .queued, .reserved: nil
        }
    }
}

/// Agents are named by their slot.
enum Place: Sendable, Hashable {
    /// Only while a command moves it between places.
    case pending
    case queued(tier: Int)
    case reserved(Int, until: Date, rule: RoutingExplanation.Rule)
    case offered(Int, expiresAt: Date)
    case held(Int, Hold)
}

struct Hold: Sendable, Hashable {
    enum Phase: Sendable, Hashable { case active, waitingForCustomer, wrapUp }
    var phase: Phase
    var since: Date
    /// False once a slot kept while waiting for the customer is released.
    var counted: Bool
}

/// A workgroup with its policy and its two indexes: ranked available agents and waiting interactions, each
/// partitioned by capacity class and tier.
struct GroupState: Sendable {
    var policy: WorkgroupPolicy
    var tiers: Int { policy.expansion.count + 1 }
    var agentPools: [Pool<AgentEntry>]
    var queues: [Pool<QueueEntry>]

    init(policy: WorkgroupPolicy) {
        self.policy = policy
        let count = CapacityClass.allCases.count * (policy.expansion.count + 1)
        agentPools = Array(repeating: Pool(), count: count)
        queues = Array(repeating: Pool(), count: count)
    }

    func index(_ capacityClass: CapacityClass, tier: Int) -> Int { Self.index(capacityClass, tier: tier, tiers: tiers) }

    static func index(_ capacityClass: CapacityClass, tier: Int, tiers: Int) -> Int { capacityClass.slot * tiers + tier }
}

/// A workgroup slot and an index into its pools.
struct PoolKey: Hashable, Sendable {
    var group: Int
    var index: Int
}

struct AgentEntry: Comparable, Sendable {
    var rank: AgentRank
    var agent: Int
    var version: UInt64

    static func < (lhs: AgentEntry, rhs: AgentEntry) -> Bool { lhs.rank < rhs.rank }
    static func == (lhs: AgentEntry, rhs: AgentEntry) -> Bool { lhs.rank == rhs.rank && lhs.version == rhs.version }
}

struct QueueEntry: Comparable, Sendable {
    var front: Bool
    var key: Int64
    var queuedAt: Int64
    var id: Interaction.ID
    var slot: Int
    var version: UInt64

    static func < (lhs: QueueEntry, rhs: QueueEntry) -> Bool {
        if lhs.front != rhs.front { return lhs.front }
        if lhs.key != rhs.key { return lhs.key > rhs.key }
        if lhs.queuedAt != rhs.queuedAt { return lhs.queuedAt < rhs.queuedAt }
        return lhs.id.rawValue < rhs.id.rawValue
    }

    static func == (lhs: QueueEntry, rhs: QueueEntry) -> Bool { lhs.slot == rhs.slot && lhs.version == rhs.version }
}

struct TimerEntry: Comparable, Sendable {
    enum Kind: Int, Sendable { case offerExpiry, slotRelease, reservationLapse, overflow, tierUp }
    var due: Date
    var kind: Kind
    var id: Interaction.ID
    var slot: Int
    var stamp: UInt64

    static func < (lhs: TimerEntry, rhs: TimerEntry) -> Bool {
        if lhs.due != rhs.due { return lhs.due < rhs.due }
        if lhs.kind != rhs.kind { return lhs.kind.rawValue < rhs.kind.rawValue }
        return lhs.id.rawValue < rhs.id.rawValue
    }

    static func == (lhs: TimerEntry, rhs: TimerEntry) -> Bool { lhs.slot == rhs.slot && lhs.kind == rhs.kind && lhs.stamp == rhs.stamp }
}

extension CapacityClass {
    /// A small index for arrays per class.
    var slot: Int {
        switch self {
        case .publicSocial: 0
        case .privateMessaging: 1
        case .webMessaging: 2
        }
    }
}
