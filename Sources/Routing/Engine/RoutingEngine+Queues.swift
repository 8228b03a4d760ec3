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
        var summaries: [Workgroup.ID: QueueSummary] = [:]
        for id in policies.keys {
            summaries[id] = QueueSummary(workgroup: id, waiting: 0, oldestWaitSeconds: 0, offered: 0, held: 0, availableAgents: 0)
        }
        for interaction in interactions.values {
            var summary = summaries[interaction.workgroup]
                ?? QueueSummary(workgroup: interaction.workgroup, waiting: 0, oldestWaitSeconds: 0, offered: 0, held: 0, availableAgents: 0)
            switch interaction.place {
            case .queued, .reserved:
                summary.waiting += 1
                summary.oldestWaitSeconds = max(summary.oldestWaitSeconds, now.timeIntervalSince(interaction.queuedAt))
            case .offered: summary.offered += 1
            case .held: summary.held += 1
            case .pending: break
            }
            summaries[interaction.workgroup] = summary
        }
        for agent in agents.values where agent.profile.isReady && agent.offer == nil {
            for workgroup in agent.placement.keys where CapacityClass.allCases.contains(where: agent.hasRoom(for:)) {
                summaries[workgroup]?.availableAgents += 1
            }
        }
        return summaries.values.sorted { $0.workgroup.rawValue < $1.workgroup.rawValue }
    }
}
