import Domain
import Foundation

/// What routing reads to rebuild its state, and how it records its decisions.
public protocol RoutingStore: Sendable {
    /// Open interactions (with their channel's workgroup), and every active user with their availability.
    func routingSnapshot() async throws -> RoutingSnapshot
    /// Applies routing's changes to interactions and agents, with their events, in one transaction.
    func recordRouting(_ changes: [RoutingChange], at: Date) async throws
    /// The decisions recorded for an interaction with their explanations, oldest first.
    func routingDecisions(for interaction: Interaction.ID) async throws -> [StoredRoutingDecision]
    /// The agent who most recently served the contact (accepted, answered or wrapped up one of their
    /// interactions other than `excluding`) since the given time, if any.
    func lastAgent(of contact: Contact.ID, excluding: Interaction.ID, since: Date) async throws -> User.ID?
}

/// A queued interaction waiting for a named agent until a deadline.
public struct StoredReservation: Sendable, Hashable {
    public var interactionID: Interaction.ID
    public var agentID: User.ID
    public var until: Date
    /// Why: `last_agent`, `transfer` or `returning_customer` (routing's rule names).
    public var rule: String

    public init(interactionID: Interaction.ID, agentID: User.ID, until: Date, rule: String) {
        self.interactionID = interactionID
        self.agentID = agentID
        self.until = until
        self.rule = rule
    }
}

public struct StoredRoutingDecision: Sendable, Hashable {
    public var interactionID: Interaction.ID
    public var agentID: User.ID
    /// `offer` or `assign`.
    public var decision: String
    public var rule: String
    /// The explanation as JSON, as routing wrote it.
    public var explanation: String
    public var decidedAt: Date

    public init(interactionID: Interaction.ID, agentID: User.ID, decision: String, rule: String, explanation: String, decidedAt: Date) {
        self.interactionID = interactionID
        self.agentID = agentID
        self.decision = decision
        self.rule = rule
        self.explanation = explanation
        self.decidedAt = decidedAt
    }
}

public struct RoutingSnapshot: Sendable {
    public var interactions: [Interaction]
    public var channels: [Channel]
    public var users: [User]
    public var presence: [AgentPresence]
    public var workgroups: [Workgroup]
    /// Reservations of interactions that are still queued.
    public var reservations: [StoredReservation]

    public init(
        interactions: [Interaction], channels: [Channel], users: [User], presence: [AgentPresence], workgroups: [Workgroup] = [],
        reservations: [StoredReservation] = []
    ) {
        self.interactions = interactions
        self.channels = channels
        self.users = users
        self.presence = presence
        self.workgroups = workgroups
        self.reservations = reservations
    }
}

public enum RoutingChange: Sendable, Hashable {
    case queued(Interaction.ID, workgroup: Workgroup.ID?)
    case offered(Interaction.ID, to: User.ID)
    case rejected(Interaction.ID, by: User.ID)
    case redirectedOnNoAnswer(Interaction.ID, from: User.ID)
    case requeued(Interaction.ID, from: User.ID)
    case accepted(Interaction.ID, by: User.ID)
    case agentNotReady(User.ID, reason: NotReadyReason.ID)
    /// Why an offer or assignment went to that agent (JSON from routing).
    case explained(Interaction.ID, agent: User.ID, decision: String, rule: String, explanation: String)
    /// Moved by its agent or a supervisor: to a workgroup's queue, or to wait for a named agent.
    case transferred(Interaction.ID, from: User.ID?, toAgent: User.ID?, toWorkgroup: Workgroup.ID?, note: String?)
    case priorityChanged(Interaction.ID, Int)
    /// Waiting for a named agent until a deadline; any later change of the interaction's state ends it.
    case reserved(Interaction.ID, agent: User.ID, until: Date, rule: String)
    /// The named agent's time ran out (or they logged out): the interaction, already queued, is anyone's.
    case reservationEnded(Interaction.ID)
}
