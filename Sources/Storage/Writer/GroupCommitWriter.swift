import Domain
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// The single writer of the durable inbox. Concurrent deliveries queue up; the writer takes everything
/// queued (up to `maxBatch`), stores it in one transaction with one fsync, and only then releases every
/// waiting acknowledgement. If the commit fails, every delivery of the batch gets the error and nothing is
/// acknowledged.
public final class GroupCommitWriter: Service, Sendable {
    public enum Failure: Error, Equatable {
        /// The queue is full: the caller should answer 503 so the platform retries later.
        case overloaded
        /// Parley is shutting down: the caller should answer 503.
        case shuttingDown
    }

    private struct Pending {
        var delivery: InboundDelivery
        var continuation: CheckedContinuation<CommitResult, any Error>
    }

    private struct State {
        var queue: [Pending] = []
        var wakeUp: CheckedContinuation<Void, Never>?
        var accepting = true
    }

    private let store: any InboxStore
    private let maxBatch: Int
    private let maxQueue: Int
    private let state = Mutex(State())
    private let health: WriterHealth
    private let logger: Logger
    private let batchSize: Recorder
    private let commitLatency: Metrics.Timer
    private let commitFailures: Counter
    private let poisonCounter: Counter
    private let duplicateCounter: Counter
    private let committedCounter: Counter
    /// Called after each successful commit (wakes the inbox processor).
    private let afterCommit: @Sendable () -> Void

    public init(
        store: any InboxStore, maxBatch: Int = 1000, maxQueue: Int = 20_000, health: WriterHealth = WriterHealth(),
        metrics: any MetricsFactory, logger: Logger, afterCommit: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.maxBatch = maxBatch
        self.maxQueue = maxQueue
        self.health = health
        self.logger = logger
        self.afterCommit = afterCommit
        self.batchSize = Recorder(label: "parley_inbox_commit_batch_size", factory: metrics)
        self.commitLatency = Metrics.Timer(label: "parley_inbox_commit_seconds", factory: metrics)
        self.commitFailures = Counter(label: "parley_inbox_commit_failures_total", factory: metrics)
        self.poisonCounter = Counter(label: "parley_inbox_poison_deliveries_total", factory: metrics)
        self.duplicateCounter = Counter(label: "parley_inbox_duplicate_events_total", factory: metrics)
        self.committedCounter = Counter(label: "parley_inbox_events_stored_total", factory: metrics)
    }

    /// Returns once the delivery is durably stored; throws if it is not.
    public func submit(_ delivery: InboundDelivery) async throws -> CommitResult {
        try await withCheckedThrowingContinuation { continuation in
            let outcome: (wake: CheckedContinuation<Void, Never>?, rejected: Failure?) = state.withLock { state in
                guard state.accepting else { return (nil, .shuttingDown) }
                guard state.queue.count < maxQueue else { return (nil, .overloaded) }
                state.queue.append(Pending(delivery: delivery, continuation: continuation))
                let wake = state.wakeUp
                state.wakeUp = nil
                return (wake, nil)
            }
            if let rejected = outcome.rejected {
                continuation.resume(throwing: rejected)
            } else {
                outcome.wake?.resume()
            }
        }
    }

    /// How many deliveries wait for the next commit.
    public var queueDepth: Int { state.withLock { $0.queue.count } }

    /// Ends at graceful shutdown or cancellation, after committing what is queued: a service group cancels its
    /// services when one of them fails, and a writer waiting for work must not hold the group up then.
    public func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                while let batch = await nextBatch() {
                    await commit(batch)
                }
            } onGracefulShutdown: {
                self.stopAccepting()
            }
        } onCancel: {
            self.stopAccepting()
        }
        logger.info("inbox writer stopped; queue drained")
    }

    /// Stops taking new deliveries; what is queued is still committed.
    public func stopAccepting() {
        let wake = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.accepting = false
            let wake = state.wakeUp
            state.wakeUp = nil
            return wake
        }
        wake?.resume()
    }

    /// Waits for work. Returns nil once shut down and drained.
    private func nextBatch() async -> [Pending]? {
        while true {
            enum Step { case batch([Pending]), finished, wait }
            let step: Step = state.withLock { state in
                if !state.queue.isEmpty {
                    let count = min(maxBatch, state.queue.count)
                    let batch = Array(state.queue.prefix(count))
                    state.queue.removeFirst(count)
                    return .batch(batch)
                }
                return state.accepting ? .wait : .finished
            }
            switch step {
            case .batch(let batch): return batch
            case .finished: return nil
            case .wait:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state -> Bool in
                        if !state.queue.isEmpty || !state.accepting { return true }
                        state.wakeUp = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

    private func commit(_ batch: [Pending]) async {
        let started = ContinuousClock.now
        do {
            let results = try await store.commit(batch.map(\.delivery))
            commitLatency.recordNanoseconds(Int64((ContinuousClock.now - started).nanoseconds))
            batchSize.record(batch.count)
            health.recordSuccess()
            for (pending, result) in zip(batch, results) {
                if result.poison { poisonCounter.increment() }
                if result.duplicates > 0 { duplicateCounter.increment(by: result.duplicates) }
                if result.newEvents > 0 { committedCounter.increment(by: result.newEvents) }
                pending.continuation.resume(returning: result)
            }
            afterCommit()
        } catch {
            commitFailures.increment()
            health.recordFailure(String(describing: error))
            logger.error("inbox commit failed; \(batch.count) deliveries not acknowledged", metadata: ["error": "\(error)"])
            for pending in batch { pending.continuation.resume(throwing: error) }
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
