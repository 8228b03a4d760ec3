import Domain
import Foundation

/// Where each agent is: ready, not ready (with a reason) or logged out, since when.
public protocol AgentStateStore: Sendable {
    /// Records the change and appends `agent.state_changed` in one transaction. Setting the state an agent is
    /// already in (same reason) changes nothing and appends nothing; returns whether anything changed.
    @discardableResult
    func setAgentState(_ state: AgentStateChanged, at: Date) async throws -> Bool
    func agentState(_ agent: User.ID) async throws -> AgentPresence?
    func agentStates() async throws -> [AgentPresence]
}

public struct AgentPresence: Sendable, Hashable {
    public var agentID: User.ID
    public var state: AgentStateChanged.State
    public var reason: NotReadyReason.ID?
    public var since: Date

    public init(agentID: User.ID, state: AgentStateChanged.State, reason: NotReadyReason.ID?, since: Date) {
        self.agentID = agentID
        self.state = state
        self.reason = reason
        self.since = since
    }
}
