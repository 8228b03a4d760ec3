import Domain
import Foundation
import Storage
import StoragePostgres
import Testing

/// Routing leadership across nodes on one PostgreSQL: one lease at a time, a new term per takeover, and routing
/// writes of an ended term refused by the database.
@Suite(.enabled(if: PostgresTestServer.enabled, "PARLEY_TEST_POSTGRES_URL is not set (scripts/postgres-test-server start)"))
struct PostgresLeadershipTests {
    /// Long enough that the few statements a test runs inside one lease finish in it on a loaded CI machine (a 500 ms
    /// lease once ran out before the first write); the tests wait for a lapse by asking, not by sleeping a fixed time.
    static let lease = Duration.seconds(3)

    /// Asks until nobody leads (the lease ran out); fails the test if that takes far longer than a lease.
    static func waitUntilTheLeaseRunsOut(_ store: PostgresStore) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while try await store.routingLeader() != nil {
            guard ContinuousClock.now < deadline else {
                Issue.record("the lease did not run out")
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    @Test func oneNodeHoldsTheLeaseAndANewTermBeginsOnlyWhenItRunsOut() async throws {
        try await PostgresTestServer.withStores { open in
            let store = try await open()
            let first = try #require(try await store.acquireRoutingLeadership(node: "a", lease: Self.lease))
            #expect(try await store.acquireRoutingLeadership(node: "b", lease: Self.lease) == nil, "b waits while a's lease runs")
            #expect(try await store.routingLeader() == first)
            #expect(try await store.renewRoutingLeadership(first, lease: Self.lease))
            try await Self.waitUntilTheLeaseRunsOut(store)
            #expect(!(try await store.renewRoutingLeadership(first, lease: Self.lease)), "a lapsed lease is not renewed: take a new term")
            let second = try #require(try await store.acquireRoutingLeadership(node: "b", lease: .seconds(5)))
            #expect(second.epoch == first.epoch + 1 && second.node == "b")
            try await store.resignRoutingLeadership(second)
            let third = try #require(try await store.acquireRoutingLeadership(node: "a", lease: .seconds(5)), "resigning frees the lease at once")
            #expect(third.epoch == second.epoch + 1)
        }
    }

    @Test func aStaleTermCannotRecordRoutingOrAnswerRequests() async throws {
        try await PostgresTestServer.withStores { open in
            let store = try await open()
            let start = Date(timeIntervalSince1970: 1_767_225_600)
            let ingested = try await store.ingest(StoreConformance.message("fence-1", at: start), channelID: "c1", inactivityTimeout: 3600,
                                                  at: start, ids: SequentialIDGenerator(prefix: "f"))
            let old = try #require(try await store.acquireRoutingLeadership(node: "a", lease: Self.lease))
            try await store.recordRouting([.queued(ingested.interactionID, workgroup: nil)], at: start, fence: old)
            let request = try await store.enqueueRoutingRequest(#"{"queues":{}}"#, from: "b", at: start)
            #expect(try await store.pendingRoutingRequests(limit: 10).map(\.id) == [request])
            try await Self.waitUntilTheLeaseRunsOut(store)
            let new = try #require(try await store.acquireRoutingLeadership(node: "b", lease: .seconds(5)))
            let before = try await store.events(after: 0, limit: 1000).count

            // The old leader wakes and tries to offer: refused, nothing written.
            await #expect(throws: StaleRoutingLeader.self) {
                try await store.recordRouting([.offered(ingested.interactionID, to: "agent-1")], at: start + 1, fence: old)
            }
            await #expect(throws: StaleRoutingLeader.self) {
                try await store.completeRoutingRequest(request, reply: "{}", error: nil, fence: old, at: start + 1)
            }
            #expect(try await store.interaction(ingested.interactionID)?.state == .queued)
            #expect(try await store.events(after: 0, limit: 1000).count == before)
            #expect(try await store.routingReply(request) == nil, "still waiting for the current leader")

            try await store.recordRouting([.offered(ingested.interactionID, to: "agent-1")], at: start + 2, fence: new)
            try await store.completeRoutingRequest(request, reply: "{}", error: nil, fence: new, at: start + 2)
            #expect(try await store.interaction(ingested.interactionID)?.state == .offered)
            #expect(try await store.routingReply(request)?.reply == "{}")
            #expect(try await store.pendingRoutingRequests(limit: 10).isEmpty)
        }
    }
}
