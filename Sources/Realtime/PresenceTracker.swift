import Domain
import Foundation
import Logging
import Synchronization

/// Counts each agent's live desktop connections. When an agent's last connection has been gone for the grace
/// period (a reload or a short network drop is not an absence), `onAbsent` runs: Parley sets the agent not ready
/// and their open offers go back to the queue; interactions they hold stay theirs.
public final class PresenceTracker: Sendable {
    public typealias Connection = UUID

    private struct Agent {
        var connections: Set<Connection> = []
        /// Bumped on every connect, so a grace timer started before a reconnect knows it is stale.
        var generation = 0
    }

    private let grace: Duration
    private let onAbsent: @Sendable (User.ID) async -> Void
    private let agents = Mutex<[User.ID: Agent]>([:])
    private let logger: Logger

    public init(grace: Duration, logger: Logger, onAbsent: @escaping @Sendable (User.ID) async -> Void) {
        self.grace = grace
        self.logger = logger
        self.onAbsent = onAbsent
    }

    public func connected(_ agent: User.ID) -> Connection {
        let connection = UUID()
        agents.withLock { agents in
            agents[agent, default: Agent()].connections.insert(connection)
            agents[agent, default: Agent()].generation += 1
        }
        return connection
    }

    public func disconnected(_ agent: User.ID, _ connection: Connection) {
        let generation = agents.withLock { agents -> Int? in
            agents[agent]?.connections.remove(connection)
            guard let state = agents[agent], state.connections.isEmpty else { return nil }
            return state.generation
        }
        guard let generation else { return }
        Task {
            try? await Task.sleep(for: grace)
            let stillAway = agents.withLock { agents in
                guard let state = agents[agent], state.connections.isEmpty, state.generation == generation else { return false }
                agents[agent] = nil
                return true
            }
            guard stillAway else { return }
            logger.info("agent's desktop gone past the grace period", metadata: ["agent": "\(agent)"])
            await onAbsent(agent)
        }
    }

    public func connectionCount(_ agent: User.ID) -> Int {
        agents.withLock { $0[agent]?.connections.count ?? 0 }
    }
}
