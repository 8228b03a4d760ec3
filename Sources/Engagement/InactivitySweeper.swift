import Domain
import Foundation
import Logging
import Routing
import ServiceLifecycle
import Storage

/// Closes interactions whose customer has been silent longer than their channel's inactivity period (72 h by
/// default, seed 003 lines 131–136): waiting ones are abandoned, held ones auto-closed, and routing frees the
/// agent's capacity. A later message from the customer opens a new interaction.
public final class InactivitySweeper: Service, Sendable {
    private let store: any ParleyStore
    private let router: (any RoutingGateway)?
    private let clock: any WallClock
    private let interval: Duration
    private let logger: Logger

    public init(store: any ParleyStore, router: (any RoutingGateway)?, clock: any WallClock, interval: Duration = .seconds(60), logger: Logger) {
        self.store = store
        self.router = router
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval, logger: logger, failure: "inactivity sweep failed; trying again later") {
            try await self.sweep()
        }
    }

    /// One pass over every channel. Returns the interactions it closed.
    @discardableResult
    public func sweep() async throws -> [Interaction] {
        let closed = try await store.closeInactive(try await store.channels(), at: clock.now())
        for interaction in closed {
            try await router?.submit(.closed(interaction.id))
        }
        if !closed.isEmpty { logger.info("closed inactive interactions", metadata: ["count": "\(closed.count)"]) }
        return closed
    }
}
