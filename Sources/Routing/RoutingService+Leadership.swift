import Domain
import Foundation

extension RoutingService {
    /// Forgets the engine's state and rebuilds it from the database: a node that has just become the routing leader
    /// starts from what the previous leader recorded (open offers are offered again).
    public func reload() async throws {
        loaded = false
        try await loadIfNeeded()
    }

    /// Lets the engine's timers run (offer timeouts, overflow, aging); `run()` does this every second on a single node.
    public func tick() async throws {
        try await submit(.tick)
    }
}
