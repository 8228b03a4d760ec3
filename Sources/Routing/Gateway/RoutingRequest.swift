import Domain
import Foundation

/// A routing request as one node hands it to the routing leader (stored as JSON in `routing_commands`). Agents and
/// interactions travel by id: the leader reads them from the database, which is the truth. What the pipeline decided
/// in memory before routing (a rule's workgroup and priority) travels with the request.
public enum RoutingRequest: Sendable, Hashable, Codable {
    case interactionArrived(Interaction.ID, workgroup: Workgroup.ID?, priority: Int)
    case agentUpdated(User.ID, presence: Presence)
    case accepted(Interaction.ID, by: User.ID)
    case rejected(Interaction.ID, by: User.ID)
    case waitingForCustomer(Interaction.ID)
    case customerReplied(Interaction.ID)
    case wrapUpStarted(Interaction.ID)
    case closed(Interaction.ID)
    case assign(Interaction.ID, to: User.ID)
    case pull(Interaction.ID)
    case setPriority(Interaction.ID, Int)
    case transfer(Interaction.ID, to: TransferTarget, note: String?)
    case raisePriority(Interaction.ID, by: Int)
    case queues

    /// `AgentPresenceState` as it is stored in a request.
    public enum Presence: Sendable, Hashable, Codable {
        case loggedOut
        case ready
        case notReady(String)

        public init(_ state: AgentPresenceState) {
            switch state {
            case .loggedOut: self = .loggedOut
            case .ready: self = .ready
            case .notReady(let reason): self = .notReady(reason.rawValue)
            }
        }

        public var state: AgentPresenceState {
            switch self {
            case .loggedOut: .loggedOut
            case .ready: .ready
            case .notReady(let reason): .notReady(.init(reason))
            }
        }
    }

    /// The request for a command a caller submits; nil for the engine's own (ticks, profiles, arrivals), which
    /// only the leader makes.
    public init?(_ command: RoutingCommand) {
        switch command {
        case .accepted(let id, let agent): self = .accepted(id, by: agent)
        case .rejected(let id, let agent): self = .rejected(id, by: agent)
        case .waitingForCustomer(let id): self = .waitingForCustomer(id)
        case .customerReplied(let id): self = .customerReplied(id)
        case .wrapUpStarted(let id): self = .wrapUpStarted(id)
        case .closed(let id): self = .closed(id)
        case .transfer(let id, let target): self = .transfer(id, to: target, note: nil)
        case .assign(let id, let agent): self = .assign(id, to: agent)
        case .pull(let id): self = .pull(id)
        case .setPriority(let id, let priority): self = .setPriority(id, priority)
        case .agentUpdated, .interactionArrived, .tick: return nil
        }
    }

    /// Whether the caller needs the leader's answer. The others only report what already happened (a message, a
    /// closed conversation, a presence change): once stored they will be routed, by this leader or the next, so the
    /// caller does not wait for them.
    public var awaitsReply: Bool {
        switch self {
        case .accepted, .rejected, .assign, .pull, .setPriority, .transfer, .queues: true
        case .interactionArrived, .agentUpdated, .waitingForCustomer, .customerReplied, .wrapUpStarted, .closed, .raisePriority: false
        }
    }
}

/// The leader's answer to a request.
public enum RoutingReply: Sendable, Hashable, Codable {
    case decisions([RoutingDecision])
    case queues([QueueSummary])
    case done
}
