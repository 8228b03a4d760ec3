import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: EventLogStore {
    @discardableResult
    public func append(_ events: [DomainEvent], at date: Date) async throws -> [Int64] {
        guard !events.isEmpty else { return [] }
        return try await write { db in try await Self.append(events, at: date, into: db) }
    }

    /// Appends inside the caller's transaction, so events commit together with the change they describe. Call it
    /// last, just before COMMIT: from here on the transaction holds the log's head row.
    ///
    /// Why a counter row and not a sequence: readers follow the log by position ("everything after 41"), so a
    /// position must never become visible after a higher one did. Sequence values are handed out when rows are
    /// inserted, but transactions commit in any order — 42 could commit, a reader move past it, and 41 commit after.
    /// Taking positions with `UPDATE event_log_head SET position = position + n` locks that one row until this
    /// transaction ends: the next appender waits there until we have committed (or rolled back, which also undoes
    /// our increment), then continues from our last position. So appending transactions commit in position order
    /// and the log has no gaps. The price is that appends serialize for the rest of their transaction — hence last.
    @discardableResult
    static func append(_ events: [DomainEvent], at date: Date, into db: DB) async throws -> [Int64] {
        guard !events.isEmpty else { return [] }
        let count = Int64(events.count)
        guard let last = try await db.value("UPDATE event_log_head SET position = position + \(count) RETURNING position",
                                            as: Int64.self) else {
            throw PostgresStoreError.corrupt("the event_log_head row is missing")
        }
        let positions = Array((last - count + 1)...last)
        let bodies = try events.map { ByteBuffer(bytes: try $0.encodedBody()) }
        try await db.execute("""
            INSERT INTO event_log (position, type, version, recorded_at, body)
            SELECT position, type, \(DomainEvent.schemaVersion), \(date.storageValue), body
            FROM unnest(\(positions)::bigint[], \(events.map(\.type.rawValue))::text[], \(bodies)::bytea[]) AS e(position, type, body)
            """)
        return positions
    }

    public func events(after position: Int64, limit: Int) async throws -> [LoggedEvent] {
        try await read { db in
            try await db.rows("""
                SELECT position, type, version, recorded_at, body FROM event_log WHERE position > \(position)
                ORDER BY position LIMIT \(limit)
                """).map { row in
                LoggedEvent(position: try row["position"], recordedAt: try row.date("recorded_at"),
                            event: try DomainEvent(type: try row["type"], version: try row["version"], body: try row["body"]))
            }
        }
    }

    public func lastPosition() async throws -> Int64 {
        try await read { db in try await db.value("SELECT max(position) FROM event_log", as: Int64.self) ?? 0 }
    }
}
