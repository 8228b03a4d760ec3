import Domain
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Storage
import Synchronization
import Testing

/// Wraps a real store, counting commits; can be told to fail them.
final class CountingStore: InboxStore {
    let inner: SQLiteStore
    let state = Mutex<(commits: [Int], failing: Bool)>(([], false))

    init(_ inner: SQLiteStore) { self.inner = inner }

    func commit(_ deliveries: [InboundDelivery]) async throws -> [CommitResult] {
        let failing = state.withLock { $0.failing }
        if failing { throw StoreError.unsafe("disk I/O error (simulated)") }
        try await Task.sleep(for: .milliseconds(5))  // a slow fsync lets a queue build up
        let results = try await inner.commit(deliveries)
        state.withLock { $0.commits.append(deliveries.count) }
        return results
    }

    func pendingEvents(after afterID: Int64, limit: Int) async throws -> [StoredInboxEvent] { try await inner.pendingEvents(after: afterID, limit: limit) }
    func markProcessed(_ ids: [Int64], at: Date, appending events: [DomainEvent]) async throws { try await inner.markProcessed(ids, at: at, appending: events) }
    func inboxStatistics() async throws -> InboxStatistics { try await inner.inboxStatistics() }
    func inboxEvents(channel: ChannelKey) async throws -> [StoredInboxEvent] { try await inner.inboxEvents(channel: channel) }
    func lastInboxEvent(channel: ChannelKey) async throws -> Date? { try await inner.lastInboxEvent(channel: channel) }
    func poisonDeliveries(limit: Int) async throws -> [PoisonDelivery] { try await inner.poisonDeliveries(limit: limit) }
    func countInboxEvents() async throws -> Int { try inner.countInboxEvents() }
    func deliveries(_ ids: [Int64]) async throws -> [Int64: StoredDelivery] { try await inner.deliveries(ids) }
    func redactDelivery(_ id: Int64, body: Data) async throws { try await inner.redactDelivery(id, body: body) }
    func inboxEventDeliveries(_ keys: [InboxEventKey]) async throws -> [InboxEventKey: Int64] { try await inner.inboxEventDeliveries(keys) }
}

@Suite struct GroupCommitWriterTests {
    func withWriter(_ store: CountingStore, _ body: @Sendable (GroupCommitWriter) async throws -> Void) async throws {
        let writer = GroupCommitWriter(store: store, metrics: NOOPMetricsHandler.instance, logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await writer.run() }
            try await body(writer)
            writer.stopAccepting()
            try await group.waitForAll()
        }
    }

    @Test func concurrentDeliveriesShareCommits() async throws {
        let store = CountingStore(try SQLiteStore(path: temporaryDatabasePath()))
        try await withWriter(store) { writer in
            try await withThrowingTaskGroup(of: CommitResult.self) { group in
                for index in 0..<200 {
                    group.addTask { try await writer.submit(StoreConformance.delivery(["mid:\(index)", "mid:\(index % 50)"])) }
                }
                var stored = 0
                for try await result in group { stored += result.newEvents }
                #expect(stored == 200 + 0, "each index is new once; the repeated keys 0..<50 are already among them")
            }
        }
        let commits = store.state.withLock { $0.commits }
        #expect(commits.reduce(0, +) == 200)
        #expect(commits.count < 100, "200 deliveries took \(commits.count) commits")
        #expect(try await store.inner.inboxEvents(channel: StoreConformance.channel).count == 200)
    }

    @Test func noDeliveryIsAcknowledgedWhenItsCommitFails() async throws {
        let store = CountingStore(try SQLiteStore(path: temporaryDatabasePath()))
        store.state.withLock { $0.failing = true }
        let health = WriterHealth()
        let writer = GroupCommitWriter(store: store, health: health, metrics: NOOPMetricsHandler.instance, logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await writer.run() }
            let outcomes = await withTaskGroup(of: Bool.self) { inner in
                for index in 0..<20 {
                    inner.addTask { (try? await writer.submit(StoreConformance.delivery(["mid:\(index)"]))) != nil }
                }
                return await inner.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.allSatisfy { $0 == false }, "every waiting delivery gets the error")
            #expect(health.isHealthy == false)
            store.state.withLock { $0.failing = false }
            _ = try await writer.submit(StoreConformance.delivery(["mid:after"]))
            #expect(health.isHealthy)
            writer.stopAccepting()
            try await group.waitForAll()
        }
        #expect(try await store.inner.inboxEvents(channel: StoreConformance.channel).map(\.event.dedupeKey) == ["mid:after"])
    }

    @Test func aStoppedWriterCommitsWhatIsQueuedAndRefusesNewDeliveries() async throws {
        let store = CountingStore(try SQLiteStore(path: temporaryDatabasePath()))
        let writer = GroupCommitWriter(store: store, metrics: NOOPMetricsHandler.instance, logger: Logger(label: "test"))
        async let first = writer.submit(StoreConformance.delivery(["mid:queued"]))
        try await Task.sleep(for: .milliseconds(20))
        writer.stopAccepting()
        await #expect(throws: GroupCommitWriter.Failure.shuttingDown) { try await writer.submit(StoreConformance.delivery(["mid:late"])) }
        try await writer.run()
        #expect(try await first.newEvents == 1)
    }
}
