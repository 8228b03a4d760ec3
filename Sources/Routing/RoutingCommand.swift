import Domain
import Foundation

/// Everything that changes routing. The engine is driven only by these (DESIGN.md, "Routing state").
public enum RoutingCommand: Sendable, Hashable {
    /// An agent's availability or profile changed (ready or not, workgroups, capacity).
    case agentUpdated(AgentProfile)
    /// An interaction needs an agent.
    case interactionArrived(RoutableInteraction)
    case accepted(Interaction.ID, by: User.ID)
    /// The agent explicitly declined the offer.
    case rejected(Interaction.ID, by: User.ID)
    /// Wrapped up, abandoned, deflected or closed for any reason: frees the agent's capacity.
    case closed(Interaction.ID)
    /// Time passed: offers past their deadline are redirected (RONA).
    case tick
}

/// What the engine decided; the service carrying it out records each one with its event.
public enum RoutingDecision: Sendable, Hashable {
    case offer(Interaction.ID, to: User.ID, expiresAt: Date)
    /// The interaction went back to the queue: the offer was declined or not answered in time.
    case requeue(Interaction.ID, from: User.ID, reason: RequeueReason)
    /// The agent accepted; the interaction is theirs.
    case assign(Interaction.ID, to: User.ID)
    /// Redirect on no answer: the agent goes not ready with the RONA reason.
    case setNotReady(User.ID, reason: NotReadyReason.ID)

    public enum RequeueReason: String, Sendable, Hashable {
        case rejected
        case noAnswer = "no_answer"
        case agentUnavailable = "agent_unavailable"
    }
}

public struct AgentProfile: Sendable, Hashable {
    public var id: User.ID
    public var ready: Bool
    public var workgroups: Set<Workgroup.ID>
    public var capacity: [CapacityClass: Int]

    public init(id: User.ID, ready: Bool, workgroups: Set<Workgroup.ID>, capacity: [CapacityClass: Int]) {
        self.id = id
        self.ready = ready
        self.workgroups = workgroups
        self.capacity = capacity
    }
}

public struct RoutableInteraction: Sendable, Hashable {
    public var id: Interaction.ID
    /// nil: any ready agent may take it.
    public var workgroup: Workgroup.ID?
    public var capacityClass: CapacityClass
    public var priority: Int
    public var queuedAt: Date

    public init(id: Interaction.ID, workgroup: Workgroup.ID?, capacityClass: CapacityClass, priority: Int = 0, queuedAt: Date) {
        self.id = id
        self.workgroup = workgroup
        self.capacityClass = capacityClass
        self.priority = priority
        self.queuedAt = queuedAt
    }
}
