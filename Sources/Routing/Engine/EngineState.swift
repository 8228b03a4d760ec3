import Domain
import Foundation

/// One agent as the engine holds it, in a slot of `RoutingEngine.agentTable`.
struct AgentState: Sendable {
    let id: User.ID
    var profile: AgentProfile {
        didSet { limits = Limits(profile) }
    }
    /// The profile's capacity as plain numbers per class slot: `hasRoom` runs on every routing decision.
    private(set) var limits: Limits
    /// The one open offer an agent may have (an interaction slot).
    var offer: Int?
    /// Counted interactions per class: offered, and held unless their slot was released.
    var load = PerClass()
    var total = 0
    /// Interaction slots it holds, in no particular order (a list: a hash set cost more to remove from than a
    /// short scan; every reader sorts).
    private(set) var held: [Int] = []
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
    /// The agent pools (absolute indexes) holding this agent's current entries.
    var indexedIn: [Int] = []

    struct Placement: Sendable {
        var group: Int
        var tier: Int
        var proficiency: Int
        /// Bit 0: no language requirement (always set); bit n: the workgroup's language requirement n (its n-th
        /// language skill at its minimum or above).
        var requirements: UInt64 = 1
    }

    struct Limits: Sendable {
        var perClass = PerClass()
        var total: Int
        /// Per held class slot, a bit per class slot that may still be offered; nil: no blending rules.
        var mayInterrupt: [UInt8]? = nil

        init(_ profile: AgentProfile) {
            for capacityClass in CapacityClass.allCases { perClass[capacityClass.slot] = profile.capacity[capacityClass, default: 0] }
            total = min(profile.totalCapacity, AgentProfile.maximumCapacity)
            guard !profile.mayInterrupt.isEmpty else { return }
            var masks = Array(repeating: UInt8.max, count: CapacityClass.allCases.count)
            for (held, allowed) in profile.mayInterrupt { masks[held.slot] = allowed.reduce(0) { $0 | (1 << $1.slot) } }
            mayInterrupt = masks
        }
    }

    init(id: User.ID, profile: AgentProfile, lastActivity: Date) {
        self.id = id
        self.profile = profile
        self.limits = Limits(profile)
        self.lastActivity = lastActivity
    }

    mutating func hold(_ item: Int) { held.append(item) }

    mutating func release(_ item: Int) {
        guard let index = held.firstIndex(of: item) else { return }
        held.swapAt(index, held.count - 1)
        held.removeLast()
    }

    func hasRoom(for capacityClass: CapacityClass) -> Bool { hasRoom(slot: capacityClass.slot) }

    func hasRoom(slot: Int) -> Bool {
        guard total < limits.total, load[slot] < limits.perClass[slot] else { return false }
        guard let mayInterrupt = limits.mayInterrupt else { return true }
        for held in 0..<CapacityClass.slotCount where held != slot && load[held] > 0 && mayInterrupt[held] & (1 << slot) == 0 { return false }
        return true
    }

    /// A bit per class slot the agent has room for.
    var freeSlots: UInt8 {
        var mask: UInt8 = 0
        for slot in 0..<CapacityClass.slotCount where hasRoom(slot: slot) { mask |= 1 << slot }
        return mask
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
    /// The customer's language (ISO 639-1), kept so the requirement can be derived again in another workgroup.
    let language: String?
    /// The current workgroup's language requirement (`GroupState.requirement(of:)`); 0: none.
    var requirement: Int = 0
    /// Returned by an agent who logged out: goes ahead of everything else.
    var front = false
    var declinedBy: Set<User.ID> = []
    var place: Place
    /// Bumped on every change of place: timers scheduled under an older stamp are void.
    var stamp: UInt64 = 0
    /// Bumped whenever its queue entry changes: older entries are stale.
    var queueVersion: UInt64 = 0

    /// The agent slot it is offered to or held by.
    var holderSlot: Int? { place.agent }
}

/// Agents are named by their slot.
enum Place: Sendable, Hashable {
    /// Only while a command moves it between places.
    case pending
    case queued(tier: Int)
    case reserved(Int, until: Date, rule: RoutingExplanation.Rule)
    case offered(Int, expiresAt: Date)
    case held(Int, Hold)

    /// The agent slot it is offered to or held by.
    var agent: Int? {
        switch self {
        case .offered(let agent, _), .held(let agent, _): agent
        case .pending, .queued, .reserved: nil
        }
    }
}

struct Hold: Sendable, Hashable {
    enum Phase: Sendable, Hashable { case active, waitingForCustomer, wrapUp }
    var phase: Phase
    var since: Date
    /// False once a slot kept while waiting for the customer is released.
    var counted: Bool
}

/// A workgroup with its policy and where its two indexes sit in the engine's flat pool arrays: ranked available
/// agents and waiting interactions, each partitioned by capacity class and tier (`base + index(class, tier)`).
/// The hot scalars come first and are stored, so the dispatch path reads one cache line per workgroup.
///
/// Each (class, tier) pool is split by language requirement (`requirements` sub-pools, 0: none; a workgroup
/// without a language map has one): an interaction queues under its requirement, an agent is indexed under
/// "none" and under every requirement they meet.
struct GroupState: Sendable {
    let base: Int
    let tiers: Int
    let aging: Int
    /// 1 + the number of distinct language skills.
    let requirements: Int
    /// From this tier on the language is not required (see `WorkgroupPolicy.languageFreeTier`).
    let languageFreeTier: Int
    let policy: WorkgroupPolicy
    let languageSkills: [Skill.ID]

