import Domain
import Foundation

/// One agent as the engine holds it.
struct AgentState: Sendable {
    var profile: AgentProfile
    /// The one open offer an agent may have.
    var offer: Interaction.ID?
    /// Counted interactions per class: offered, and held unless their slot was released.
    var load: [CapacityClass: Int] = [:]
    var total = 0
    var held: Set<Interaction.ID> = []
    /// When the agent last became ready, was offered something, or finished an interaction.
    var lastActivity: Date
    /// The offer counter when this agent was last offered something (round robin).
    var lastOffered: Int64 = 0
    /// The first qualifying tier in each of the agent's workgroups.
    var placement: [Workgroup.ID: Int] = [:]
    /// Bumped whenever availability or rank may change: index entries of older versions are stale.
    var version: UInt64 = 0
    var indexedIn: [PoolKey] = []

    func hasRoom(for capacityClass: CapacityClass) -> Bool {
        RoutingRules.hasRoom(profile, load: load, total: total, for: capacityClass)
    }

    func isAvailable(for capacityClass: CapacityClass) -> Bool {
        profile.isReady && offer == nil && hasRoom(for: capacityClass)
    }
}

/// One interaction as the engine holds it.
struct InteractionState: Sendable {
    let id: Interaction.ID
    let capacityClass: CapacityClass
    var workgroup: Workgroup.ID
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

    var holder: User.ID? {
        switch place {
        case .offered(let agent, _), .held(let agent, _): agent
        case .pending, .queued, .reserved: nil
        }
    }
}

enum Place: Sendable, Hashable {
    /// Only while a command moves it between places.
    case pending
    case queued(tier: Int)
    case reserved(User.ID, until: Date, rule: RoutingExplanation.Rule)
    case offered(User.ID, expiresAt: Date)
    case held(User.ID, Hold)
}

struct Hold: Sendable, Hashable {
    enum Phase: Sendable, Hashable { case active, waitingForCustomer, wrapUp }
    var phase: Phase
    var since: Date
    /// False once a slot kept while waiting for the customer is released.
    var counted: Bool
}

/// A workgroup, capacity class and tier: the unit both indexes are partitioned by.
struct PoolKey: Hashable, Sendable {
    var workgroup: Workgroup.ID
    var capacityClass: CapacityClass
    var tier: Int
}

struct AgentEntry: Comparable, Sendable {
    var rank: AgentRank
    var agent: User.ID
    var version: UInt64

    static func < (lhs: AgentEntry, rhs: AgentEntry) -> Bool { lhs.rank < rhs.rank }
    static func == (lhs: AgentEntry, rhs: AgentEntry) -> Bool { lhs.rank == rhs.rank && lhs.version == rhs.version }
}

struct QueueEntry: Comparable, Sendable {
    var front: Bool
    var key: Int64
    var queuedAt: Int64
    var id: Interaction.ID
    var version: UInt64

    static func < (lhs: QueueEntry, rhs: QueueEntry) -> Bool {
        QueueRank(front: lhs.front, priority: lhs.key, queuedAt: lhs.queuedAt, id: lhs.id.rawValue)
            < QueueRank(front: rhs.front, priority: rhs.key, queuedAt: rhs.queuedAt, id: rhs.id.rawValue)
    }

    static func == (lhs: QueueEntry, rhs: QueueEntry) -> Bool { lhs.id == rhs.id && lhs.version == rhs.version }
}

struct TimerEntry: Comparable, Sendable {
    enum Kind: Int, Sendable { case offerExpiry, slotRelease, reservationLapse, overflow, tierUp }
    var due: Date
    var kind: Kind
    var id: Interaction.ID
    var stamp: UInt64

    static func < (lhs: TimerEntry, rhs: TimerEntry) -> Bool {
        (lhs.due, lhs.kind.rawValue, lhs.id.rawValue) < (rhs.due, rhs.kind.rawValue, rhs.id.rawValue)
    }

    static func == (lhs: TimerEntry, rhs: TimerEntry) -> Bool { lhs.id == rhs.id && lhs.kind == rhs.kind && lhs.stamp == rhs.stamp && lhs.due == rhs.due }
}
