import Domain
import Foundation

/// What routing reads to rebuild its state, and how it records its decisions.
public protocol RoutingStore: Sendable {
    /// Open interactions (with their channel's workgroup), and every active user with their availability.
    func routingSnapshot() async throws -> RoutingSnapshot
    /// Applies routing's changes to interactions and agents, with their events, in one transaction.
    func recordRouting(_ changes: [RoutingChange], at: Date) async throws
}

public struct RoutingSnapshot: Sendable {
    public var interactions: [Interaction]
    public var channels: [Channel]
    public var users: [User]
    public var presence: [AgentPresence]
    public var workgroups: [Workgroup]

    public init(interactions: [Interaction], channels: [Channel], users: [User], presence: [AgentPresence], workgroups: [Workgroup] = []) {
        self.interactions = interactions
        self.channels = channels
        self.users = users
        self.presence = presence
        self.workgroups = workgroups
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
}
