import Domain
import Foundation
import GRDB

/// The embedded store: SQLite in WAL mode with `synchronous = FULL`, so a committed transaction survives power
/// loss. Two files: the main database, and the durable inbox's own file (`SQLiteInboxFile`) so that storing and
/// acknowledging deliveries never waits for the transactions that process them.
public final class SQLiteStore: ParleyStore, Sendable {
    let pool: DatabasePool
    /// The inbox file: deliveries and inbox events only.
    let inbox: DatabasePool
    public let path: String
    public let inboxPath: String

    /// Opens (creating if needed) and migrates the database. Refuses to return a store whose durability
    /// setting did not stick (GRDB resets `synchronous` when it opens a pool — stack.md pitfall 2).
    public init(path: String, migrate: Bool = true) throws {
        self.path = path
        self.inboxPath = SQLiteInboxFile.path(besides: path)
        self.pool = try Self.openDurable(path)
        self.inbox = try Self.openDurable(inboxPath)
        try SQLiteInboxFile.migrator.migrate(inbox)
        if migrate { _ = try self.migrate() }
    }

    private static func openDurable(_ path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // A replaced or deleted row's bytes are zeroed in its page, so a masked delivery's clear text is not left
            // behind in free space (FAST: no extra I/O; a freed overflow page is only reused, not wiped).
            try db.execute(sql: "PRAGMA secure_delete = FAST")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
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
        return pool
    }

    /// Applies pending migrations; returns the identifiers applied now.
    /// Before 0025 moves the inbox out of the main file, its rows are copied into the inbox file.
    public func migrate() throws -> [String] {
        let migrator = SQLiteMigrations.migrator
        let before = try pool.read { try migrator.appliedIdentifiers($0) }
        if !before.contains(SQLiteMigrations.inboxFile) {
            try migrator.migrate(pool, upTo: SQLiteMigrations.beforeInboxFile)
            _ = try SQLiteInboxFile.moveRowsOutOfMainFile(main: pool, inbox: inbox)
        }
        try migrator.migrate(pool)
        let through = try pool.read { try Int64.fetchOne($0, sql: "SELECT processed_through FROM inbox_progress") ?? 0 }
        try SQLiteInboxFile.keepIDsAbove(processedThrough: through, in: inbox)
        return migrator.migrations.filter { !before.contains($0) }
    }

    public func migrationsApplied() async throws -> Bool {
        try await pool.read { try SQLiteMigrations.migrator.hasCompletedMigrations($0) }
    }

    /// The migrations `migrate()` would apply now, in order, and whether the database has none yet (a new one).
    public func pendingMigrations() throws -> (pending: [String], fresh: Bool) {
        let migrator = SQLiteMigrations.migrator
        let applied = try pool.read { try migrator.appliedIdentifiers($0) }
        return (migrator.migrations.filter { !applied.contains($0) }, applied.isEmpty)
    }

    /// `PRAGMA synchronous` as the writer connection sees it (2 = FULL).
    public func synchronousSetting() throws -> Int {
        try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Both files must take a write: deliveries go to one, everything else to the other.
    public func probeWritable() async -> Bool {
        do {
            for file in [pool, inbox] {
                try await file.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        // Big enough to need fresh pages: a full database fails here, then nothing is kept.
                        try db.execute(sql: "INSERT INTO health_probe (filler) VALUES (zeroblob(65536))")
                        return .rollback
                    }
                }
            }
            return true
        } catch {
            return false
        }
    }

    /// A consistent copy of the live database, taken with SQLite's online backup while Parley keeps serving: the main
    /// file to `destinationPath`, then the inbox file beside it (`SQLiteInboxFile.path(besides:)`). In that order the
    /// inbox copy holds every event the main copy counts as processed, and possibly newer ones, processed after a
    /// restore. Returns the two paths written.
    @discardableResult
    public func backup(to destinationPath: String) throws -> [String] {
        let inboxDestination = SQLiteInboxFile.path(besides: destinationPath)
        for (source, path) in [(pool, destinationPath), (inbox, inboxDestination)] {
            let destination = try DatabaseQueue(path: path)
            try source.backup(to: destination)
            try destination.close()
        }
        return [destinationPath, inboxDestination]
    }

    /// Caps the file size (testing only: simulates a full disk).
    public func limitPageCount(toCurrentPlus extraPages: Int) throws {
        try pool.writeWithoutTransaction { db in
            let current = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(current + extraPages)")
        }
        try inbox.writeWithoutTransaction { db in
            let current = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(current + extraPages)")
        }
    }

    public func close() throws {
        try pool.close()
        try inbox.close()
    }
}

extension Date {
    var storageValue: Double { timeIntervalSince1970 }
    init(storageValue: Double) { self.init(timeIntervalSince1970: storageValue) }
}

extension SQLiteStore {
    /// How many inbox events are stored (benchmarks and tests).
    public func countInboxEvents() throws -> Int {
        try inbox.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM inbox_events") ?? 0 }
    }
}
