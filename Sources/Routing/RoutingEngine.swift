import Domain
import Foundation

/// The simple ACD: each waiting interaction (highest priority first, then longest waiting) is offered to the
/// ready member of its workgroup with free capacity who has been idle longest; one open offer per agent;
/// offers expire (RONA). Pure: commands in, decisions out, the clock passed in — no I/O, no timers.
public struct RoutingEngine: Sendable {
    public var offerTimeout: TimeInterval

    private var agents: [User.ID: AgentSlot] = [:]
    private var waiting: [Interaction.ID: Waiting] = [:]
    private var offers: [Interaction.ID: Offer] = [:]
    private var assigned: [Interaction.ID: (agent: User.ID, capacityClass: CapacityClass)] = [:]

    struct AgentSlot {
        var profile: AgentProfile
        /// When the agent last became free (ready, or finished an interaction): the longest idle goes first.
        var idleSince: Date
    }

    struct Waiting {
        var interaction: RoutableInteraction
        /// Agents who declined or let it time out; it is not offered to them again.
        var declinedBy: Set<User.ID> = []
    }

    struct Offer {
        var waiting: Waiting
        var agent: User.ID
        var expiresAt: Date
    }

    public init(offerTimeout: TimeInterval = 30) { self.offerTimeout = offerTimeout }

    public mutating func handle(_ command: RoutingCommand, now: Date) -> [RoutingDecision] {
        var decisions: [RoutingDecision] = []
        switch command {
        case .agentUpdated(let profile):
            let wasReady = agents[profile.id]?.profile.ready ?? false
            agents[profile.id] = AgentSlot(profile: profile, idleSince: wasReady ? agents[profile.id]!.idleSince : now)
            if !profile.ready {
                for (id, offer) in offers where offer.agent == profile.id {
                    offers[id] = nil
                    waiting[id] = offer.waiting
                    decisions.append(.requeue(id, from: profile.id, reason: .agentUnavailable))
                }
            }
        case .interactionArrived(let interaction):
            guard waiting[interaction.id] == nil, offers[interaction.id] == nil, assigned[interaction.id] == nil else { break }
            waiting[interaction.id] = Waiting(interaction: interaction)
        case .accepted(let id, let agent):
            guard let offer = offers[id], offer.agent == agent else { break }
            offers[id] = nil
            assigned[id] = (agent, offer.waiting.interaction.capacityClass)
            decisions.append(.assign(id, to: agent))
        case .rejected(let id, let agent):
            guard var offer = offers[id], offer.agent == agent else { break }
            offers[id] = nil
            offer.waiting.declinedBy.insert(agent)
            waiting[id] = offer.waiting
            decisions.append(.requeue(id, from: agent, reason: .rejected))
        case .closed(let id):
            waiting[id] = nil
            if let offer = offers.removeValue(forKey: id) { agents[offer.agent]?.idleSince = now }
            if let holder = assigned.removeValue(forKey: id) {
                // Freed capacity makes the agent idle again if nothing else is theirs.
                if !assigned.values.contains(where: { $0.agent == holder.agent }) { agents[holder.agent]?.idleSince = now }
            }
        case .tick:
            for (id, offer) in offers where offer.expiresAt <= now {
                offers[id] = nil
                var back = offer.waiting
                back.declinedBy.insert(offer.agent)
                waiting[id] = back
                decisions.append(.requeue(id, from: offer.agent, reason: .noAnswer))
                decisions.append(.setNotReady(offer.agent, reason: NotReadyReason.rona.id))
                agents[offer.agent]?.profile.ready = false
            }
        }
        return decisions + dispatch(now: now)
    }

    /// Offers what can be offered now.
    private mutating func dispatch(now: Date) -> [RoutingDecision] {
        var decisions: [RoutingDecision] = []
        let queue = waiting.values.sorted { lhs, rhs in
            if lhs.interaction.priority != rhs.interaction.priority { return lhs.interaction.priority > rhs.interaction.priority }
            if lhs.interaction.queuedAt != rhs.interaction.queuedAt { return lhs.interaction.queuedAt < rhs.interaction.queuedAt }
            return lhs.interaction.id.rawValue < rhs.interaction.id.rawValue
        }
        for entry in queue {
            guard let agent = bestAgent(for: entry) else { continue }
            waiting[entry.interaction.id] = nil
            let expiresAt = now + offerTimeout
            offers[entry.interaction.id] = Offer(waiting: entry, agent: agent, expiresAt: expiresAt)
            decisions.append(.offer(entry.interaction.id, to: agent, expiresAt: expiresAt))
        }
        return decisions
    }

    private func bestAgent(for entry: Waiting) -> User.ID? {
        let interaction = entry.interaction
        return agents.values.filter { slot in
            let profile = slot.profile
            guard profile.ready, !entry.declinedBy.contains(profile.id) else { return false }
            if let workgroup = interaction.workgroup, !profile.workgroups.contains(workgroup) { return false }
            guard !offers.values.contains(where: { $0.agent == profile.id }) else { return false }
            let load = assigned.values.filter { $0.agent == profile.id && $0.capacityClass == interaction.capacityClass }.count
            return load < profile.capacity[interaction.capacityClass, default: 0]
        }.min { lhs, rhs in
            lhs.idleSince != rhs.idleSince ? lhs.idleSince < rhs.idleSince : lhs.profile.id.rawValue < rhs.profile.id.rawValue
        }?.profile.id
    }

    /// Marks an interaction as held by an agent without an offer (rebuilding state after a restart).
    public mutating func restoreAssignment(_ id: Interaction.ID, to agent: User.ID, capacityClass: CapacityClass) {
        waiting[id] = nil
        offers[id] = nil
        assigned[id] = (agent, capacityClass)
    }

    /// For inspection and tests.
    public var waitingCount: Int { waiting.count }
    public func offer(for id: Interaction.ID) -> (agent: User.ID, expiresAt: Date)? { offers[id].map { ($0.agent, $0.expiresAt) } }
    public func holder(of id: Interaction.ID) -> User.ID? { assigned[id]?.agent }
}
