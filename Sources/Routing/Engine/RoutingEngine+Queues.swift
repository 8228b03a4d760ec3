import Domain
import Foundation

/// Where a workgroup's queue stands right now.
public struct QueueSummary: Sendable, Hashable, Codable {
    public var workgroup: Workgroup.ID
    /// Waiting in the queue or for a named agent.
    public var waiting: Int
    public var oldestWaitSeconds: Double
    public var offered: Int
    /// Held by agents (active, waiting for the customer, or in wrap-up).
    public var held: Int
    /// Ready members with room for at least one more interaction.
    public var availableAgents: Int
}

extension RoutingEngine {
    /// One pass over the engine's state: for the supervisor's queue view, not for the routing path.
    public func queueSummaries(now: Date) -> [QueueSummary] {
        var summaries = groups.map { QueueSummary(workgroup: $0.policy.id, waiting: 0, oldestWaitSeconds: 0, offered: 0, held: 0, availableAgents: 0) }
        for case let interaction? in itemTable {
            switch interaction.place {
            case .queued, .reserved:
                summaries[interaction.group].waiting += 1
                summaries[interaction.group].oldestWaitSeconds = max(summaries[interaction.group].oldestWaitSeconds, now.timeIntervalSince(interaction.queuedAt))
            case .offered: summaries[interaction.group].offered += 1
            case .held: summaries[interaction.group].held += 1
            case .pending: break
            }
        }
        for agent in agentTable where agent.profile.isReady && agent.offer == nil && CapacityClass.allCases.contains(where: agent.hasRoom(for:)) {
            for placement in agent.placements { summaries[placement.group].availableAgents += 1 }
        }
        return summaries.sorted { $0.workgroup.rawValue < $1.workgroup.rawValue }
    }
}
