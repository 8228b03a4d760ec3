import Foundation
import GRDB

/// The durable inbox's own SQLite file, `<name>-inbox.sqlite` beside the main database: raw deliveries and their
/// events, append-only, with a WAL and a write lock of its own. The group-commit writer therefore never waits for
/// the inbox processor's transactions in the main file, which hold SQLite's single write lock while they store
/// contacts, messages and events.
///
/// What has been processed is the main database's business: `inbox_progress` says "processed through event N", and
/// is moved in the same transaction as the events processing appended (a transaction spanning two WAL files would
/// not be atomic). The processor works in id order, so "through N" is exact.
enum SQLiteInboxFile {
    /// The inbox file's tables (it also has a `health_probe` of its own).
    static let tables: Set<String> = ["deliveries", "inbox_events"]

    /// `parley.sqlite` → `parley-inbox.sqlite`; a name without an extension gets `-inbox` appended.
    static func path(besides main: String) -> String {
        let url = URL(fileURLWithPath: main)
        let ext = url.pathExtension
        let base = url.deletingPathExtension().lastPathComponent
        let name = ext.isEmpty ? "\(url.lastPathComponent)-inbox" : "\(base)-inbox.\(ext)"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// The inbox file's own numbered migrations (independent of the main database's).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("inbox_0001") { db in
            // AUTOINCREMENT: an event id is never reused, since the main database's progress counts by id.
            try db.execute(sql: """
                CREATE TABLE deliveries (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,
                    received_at REAL NOT NULL,
                    body BLOB NOT NULL,
                    event_count INTEGER NOT NULL,
                    poison_reason TEXT
                );
                CREATE INDEX deliveries_poison ON deliveries(id) WHERE poison_reason IS NOT NULL;

                CREATE TABLE inbox_events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
                    channel TEXT NOT NULL,
                    dedupe_key TEXT NOT NULL,
                    category TEXT NOT NULL,
                    occurred_at REAL,
                    received_at REAL NOT NULL,
                    event_index INTEGER NOT NULL,
                    UNIQUE (channel, dedupe_key)
                );

                CREATE TABLE health_probe (id INTEGER PRIMARY KEY, filler BLOB);
                """)
        }
        return migrator
    }

    /// Before main migration 0025 the inbox lived in the main file. Copies its rows, ids kept, into the inbox file;
    /// 0025 then records how far they were processed and drops them from the main file. Safe to repeat after a crash
    /// in between: rows already copied are skipped.
    static func moveRowsOutOfMainFile(main: DatabasePool, inbox: DatabasePool) throws -> Int {
        let legacy = try main.read { db in
            try db.tableExists("inbox_events") && db.tableExists("deliveries")
        }
        guard legacy else { return 0 }
        var moved = 0
        for (table, columns) in [
            ("deliveries", "id, source, received_at, body, event_count, poison_reason"),
            ("inbox_events", "id, delivery_id, channel, dedupe_key, category, occurred_at, received_at, event_index"),
        ] {
            var after: Int64 = 0
            while true {
                let rows = try main.read { db in
                    try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table) WHERE id > ? ORDER BY id LIMIT 2000", arguments: [after])
                }
                guard let last = rows.last else { break }
                try inbox.write { db in
                    let placeholders = Array(repeating: "?", count: last.count).joined(separator: ", ")
                    let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO \(table) (\(columns)) VALUES (\(placeholders))")
                    for row in rows { try insert.execute(arguments: StatementArguments(row.databaseValues)) }
                }
                moved += table == "inbox_events" ? rows.count : 0
                after = last["id"]
            }
        }
        return moved
    }

    /// New event ids start above what the main database counts as processed, even when the inbox file is younger
    /// than the main file (restored alone, or deleted): otherwise new events would pass for processed ones.
    static func keepIDsAbove(processedThrough: Int64, in inbox: DatabasePool) throws {
        try inbox.write { db in
            let highest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'inbox_events'") ?? 0
            guard highest < processedThrough else { return }
            try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = 'inbox_events'")
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('inbox_events', ?)", arguments: [processedThrough])
        }
    }
}
