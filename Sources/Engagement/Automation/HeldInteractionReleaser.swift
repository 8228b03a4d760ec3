import Domain
import Foundation
import Logging
import Routing
import ServiceLifecycle
import Storage

/// Hands interactions held while their service was closed to routing when it opens: checks every few seconds
/// those whose opening time has come, and those held by an emergency (which ends when a supervisor says so).
public actor HeldInteractionReleaser: Service {
    private let store: any ParleyStore
    private let admission: Admission
    private let router: any RoutingGateway
    private let clock: any WallClock
    private let interval: Duration
    private let logger: Logger

    public init(store: any ParleyStore, admission: Admission, router: any RoutingGateway, clock: any WallClock,
                interval: Duration = .seconds(5), logger: Logger) {
        self.store = store
        self.admission = admission
        self.router = router
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval, logger: logger, failure: "held interactions could not be checked; trying again later") {
            _ = try await self.releaseDue()
        }
    }

    /// Releases what may go to routing now; returns how many went.
    @discardableResult
    public func releaseDue() async throws -> Int {
        let now = clock.now()
        let due = try await store.heldInteractions().filter { $0.until.map { $0 <= now } ?? true }
        guard !due.isEmpty else { return 0 }
        let context = try await admission.context()
        let channels = Dictionary(try await store.channels().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var released = 0
        for held in due {
            guard let interaction = try await admission.recheck(held, context: context, channels: channels) else { continue }
            try await router.interactionArrived(interaction)
            released += 1
        }
        if released > 0 { logger.info("service open: held interactions go to routing", metadata: ["count": "\(released)"]) }
        return released
    }
}
