import Domain
import Foundation

/// Everything that changes routing. The engine is driven only by these (DESIGN.md, "Routing state").
public enum RoutingCommand: Sendable, Hashable {
    /// An agent's availability or profile changed. Logging out returns everything in hand to the queue, first.
    case agentUpdated(AgentProfile)
    /// An interaction needs an agent.
    case interactionArrived(RoutableInteraction)
    case accepted(Interaction.ID, by: User.ID)
    /// The agent explicitly declined the offer.
    case rejected(Interaction.ID, by: User.ID)
    /// The agent answered and now waits for the customer; the slot is kept for the workgroup's keep time.
    case waitingForCustomer(Interaction.ID)
    /// The customer wrote again: the interaction is the agent's active work again.
    case customerReplied(Interaction.ID)
    case wrapUpStarted(Interaction.ID)
    /// Wrapped up, abandoned, deflected or closed for any reason: frees the agent's capacity.
    case closed(Interaction.ID)
    case transfer(Interaction.ID, to: TransferTarget)
    /// A supervisor hands a waiting interaction to an agent.
    case assign(Interaction.ID, to: User.ID)
    /// A supervisor takes an offered or held interaction back to the queue.
    case pull(Interaction.ID)
    case setPriority(Interaction.ID, Int)
    /// Time passed: offers expire, targets widen, reservations lapse, interactions overflow.
    case tick
}

public enum TransferTarget: Sendable, Hashable, Codable {
    case agent(User.ID)
    case workgroup(Workgroup.ID)
}

/// What the engine decided; the service carrying it out records each one with its event.
/// Codable: a routing leader answers another node's request with them (`RoutingReply`).
public enum RoutingDecision: Sendable, Hashable, Codable {
    case offer(Interaction.ID, to: User.ID, expiresAt: Date, why: RoutingExplanation)
    /// The interaction is the agent's: accepted, answered automatically, or assigned by a supervisor.
    case assign(Interaction.ID, to: User.ID, why: RoutingExplanation?)
    /// The interaction went back to the queue.
    case requeue(Interaction.ID, from: User.ID, reason: RequeueReason)
    /// Redirect on no answer: the agent goes not ready with the RONA reason.
    case setNotReady(User.ID, reason: NotReadyReason.ID)
    /// Waiting for a named agent (the customer's last agent, a transfer, a returning customer) until the given time.
    case reserve(Interaction.ID, for: User.ID, until: Date, rule: RoutingExplanation.Rule)
    case overflow(Interaction.ID, from: Workgroup.ID, to: Workgroup.ID)
    case transfer(Interaction.ID, from: User.ID?, to: TransferTarget)
    /// Waiting for the customer past the keep time: the agent's slot is free, the interaction stays theirs.
    case releaseSlot(Interaction.ID, agent: User.ID)
    /// The customer wrote after the slot was released and the agent had room: it is counted again.
    case resume(Interaction.ID, agent: User.ID)
    case priority(Interaction.ID, Int)
    case refuse(Interaction.ID, RefusalReason)

    public enum RequeueReason: String, Sendable, Hashable, Codable {
        case rejected
        case noAnswer = "no_answer"
        case agentUnavailable = "agent_unavailable"
        case agentLoggedOut = "agent_logged_out"
        case pulled
        case reservationLapsed = "reservation_lapsed"
    }

    public enum RefusalReason: String, Sendable, Hashable, Codable {
        /// Accept or reject of an offer that is not (or no longer) this agent's.
        case notOffered = "not_offered"
        case notWaiting = "not_waiting"
        case notHeld = "not_held"
        case unknownInteraction = "unknown_interaction"
        case unknownAgent = "unknown_agent"
        case agentLoggedOut = "agent_logged_out"
        case agentAtCapacity = "agent_at_capacity"
        case unknownWorkgroup = "unknown_workgroup"
    }
}

public struct RoutableInteraction: Sendable, Hashable {
    public var id: Interaction.ID
    public var workgroup: Workgroup.ID
    public var capacityClass: CapacityClass
    /// nil: the workgroup's starting priority.
    public var priority: Int?
    public var queuedAt: Date
    /// The agent who served this customer within the last-agent window, if any.
    public var lastAgent: User.ID?
    /// The customer's language (ISO 639-1, from content analysis). Each workgroup it queues in derives its own
    /// requirement from it (`WorkgroupPolicy.languages`), so a transfer or overflow re-derives it.
    public var language: String?

    public init(
        id: Interaction.ID, workgroup: Workgroup.ID, capacityClass: CapacityClass, priority: Int? = nil, queuedAt: Date,
        lastAgent: User.ID? = nil, language: String? = nil
    ) {
        self.language = language
        self.id = id
        self.workgroup = workgroup
        self.capacityClass = capacityClass
        self.priority = priority
        self.queuedAt = queuedAt
        self.lastAgent = lastAgent
    }
}
