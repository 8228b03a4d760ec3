import Domain
import Foundation
import Logging
import Routing
import ServiceLifecycle
import StoragePostgres
import Synchronization

/// Leadership of routing for one node of several on one PostgreSQL. Every second it takes or renews the lease
/// (`routing_leader`); while it leads it rebuilds the engine from the database on taking over, ticks the engine's
/// timers, and answers the other nodes' queued requests every 20 ms. A term ends when a renewal fails or is overdue
/// (the database unreachable, the process frozen): the node stops routing at once, and its late writes are refused
/// by the database anyway (`FencedRoutingStore`). On graceful shutdown the leader resigns so another takes over now.
final class RoutingLeadership: Service, Sendable {
    struct Settings: Sendable {
        var node: String
        var lease: Duration = .seconds(5)
        var renewEvery: Duration = .seconds(1)
        var pollEvery: Duration = .milliseconds(20)
    }

    enum Role: String, Sendable {
        case leader, follower
    }

    let settings: Settings
    private let store: PostgresStore
    private let fenced: FencedRoutingStore
    private let routing: RoutingService
    private let requests: RoutingRequestRunner
    private let clock: any WallClock
    private let logger: Logger
    private let onRole: @Sendable (Role) -> Void
    /// The term this node serves: set once the engine is rebuilt for it (the store's fence is set before, so the
    /// rebuild itself may write). Requests arriving in between are queued for the leader, that is for this node.
    private let serving = Mutex<RoutingFence?>(nil)

    init(settings: Settings, store: PostgresStore, fenced: FencedRoutingStore, routing: RoutingService, requests: RoutingRequestRunner,
         clock: any WallClock, logger: Logger, onRole: @escaping @Sendable (Role) -> Void = { _ in }) {
        self.settings = settings
        self.store = store
        self.fenced = fenced
        self.routing = routing
        self.requests = requests
        self.clock = clock
        self.logger = logger
        self.onRole = onRole
    }

    var role: Role { fence == nil ? .follower : .leader }
    var fence: RoutingFence? { serving.withLock { $0 } }

    func run() async throws {
        onRole(.follower)
        await cancelWhenGracefulShutdown {
            var lastRenewal = ContinuousClock.now
            var nextRenewal = ContinuousClock.now
            var nextPrune = ContinuousClock.now
            while !Task.isCancelled {
                let now = ContinuousClock.now
                if now >= nextRenewal {
                    nextRenewal = now + self.settings.renewEvery
                    if await self.keepOrTake(lastRenewal: lastRenewal) { lastRenewal = now }
                    if self.fence != nil { try? await self.routing.tick() }
                }
                if let fence = self.fence {
                    await self.answerRequests(fence)
                    if now >= nextPrune {
                        nextPrune = now + .seconds(60)
                        try? await self.store.pruneRoutingRequests(olderThan: self.clock.now() - 3600)
                    }
                    try? await Task.sleep(for: self.settings.pollEvery)
                } else {
                    try? await Task.sleep(until: nextRenewal, clock: .continuous)
                }
            }
        }
        if let fence = fenced.fence {
            fenced.fence = nil
            serving.withLock { $0 = nil }
            try? await store.resignRoutingLeadership(fence)
            logger.info("resigned routing leadership", metadata: ["term": "\(fence)"])
        }
    }

    /// Renews this node's term or tries to take one; answers whether the node leads after it.
    private func keepOrTake(lastRenewal: ContinuousClock.Instant) async -> Bool {
        if let fence = fenced.fence {
            let renewed = (try? await store.renewRoutingLeadership(fence, lease: settings.lease)) ?? false
            if renewed { return true }
            // A failed renewal is retried next second, unless the lease may already have run out for the others.
            let overdue = ContinuousClock.now - lastRenewal >= settings.lease - settings.renewEvery
            let current = overdue ? nil : try? await store.routingLeader()
            if overdue || current != fence {
                step(down: fence, because: "the lease could not be renewed")
            }
            return false
        }
        do {
            guard let fence = try await store.acquireRoutingLeadership(node: settings.node, lease: settings.lease) else { return false }
            fenced.fence = fence
            do {
                try await routing.reload()
            } catch {
                step(down: fence, because: "routing state could not be rebuilt: \(error)")
                return false
            }
            serving.withLock { $0 = fence }
            onRole(.leader)
            logger.notice("this node now leads routing", metadata: ["term": "\(fence)"])
            return true
        } catch {
            logger.debug("could not try for routing leadership", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Ends this node's term here (the database refuses its writes anyway once another term begins).
    func step(down fence: RoutingFence, because reason: String) {
        let ended = fenced.fence == fence
        if ended { fenced.fence = nil }
        serving.withLock { if $0 == fence { $0 = nil } }
        guard ended else { return }
        onRole(.follower)
        logger.warning("this node no longer leads routing", metadata: ["term": "\(fence)", "reason": "\(reason)"])
    }

    /// Runs the queued requests of the other nodes in order and answers each.
    private func answerRequests(_ fence: RoutingFence) async {
        guard let pending = try? await store.pendingRoutingRequests(limit: 100) else { return }
        for (id, text) in pending {
            let outcome = await requests.run(text)
            if case .failure(let error) = outcome, error is StaleRoutingLeader || error is NotRoutingLeader {
                step(down: fence, because: "a routing write was refused")
                return
            }
            var reply: String?, failure: String?
            switch outcome {
            case .success(let answer): reply = answer
            case .failure(let error): failure = "\(error)"
            }
            do {
                try await store.completeRoutingRequest(id, reply: reply, error: failure, fence: fence, at: clock.now())
            } catch is StaleRoutingLeader {
                step(down: fence, because: "answering a request was refused")
                return
            } catch {
                logger.error("could not answer a routing request", metadata: ["request": "\(id)", "error": "\(error)"])
                return
            }
        }
    }
}
