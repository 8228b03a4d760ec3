import Domain
import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode with `synchronous = FULL`, so a committed transaction
/// survives power loss.
public final class SQLiteStore: ParleyStore, Sendable {
    let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) and migrates the database. Refuses to return a store whose durability
    /// setting did not stick (GRDB resets `synchronous` when it opens a pool — stack.md pitfall 2).
    public init(path: String, migrate: Bool = true) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // A replaced or deleted row's bytes are zeroed in its page, so a masked delivery's clear text is not left
            // behind in free space (FAST: no extra I/O; a freed overflow page is only reused, not wiped).
            try db.execute(sql: "PRAGMA secure_delete = FAST")
        }
        self.path = path
        self.pool = try DatabasePool(path: path, configuration: configuration)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let synchronous = try pool.writeWithoutTransaction { db in
            try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
        }
        let journal = try pool.writeWithoutTransaction { db in
            try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
        }
        guard synchronous == 2, journal.lowercased() == "wal" else {
            throw StoreError.unsafe("SQLite at \(path) is not durable (synchronous=\(synchronous), journal_mode=\(journal)); refusing to start")
        }
        if migrate { try SQLiteMigrations.migrator.migrate(pool) }
    }

    /// Applies pending migrations; returns the identifiers applied now.
    public func migrate() throws -> [String] {
        let migrator = SQLiteMigrations.migrator
        let before = try pool.read { try migrator.appliedIdentifiers($0) }
        try migrator.migrate(pool)
        return migrator.migrations.filter { !before.contains($0) }
    }

    public func migrationsApplied() async throws -> Bool {
        try await pool.read { try SQLiteMigrations.migrator.hasCompletedMigrations($0) }
    }

    /// `PRAGMA synchronous` as the writer connection sees it (2 = FULL).
    public func synchronousSetting() throws -> Int {
        try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    public func probeWritable() async -> Bool {
        do {
            try await pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    // Big enough to need fresh pages: a full database fails here, then nothing is kept.
                    try db.execute(sql: "INSERT INTO health_probe (filler) VALUES (zeroblob(65536))")
                    return .rollback
                }
            }
            return true
        } catch {
            return false
        }
    }

    /// A consistent copy of the live database, taken with SQLite's online backup while Parley keeps serving.
    public func backup(to destinationPath: String) throws {
        let destination = try DatabaseQueue(path: destinationPath)
        try pool.backup(to: destination)
        try destination.close()
    }

    /// Caps the file size (testing only: simulates a full disk).
    public func limitPageCount(toCurrentPlus extraPages: Int) throws {
        try pool.writeWithoutTransaction { db in
            let current = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(current + extraPages)")
        }
    }

    public func close() throws { try pool.close() }
}

extension Date {
    var storageValue: Double { timeIntervalSince1970 }
    init(storageValue: Double) { self.init(timeIntervalSince1970: storageValue) }
}

extension SQLiteStore {
    /// How many inbox events are stored (benchmarks and tests).
    public func countInboxEvents() throws -> Int {
        try pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM inbox_events") ?? 0 }
    }
}
