import Domain
import Foundation

/// What the rest of Parley asks of routing. On a single node (SQLite) the `RoutingService` itself answers; with
/// several nodes on one PostgreSQL the node's gateway runs the request here when this node leads routing, and
/// otherwise hands it to the leader through the database. Callers cannot tell the difference.
public protocol RoutingGateway: Sendable {
    /// A new interaction from the pipeline: queue it in its channel's (or its rule's) workgroup.
    func interactionArrived(_ interaction: Interaction) async throws
    /// An agent's availability or profile changed (the profile is read from `user`).
    func agentUpdated(_ user: User, presence: AgentPresenceState) async throws
    /// An agent's or a supervisor's command; answers the engine's decisions (a refusal among them).
    @discardableResult
    func submit(_ command: RoutingCommand) async throws -> [RoutingDecision]
    /// A transfer by its agent or a supervisor, with an optional note recorded in its event.
    func transfer(_ id: Interaction.ID, to target: TransferTarget, note: String?) async throws -> [RoutingDecision]
    /// Where each workgroup's queue stands, for supervisors.
    func queues() async throws -> [QueueSummary]
    /// A temporary priority boost over the stored priority (see `RoutingService.raisePriority`).
    func raisePriority(of interaction: Interaction, by boost: Int) async throws
}

extension RoutingService: RoutingGateway {}
