import Domain
import Foundation
import GRDB
@testable import Storage
import Testing

/// The durable inbox in a SQLite file of its own: acknowledging never waits for the main file's write lock, an
/// older database's inbox moves out with its ids and its progress, and new events never pass for processed ones.
@Suite struct SQLiteInboxFileTests {
    @Test func theInboxFileIsNamedBesideTheMainFile() {
        #expect(SQLiteInboxFile.path(besides: "/var/lib/parley/parley.sqlite") == "/var/lib/parley/parley-inbox.sqlite")
        #expect(SQLiteInboxFile.path(besides: "/backups/parley-2026-01-31.sqlite") == "/backups/parley-2026-01-31-inbox.sqlite")
        #expect(SQLiteInboxFile.path(besides: "/tmp/data/db") == "/tmp/data/db-inbox")
    }

    /// A transaction holds the main file's write lock (as the inbox processor's do) until the inbox commit has
    /// returned. Were the commit to need that lock, it would wait until the watchdog lets go after 20 s.
    @Test func storingDeliveriesDoesNotWaitForTheMainFilesWriteLock() async throws {
        let store = try SQLiteStore(path: temporaryDatabasePath())
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let holder = Task.detached {
            try await store.pool.write { _ in
                holding.signal()
                release.wait()
            }
        }
        holding.wait()
        let watchdog = Task.detached {
            try await Task.sleep(for: .seconds(20))
            release.signal()
            return true
        }
        let started = ContinuousClock.now
        let results = try await store.commit([StoreConformance.delivery(["mid:while-locked"])])
        let waited = ContinuousClock.now - started
        watchdog.cancel()
        let watchdogFired = (try? await watchdog.value) ?? false
        if !watchdogFired { release.signal() }
        try await holder.value
        #expect(!watchdogFired, "the inbox commit waited \(waited) for the main file's write lock")
        #expect(results.map(\.newEvents) == [1])
    }

    /// A database from before migration 0025 had its inbox in the main file, partly processed. Opening it moves the
    /// rows (ids kept) and turns the processed marks into "processed through": the unprocessed event is still
    /// pending, the next event is numbered after the moved ones, and the main file keeps no inbox tables. A copy
    /// cut short by a crash (one row already in the inbox file) is simply completed.
    @Test func anOlderDatabasesInboxMovesWithItsIDsAndItsProgress() async throws {
        let path = temporaryDatabasePath()
        let old = try DatabasePool(path: path)
        try SQLiteMigrations.migrator.migrate(old, upTo: SQLiteMigrations.beforeInboxFile)
        try await old.write { db in
            for id in 1...3 {
                try db.execute(sql: "INSERT INTO deliveries (id, source, received_at, body, event_count) VALUES (?, 'meta', 1767225600, ?, 1)",
                               arguments: [id, Data("{\"n\":\(id)}".utf8)])
                try db.execute(sql: """
                    INSERT INTO inbox_events (id, delivery_id, channel, dedupe_key, category, occurred_at, received_at, event_index, processed_at)
                    VALUES (?, ?, ?, ?, 'message', 1767225600, 1767225600, 0, ?)
                    """, arguments: [id, id, StoreConformance.channel.description, "mid:old-\(id)", id < 3 ? 1767225700.0 : nil])
            }
        }
        try old.close()
        let partial = try DatabasePool(path: SQLiteInboxFile.path(besides: path))
        try SQLiteInboxFile.migrator.migrate(partial)
        try await partial.write { db in
            try db.execute(sql: "INSERT INTO deliveries (id, source, received_at, body, event_count) VALUES (1, 'meta', 1767225600, x'7b7d', 1)")
        }
        try partial.close()

        let store = try SQLiteStore(path: path)
        #expect(try await store.pendingEvents(after: 0, limit: 10).map(\.id) == [3])
        let moved = try await store.inboxEvents(channel: StoreConformance.channel)
        #expect(moved.map(\.id) == [1, 2, 3])
        #expect(moved.map { $0.processedAt != nil } == [true, true, false])
        #expect(try await store.deliveries([2])[2]?.body == Data("{\"n\":2}".utf8))
        let next = try await store.commit([StoreConformance.delivery(["mid:new"])])
        #expect(next[0].newEvents == 1)
        #expect(try await store.pendingEvents(after: 0, limit: 10).map(\.id) == [3, 4])
        #expect(try await store.commit([StoreConformance.delivery(["mid:old-1"])])[0].duplicates == 1, "moved keys still dedupe")
        let mainTables = try await store.pool.read { db in
            try ["deliveries", "inbox_events"].filter { try db.tableExists($0) }
        }
        #expect(mainTables.isEmpty)
    }

    /// The main file says "processed through 3"; its inbox file is lost (or restored from an older backup). New
    /// events must not get ids 1, 2, 3 and pass for processed.
    @Test func newEventsAreNumberedAboveTheProcessedOnesWhenTheInboxFileIsYounger() async throws {
        let path = temporaryDatabasePath()
        let store = try SQLiteStore(path: path)
        _ = try await store.commit([StoreConformance.delivery(["mid:a", "mid:b", "mid:c"])])
        let pending = try await store.pendingEvents(after: 0, limit: 10)
        try await store.markProcessed(pending.map(\.id), at: Date(timeIntervalSince1970: 1_767_225_700), appending: [])
        try store.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store.inboxPath + suffix) }

        let reopened = try SQLiteStore(path: path)
        _ = try await reopened.commit([StoreConformance.delivery(["mid:after-loss"])])
        #expect(try await reopened.pendingEvents(after: 0, limit: 10).map(\.event.dedupeKey) == ["mid:after-loss"])
        #expect(try await reopened.pendingEvents(after: 0, limit: 10).map(\.id) == [4])
    }
}
