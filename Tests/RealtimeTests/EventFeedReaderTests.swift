import Domain
import Foundation
import Logging
import Realtime
import Storage
import Synchronization
import Testing

/// The feed as a reader of the log for others on its node (the report projector): what it has decoded is handed
/// out again, and what it returns is always the log's own events in order, without a gap.
@Suite struct EventFeedReaderTests {
    /// Counts the reads that reach the database.
    final class CountingLog: EventLogStore {
        let inner: SQLiteStore
        let reads = Mutex(0)

        init(_ inner: SQLiteStore) { self.inner = inner }

        func append(_ events: [DomainEvent], at date: Date) async throws -> [Int64] { try await inner.append(events, at: date) }
        func lastPosition() async throws -> Int64 { try await inner.lastPosition() }
        func events(after position: Int64, limit: Int) async throws -> [LoggedEvent] {
            reads.withLock { $0 += 1 }
            return try await inner.events(after: position, limit: limit)
        }
    }

    static func offered(_ number: Int) -> DomainEvent {
        .interactionOffered(InteractionAgentEvent(interactionID: .init("i\(number)"), agentID: .init("ann")))
    }

    @Test func eventsTheFeedHoldsAreHandedOutWithoutReadingTheDatabaseAgain() async throws {
        let sqlite = try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("feed-reader-\(UUID().uuidString).sqlite").path)
        let log = CountingLog(sqlite)
        let clock = ManualClock()
        let before = try await log.append((0..<5).map(Self.offered), at: clock.now())
        let feed = EventFeed(store: log, clock: clock, logger: Logger(label: "test"))
        try await feed.poll()  // starts at the head: the window holds what comes next
        let logged = try await log.append((5..<25).map(Self.offered), at: clock.now())
        try await feed.poll()
        let readsAfterPolling = log.reads.withLock { $0 }

        let fromWindow = try await feed.events(after: logged[3], limit: 10)
        #expect(fromWindow == (try await sqlite.events(after: logged[3], limit: 10)))
        #expect(fromWindow.map(\.position) == Array(logged[4..<14]))
        #expect(log.reads.withLock { $0 } == readsAfterPolling, "the window covered them: no read of the database")

        // Older than the window: from the database, the same events.
        let older = try await feed.events(after: 0, limit: 8)
        #expect(older.map(\.position) == before + logged[0..<3])
        #expect(log.reads.withLock { $0 } == readsAfterPolling + 1)

        // Logged but not polled yet: the window ends where the feed stopped, so a reader gets fewer, never a gap,
        // and the rest once the feed has polled.
        let newer = try await log.append((25..<30).map(Self.offered), at: clock.now())
        let upToTheFeed = try await feed.events(after: logged[18], limit: 10)
        #expect(upToTheFeed.map(\.position) == [logged[19]])
        #expect(try await feed.events(after: logged[19], limit: 10).isEmpty)
        try await feed.poll()
        #expect(try await feed.events(after: logged[19], limit: 10).map(\.position) == newer)
    }
}
