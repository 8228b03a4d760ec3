import Foundation
import GRDB

/// The source side of `parley migrate-data`: a Parley SQLite file opened read-only and seen through one read
/// transaction (a GRDB snapshot) for as long as this object lives, so the copy and its verification read every
/// table as it was at one moment. The database is never written (SQLite may leave empty `-wal` and `-shm` files
/// beside it, as any reader of a WAL database does).
public final class SQLiteExport: TransferSource, Sendable {
    public let path: String
    private let snapshot: DatabaseSnapshot

    /// Opens `path` and checks that it is a Parley database at exactly this binary's schema.
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw TransferError.badSource("there is no SQLite database at \(path)")
        }
        let inboxPath = SQLiteInboxFile.path(besides: path)
        let hasInbox = FileManager.default.fileExists(atPath: inboxPath)
        var configuration = Configuration()
        configuration.readonly = true
        // The inbox's tables are read from their own file, in the same read transaction as the rest.
        if hasInbox {
            configuration.prepareDatabase { db in
                try db.execute(sql: "ATTACH DATABASE ? AS inbox", arguments: [inboxPath])
            }
        }
        do {
            // The snapshot has a connection of its own; the pool is only the way to get one.
            snapshot = try DatabasePool(path: path, configuration: configuration).makeSnapshot()
        } catch {
            throw TransferError.badSource("\(path) cannot be opened as a SQLite database: \(error)")
        }
        self.path = path
        try checkSchema(inbox: hasInbox ? inboxPath : nil, expected: inboxPath)
    }

    public func count(_ table: TransferTable) async throws -> Int {
        try await snapshot.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.quotedName)") ?? 0 }
    }

    public func rows(_ table: TransferTable, after key: [TransferValue]?, limit: Int) async throws -> [[TransferValue]] {
        // Text and blobs are read as bytes: GRDB would cut a text value at a U+0000 that another tool stored.
        let selection = table.columns.map { column in
            column.sqliteExpression ?? ([.text, .blob].contains(column.kind) ? "CAST(\(column.quotedName) AS BLOB)" : column.quotedName)
        }
        let keyList = table.keyIndices.map { table.columns[$0].sqliteExpression ?? table.columns[$0].quotedName }.joined(separator: ", ")
        var sql = "SELECT \(selection.joined(separator: ", ")) FROM \(table.quotedName)"
        var arguments = StatementArguments()
        if let key {
            sql += " WHERE (\(keyList)) > (\(Array(repeating: "?", count: key.count).joined(separator: ", ")))"
            arguments = StatementArguments(try zip(table.keyIndices, key).map { index, value -> (any DatabaseValueConvertible)? in
                try Self.argument(value, table, table.columns[index])
            })
        }
        sql += " ORDER BY \(keyList) LIMIT \(limit)"
        return try await snapshot.read { [sql, arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                try table.columns.indices.map { try Self.value(row[$0], table, table.columns[$0]) }
            }
        }
    }

    public func serialHead(_ table: TransferTable) async throws -> Int64 {
        guard let column = table.serialColumn else { return 0 }
        return try await highWater(table.name, column.sqliteExpression ?? column.quotedName)
    }

    public func eventLogHead() async throws -> Int64 {
        try await highWater("event_log", "position")
    }

    /// The larger of the highest value stored and the table's AUTOINCREMENT counter, if it has one (that counter never
    /// goes back, so ids of deleted rows are not handed out again).
    private func highWater(_ table: String, _ expression: String) async throws -> Int64 {
        let schema = SQLiteInboxFile.tables.contains(table) ? "inbox" : "main"
        return try await snapshot.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT max(coalesce((SELECT seq FROM \(schema).sqlite_sequence WHERE name = ?), 0),
                           coalesce((SELECT max(\(expression)) FROM "\(table)"), 0))
                """, arguments: [table]) ?? 0
        }
    }

    /// Refuses a file that is not a Parley database, or not at exactly the schema this binary knows: a newer
    /// Parley's tables might be left behind, an older one's would not match the target's.
    private func checkSchema(inbox: String?, expected inboxPath: String) throws {
        let known = SQLiteMigrations.migrator.migrations
        guard known.last == TransferSchema.version else {
            throw TransferError.schemaMismatch(
                "this build's migrate-data describes schema \(TransferSchema.version), but its SQLite schema is at "
                    + "\(known.last ?? "?"): update TransferSchema")
        }
        let (applied, columns) = try snapshot.read { db -> ([String]?, [String: Set<String>]) in
            guard try db.tableExists("grdb_migrations") else { return (nil, [:]) }
            let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            // The main file's progress through the inbox is not copied as such: it is each event's processed_at.
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                    AND name NOT IN ('grdb_migrations', 'inbox_progress')
                """) + (inbox == nil ? [] : String.fetchAll(db, sql: "SELECT name FROM inbox.sqlite_master WHERE type = 'table'")
                .filter(SQLiteInboxFile.tables.contains))
            var columns: [String: Set<String>] = [:]
            for table in tables { columns[table] = Set(try db.columns(in: table).map(\.name)) }
            return (applied, columns)
        }
        guard let applied else {
            throw TransferError.badSource("\(path) is not a Parley database (it has no grdb_migrations table)")
        }
        let unknown = applied.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw TransferError.schemaMismatch("\(path) was migrated by a newer Parley (\(unknown.joined(separator: ", "))); "
                + "copy it with that version's parley migrate-data")
        }
        let missing = known.filter { !applied.contains($0) }
        guard missing.isEmpty else {
            throw TransferError.schemaMismatch("\(path) is not fully migrated (missing \(missing.joined(separator: ", "))); "
                + "run `parley migrate --db \(path)` with this version first")
        }
        guard inbox != nil else {
            throw TransferError.badSource("the inbox file \(inboxPath) is missing beside \(path): copy the two files of a backup together")
        }
        try TransferSchema.check(columns, in: path, stored: { $0.sqliteExpression == nil })
    }

    private static func value(_ stored: DatabaseValue, _ table: TransferTable, _ column: TransferColumn) throws -> TransferValue {
        switch (column.kind, stored.storage) {
        case (_, .null): return .null
        case (.integer, .int64(let value)): return .integer(value)
        case (.boolean, .int64(let value)): return .integer(value == 0 ? 0 : 1)
        case (.real, .double(let value)): return .real(value)
        case (.real, .int64(let value)): return .real(Double(value))
        case (.blob, .blob(let bytes)): return .blob(Array(bytes))
        case (.text, .blob(let bytes)):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw TransferError.unexpectedValue(table: table.name, column: column.name, found: "text that is not UTF-8")
            }
            return .text(text)
        default:
            throw TransferError.unexpectedValue(table: table.name, column: column.name, found: "the value \(stored)")
        }
    }

    /// A key value bound back into SQLite for the next page.
    private static func argument(_ value: TransferValue, _ table: TransferTable, _ column: TransferColumn) throws -> DatabaseValue {
        switch value {
        case .null: return .null
        case .integer(let value): return value.databaseValue
        case .real(let value): return value.databaseValue
        case .blob(let bytes): return Data(bytes).databaseValue
        case .text(let text):
            // GRDB binds text up to its first U+0000: such a key would make the next page start at the same row.
            guard !text.utf8.contains(0) else {
                throw TransferError.unexpectedValue(table: table.name, column: column.name, found: "a key with U+0000")
            }
            return text.databaseValue
        }
    }
}
