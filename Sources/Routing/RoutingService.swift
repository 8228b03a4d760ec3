import Domain
import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Runs the routing engine for this node: feeds it commands, records its decisions (with their events) in
/// the database, and ticks it every second for offer timeouts. The database is the truth: the engine's
/// state is rebuilt from it at start, and again whenever recording a decision fails.
public actor RoutingService: Service {
    private var engine: RoutingEngine
    private let store: any RoutingStore
    private let clock: any WallClock
    private let logger: Logger
    private var workgroupOfChannel: [Channel.ID: Workgroup.ID] = [:]
    private var kindOfChannel: [Channel.ID: ChannelKind] = [:]
    private var loaded = false

    public init(store: any RoutingStore, clock: any WallClock, offerTimeout: TimeInterval = 30, logger: Logger) {
        self.engine = RoutingEngine(offerTimeout: offerTimeout)
        self.store = store
        self.clock = clock
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
        let routable = routable(interaction)
        _ = try await execute(.interactionArrived(routable), queued: [(interaction.id, routable.workgroup)])
    }

    /// An agent's availability or profile changed.
    public func agentUpdated(_ user: User, ready: Bool) async throws {
        try await loadIfNeeded()
        _ = try await execute(.agentUpdated(Self.profile(user, ready: ready)), queued: [])
    }

    @discardableResult
    public func submit(_ command: RoutingCommand) async throws -> [RoutingDecision] {
        try await loadIfNeeded()
        return try await execute(command, queued: [])
    }

    private func execute(_ command: RoutingCommand, queued: [(Interaction.ID, Workgroup.ID?)]) async throws -> [RoutingDecision] {
        let now = clock.now()
        let decisions = engine.handle(command, now: now)
        var changes = queued.map { RoutingChange.queued($0.0, workgroup: $0.1) }
        for decision in decisions {
            switch decision {
            case .offer(let id, let agent, _): changes.append(.offered(id, to: agent))
            case .assign(let id, let agent): changes.append(.accepted(id, by: agent))
            case .requeue(let id, let agent, .rejected): changes.append(.rejected(id, by: agent))
            case .requeue(let id, let agent, .noAnswer): changes.append(.redirectedOnNoAnswer(id, from: agent))
            case .requeue(let id, let agent, .agentUnavailable): changes.append(.requeued(id, from: agent))
            case .setNotReady(let agent, let reason): changes.append(.agentNotReady(agent, reason: reason))
            }
        }
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

    /// Rebuilds the engine from the database: ready agents, interactions held, and everything waiting (an
    /// offer that was open when the node stopped is offered again).
    private func loadIfNeeded() async throws {
        guard !loaded else { return }
        let snapshot = try await store.routingSnapshot()
        var engine = RoutingEngine(offerTimeout: self.engine.offerTimeout)
        workgroupOfChannel = Dictionary(snapshot.channels.compactMap { channel in channel.workgroupID.map { (channel.id, $0) } },
                                        uniquingKeysWith: { first, _ in first })
        kindOfChannel = Dictionary(snapshot.channels.map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first })
        let ready = Set(snapshot.presence.filter { $0.state == .ready }.map(\.agentID))
        let now = clock.now()
        for user in snapshot.users where user.has(.agent) {
            _ = engine.handle(.agentUpdated(Self.profile(user, ready: false)), now: now)
        }
        var requeue: [RoutingChange] = []
        for interaction in snapshot.interactions {
            let routable = routable(interaction)
            switch interaction.state {
            case .active, .waitingForCustomer, .wrapUp:
                if let agent = interaction.assignedAgentID {
                    _ = engine.handle(.interactionArrived(routable), now: now)
                    engine.restoreAssignment(interaction.id, to: agent, capacityClass: routable.capacityClass)
                }
            case .new, .queued, .offered:
                if interaction.state != .queued { requeue.append(.queued(interaction.id, workgroup: routable.workgroup)) }
                _ = engine.handle(.interactionArrived(routable), now: now)
            case .closed:
                break
            }
        }
        self.engine = engine
        loaded = true
        try await store.recordRouting(requeue, at: now)
        var decisions: [RoutingDecision] = []
        for user in snapshot.users where user.has(.agent) && ready.contains(user.id) {
            decisions += self.engine.handle(.agentUpdated(Self.profile(user, ready: true)), now: now)
        }
        try await store.recordRouting(decisions.compactMap { decision in
            if case .offer(let id, let agent, _) = decision { return .offered(id, to: agent) }
            return nil
        }, at: now)
        logger.info("routing state loaded", metadata: ["waiting": "\(self.engine.waitingCount)", "agents": "\(snapshot.users.count)"])
    }

    private func routable(_ interaction: Interaction) -> RoutableInteraction {
        // Unconfigured channels are named by their inbox key (`messenger:123`).
        let kind = kindOfChannel[interaction.channelID] ?? ChannelKey(interaction.channelID.rawValue)?.kind ?? .messenger
        let capacityClass = CapacityClass.of(kind: kind, visibility: interaction.visibility)
        return RoutableInteraction(id: interaction.id, workgroup: interaction.workgroupID ?? workgroupOfChannel[interaction.channelID],
                                   capacityClass: capacityClass, priority: interaction.priority, queuedAt: interaction.createdAt)
    }

    static func profile(_ user: User, ready: Bool) -> AgentProfile {
        AgentProfile(id: user.id, ready: ready && user.active, workgroups: Set(user.workgroups), capacity: user.capacity)
    }
}
