import Domain
import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Runs the routing engine for this node: feeds it commands, records its decisions (with their events) in
/// the database, and ticks it every second for timers. The database is the truth: the engine's state is
/// rebuilt from it at start, and again whenever recording a decision fails.
public actor RoutingService: Service {
    /// Where interactions of a channel without a workgroup queue: every agent is a member.
    public static let anyWorkgroup: Workgroup.ID = "*"

    var engine = RoutingEngine()
    private let store: any RoutingStore
    private let clock: any WallClock
    private let offerTimeout: TimeInterval
    private let logger: Logger
    private var workgroupOfChannel: [Channel.ID: Workgroup.ID] = [:]
    private var kindOfChannel: [Channel.ID: ChannelKind] = [:]
    var loaded = false

    public init(store: any RoutingStore, clock: any WallClock, offerTimeout: TimeInterval = 30, logger: Logger) {
        self.store = store
        self.clock = clock
        self.offerTimeout = offerTimeout
        self.logger = logger
    }

    public func run() async throws {
        try await loadIfNeeded()
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                _ = try? await self.submit(.tick)
            }
        }
    }

    /// A new interaction from the pipeline: queue it in its channel's workgroup.
    public func interactionArrived(_ interaction: Interaction) async throws {
        try await loadIfNeeded()
        var routable = routable(interaction)
        let window = engine.policy(routable.workgroup).lastAgentWindow
        if window > 0 {
            routable.lastAgent = try await store.lastAgent(of: interaction.contactID, excluding: interaction.id, since: clock.now() - window)
        }
        // A priority set before routing (a keyword rule) is kept with the interaction.
        let priority: [RoutingChange] = interaction.priority == 0 ? [] : [.priorityChanged(interaction.id, interaction.priority)]
        _ = try await execute(.interactionArrived(routable), queued: [(interaction.id, routable.workgroup)], extra: priority)
    }

    /// An agent's availability or profile changed.
    public func agentUpdated(_ user: User, presence: AgentPresenceState) async throws {
        try await loadIfNeeded()
        _ = try await execute(.agentUpdated(Self.profile(user, presence: presence)), queued: [])
    }

    @discardableResult
    public func submit(_ command: RoutingCommand) async throws -> [RoutingDecision] {
        try await loadIfNeeded()
        return try await execute(command, queued: [])
    }

    /// A transfer by its agent or a supervisor, with an optional note recorded in its event.
    public func transfer(_ id: Interaction.ID, to target: TransferTarget, note: String?) async throws -> [RoutingDecision] {
        try await loadIfNeeded()
        return try await execute(.transfer(id, to: target), queued: [], note: note)
    }

    /// Where each workgroup's queue stands, for supervisors.
    public func queues() async throws -> [QueueSummary] {
        try await loadIfNeeded()
        return engine.queueSummaries(now: clock.now()).filter { $0.workgroup != Self.anyWorkgroup || $0.waiting > 0 }
    }

    func execute(
        _ command: RoutingCommand, queued: [(Interaction.ID, Workgroup.ID)], extra: [RoutingChange] = [], note: String? = nil,
        recordsPriority: Bool = true
    ) async throws -> [RoutingDecision] {
        let now = clock.now()
        let decisions = engine.handle(command, now: now)
        var changes = queued.map { RoutingChange.queued($0.0, workgroup: Self.stored($0.1)) } + extra + decisions.flatMap { Self.changes($0, note: note) }
        if !recordsPriority {
            changes.removeAll { if case .priorityChanged = $0 { true } else { false } }
        }
        guard !changes.isEmpty else { return decisions }
        do {
            try await store.recordRouting(changes, at: now)
        } catch {
            logger.error("routing decisions could not be recorded; rebuilding routing state from the database", metadata: ["error": "\(error)"])
            loaded = false
            try? await loadIfNeeded()
            throw error
        }
        return decisions
    }

    /// What the database records of a decision.
    static func changes(_ decision: RoutingDecision, note: String? = nil) -> [RoutingChange] {
        switch decision {
        case .offer(let id, let agent, _, let why): [.offered(id, to: agent), explained(id, agent, "offer", why)]
        case .assign(let id, let agent, let why?): [.accepted(id, by: agent), explained(id, agent, "assign", why)]
        case .assign(let id, let agent, nil): [.accepted(id, by: agent)]
        case .requeue(let id, let agent, .rejected): [.rejected(id, by: agent)]
        case .requeue(let id, let agent, .noAnswer): [.redirectedOnNoAnswer(id, from: agent)]
        case .requeue(let id, _, .reservationLapsed): [.reservationEnded(id)]
        case .requeue(let id, let agent, _): [.requeued(id, from: agent)]
        case .setNotReady(let agent, let reason): [.agentNotReady(agent, reason: reason)]
        case .overflow(let id, _, let to): [.queued(id, workgroup: stored(to))]
        case .transfer(let id, let from, .workgroup(let to)): [.transferred(id, from: from, toAgent: nil, toWorkgroup: stored(to), note: note)]
        case .transfer(let id, let from, .agent(let to)): [.transferred(id, from: from, toAgent: to, toWorkgroup: nil, note: note)]
        case .priority(let id, let priority): [.priorityChanged(id, priority)]
        case .reserve(let id, let agent, let until, let rule): [.reserved(id, agent: agent, until: until, rule: rule.rawValue)]
        case .releaseSlot, .resume, .refuse: []
        }
    }

    private static func explained(_ id: Interaction.ID, _ agent: User.ID, _ decision: String, _ why: RoutingExplanation) -> RoutingChange {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(why)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return .explained(id, agent: agent, decision: decision, rule: why.rule.rawValue, explanation: json)
    }

    private static func stored(_ workgroup: Workgroup.ID) -> Workgroup.ID? { workgroup == anyWorkgroup ? nil : workgroup }

    /// Rebuilds the engine from the database: agents, interactions held, and everything waiting (an offer
    /// that was open when the node stopped is offered again).
    func loadIfNeeded() async throws {
        guard !loaded else { return }
        let snapshot = try await store.routingSnapshot()
        var engine = RoutingEngine(policies: snapshot.workgroups.map { Self.policy($0, offerTimeout: offerTimeout) }
                                   + [WorkgroupPolicy(id: Self.anyWorkgroup, alertingTimeout: offerTimeout)])
        workgroupOfChannel = Dictionary(snapshot.channels.compactMap { channel in channel.workgroupID.map { (channel.id, $0) } },
                                        uniquingKeysWith: { first, _ in first })
        kindOfChannel = Dictionary(snapshot.channels.map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first })
        let presence = Dictionary(snapshot.presence.map { ($0.agentID, $0) }, uniquingKeysWith: { first, _ in first })
        let now = clock.now()
        let agents = snapshot.users.filter { $0.has(.agent) }
        for user in agents {
            // Logged out while loading: nothing is offered until what they hold is restored.
            _ = engine.handle(.agentUpdated(Self.profile(user, presence: .loggedOut)), now: now)
        }
        var requeue: [RoutingChange] = []
        let reservations = Dictionary(snapshot.reservations.map { ($0.interactionID, $0) }, uniquingKeysWith: { first, _ in first })
        for interaction in snapshot.interactions {
            let routable = routable(interaction)
            switch interaction.state {
            case .active, .waitingForCustomer, .wrapUp:
                if let agent = interaction.assignedAgentID {
                    engine.restoreHeld(routable, by: agent, waitingForCustomer: interaction.state == .waitingForCustomer, now: now)
                }
            case .queued:
                if let reservation = reservations[interaction.id], let rule = RoutingExplanation.Rule(rawValue: reservation.rule) {
                    engine.restoreReserved(routable, for: reservation.agentID, until: reservation.until, rule: rule, now: now)
                } else {
                    _ = engine.handle(.interactionArrived(routable), now: now)
                }
            case .new, .offered:
                requeue.append(.queued(interaction.id, workgroup: Self.stored(routable.workgroup)))
                _ = engine.handle(.interactionArrived(routable), now: now)
            case .closed:
                break
            }
        }
        self.engine = engine
        loaded = true
        try await store.recordRouting(requeue, at: now)
        var decisions: [RoutingDecision] = []
        for user in agents {
            let state = presence[user.id].map(Self.presenceState) ?? .loggedOut
            decisions += self.engine.handle(.agentUpdated(Self.profile(user, presence: state)), now: now)
        }
        try await store.recordRouting(decisions.flatMap { Self.changes($0) }, at: now)
        logger.info("routing state loaded", metadata: ["waiting": "\(self.engine.waitingCount)", "agents": "\(agents.count)"])
    }

    /// The engine's view of an interaction. Its language travels with it: whichever workgroup it queues in
    /// (here, after an overflow or a transfer, or after a restart) derives its own requirement from it.
    func routable(_ interaction: Interaction) -> RoutableInteraction {
        // Unconfigured channels are named by their inbox key (`messenger:123`).
        let kind = kindOfChannel[interaction.channelID] ?? ChannelKey(interaction.channelID.rawValue)?.kind ?? .messenger
        let capacityClass = CapacityClass.of(kind: kind, visibility: interaction.visibility)
        return RoutableInteraction(id: interaction.id, workgroup: interaction.workgroupID ?? workgroupOfChannel[interaction.channelID] ?? Self.anyWorkgroup,
                                   capacityClass: capacityClass, priority: interaction.priority == 0 ? nil : interaction.priority,
                                   queuedAt: interaction.createdAt, language: interaction.scores.language)
    }

    public static func presenceState(_ presence: AgentPresence) -> AgentPresenceState {
        switch presence.state {
        case .ready: .ready
        case .notReady: .notReady(presence.reason ?? NotReadyReason.rona.id)
        case .loggedOut: .loggedOut
        }
    }

    static func profile(_ user: User, presence: AgentPresenceState) -> AgentProfile {
        AgentProfile(id: user.id, presence: user.active ? presence : .loggedOut,
                     skills: Dictionary(user.skills.map { ($0.skill, $0.proficiency) }, uniquingKeysWith: max),
                     workgroups: Set(user.workgroups).union([anyWorkgroup]), capacity: user.capacity,
                     totalCapacity: user.totalCapacity ?? AgentProfile.maximumCapacity, mayInterrupt: user.blending)
    }

    static func policy(_ workgroup: Workgroup, offerTimeout: TimeInterval) -> WorkgroupPolicy {
        WorkgroupPolicy(workgroup, defaultAlertingTimeout: offerTimeout)
    }
}
