import Domain
import Foundation
import GRDB

extension SQLiteStore: EventLogStore {
    @discardableResult
    public func append(_ events: [DomainEvent], at date: Date) async throws -> [Int64] {
        try await pool.write { db in try Self.append(events, at: date, into: db) }
    }

    /// Appends inside the caller's transaction, so events commit together with the change they describe.
    @discardableResult
    static func append(_ events: [DomainEvent], at date: Date, into db: Database) throws -> [Int64] {
        guard !events.isEmpty else { return [] }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO event_log (type, version, recorded_at, body) VALUES (?, ?, ?, ?)
            """)
        return try events.map { event in
            try statement.execute(arguments: [event.type.rawValue, DomainEvent.schemaVersion, date.storageValue, event.encodedBody()])
            return db.lastInsertedRowID
        }
    }

    public func events(after position: Int64, limit: Int) async throws -> [LoggedEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event_log WHERE position > ? ORDER BY position LIMIT ?",
                             arguments: [position, limit]).map { row in
                LoggedEvent(position: row["position"], recordedAt: Date(storageValue: row["recorded_at"]),
                            event: try DomainEvent(type: row["type"], version: row["version"], body: row["body"]))
            }
        }
    }

    public func lastPosition() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(position) FROM event_log") ?? 0 }
    }
}