    init(policy: WorkgroupPolicy, base: Int) {
        self.base = base
        self.tiers = policy.expansion.count + 1
        self.aging = policy.agingPerMinute
        self.languageSkills = policy.languageSkills
        self.requirements = languageSkills.count + 1
        self.languageFreeTier = policy.languageFreeTier
        self.policy = policy
    }

    static func poolCount(_ policy: WorkgroupPolicy) -> Int {
        CapacityClass.allCases.count * (policy.expansion.count + 1) * (policy.languageSkills.count + 1)
    }

    /// The absolute pool of a class, tier and language requirement.
    func pool(_ capacityClass: CapacityClass, tier: Int, requirement: Int = 0) -> Int { pool(slot: capacityClass.slot, tier: tier, requirement: requirement) }

    func pool(slot: Int, tier: Int, requirement: Int) -> Int { base + (slot * tiers + tier) * requirements + requirement }

    /// The requirement an interaction in `language` has here at tier 0 (0: none).
    func requirement(of language: String?) -> Int {
        guard requirements > 1, let needed = policy.languageRequirement(language), let index = languageSkills.firstIndex(of: needed.skill) else { return 0 }
        return index + 1
    }

    /// The requirements (as bits, see `AgentState.Placement`) an agent with these skills meets.
    func requirementsMet(by skills: [Skill.ID: Int]) -> UInt64 {
        var met: UInt64 = 1
        for (index, skill) in languageSkills.enumerated() where (skills[skill] ?? 0) >= policy.languageMinimum { met |= 1 << UInt64(index + 1) }
        return met
    }
}

/// A workgroup slot and an index into its pools.

struct AgentEntry: Comparable, Sendable {
    var rank: AgentRank
    var agent: Int
    var version: UInt64

    static func < (lhs: AgentEntry, rhs: AgentEntry) -> Bool { lhs.rank < rhs.rank }
    static func == (lhs: AgentEntry, rhs: AgentEntry) -> Bool { lhs.rank == rhs.rank && lhs.version == rhs.version }
}

struct QueueEntry: Comparable, Sendable {
    var front: Bool
    /// Whether the interaction had been declined by someone when this entry was written (it cannot change while
    /// the entry is current); not part of the order.
    var declined: Bool = false
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

/// The top of one queue, copied beside the heap (`RoutingEngine.queueHeads`) so that a freed agent compares the
/// heads of all the queues they qualify for by reading one small array, without touching the heaps or the
/// interactions. Every queue's top is current (stale entries are dropped as soon as they surface, see
/// `RoutingEngine.settle`), so a head needs no validity check.
struct QueueHead: Sendable, Equatable {
    var key: Int64 = 0
    var queuedAt: Int64 = 0
    /// The interaction's slot; -1: the queue is empty.
    var slot = -1
    var front = false
    var declined = false

    static let empty = QueueHead()

    init() {}

    init(_ entry: QueueEntry) {
        key = entry.key
        queuedAt = entry.queuedAt
        slot = entry.slot
        front = entry.front
        declined = entry.declined
    }
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

/// One number per capacity class slot, stored inline: an array is an allocation of its own, and touching it
/// costs one more cache miss per agent (loads and capacities are read for every agent a decision looks at).
struct PerClass: Sendable, Equatable, CustomStringConvertible {
    private var slots: (Int, Int, Int) = (0, 0, 0)

    subscript(slot: Int) -> Int {
        get {
            switch slot {
            case 0: slots.0
            case 1: slots.1
            case 2: slots.2
            default: preconditionFailure("capacity class slot \(slot)")
            }
        }
        set {
            switch slot {
            case 0: slots.0 = newValue
            case 1: slots.1 = newValue
            case 2: slots.2 = newValue
            default: preconditionFailure("capacity class slot \(slot)")
            }
        }
    }

    var values: [Int] { [slots.0, slots.1, slots.2] }
    var description: String { values.description }

    static func == (lhs: PerClass, rhs: PerClass) -> Bool { lhs.slots == rhs.slots }
}

extension CapacityClass {
    /// The number of classes (`allCases` builds an array on every call).
    static let slotCount = allCases.count

    /// A small index for arrays per class.
    var slot: Int {
        switch self {
        case .publicSocial: 0
        case .privateMessaging: 1
        case .webMessaging: 2
        }
    }
}
