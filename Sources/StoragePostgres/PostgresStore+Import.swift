import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    /// Copies a whole deployment from `source` into this database, all or nothing (`parley migrate-data`).
    ///
    /// A database that already holds a deployment's data is refused before anything is written to it, migrations
    /// included; otherwise it is migrated to the latest schema and filled in one transaction, with the tables
    /// locked: every row with its ids, the event log with its positions, sequences and the event-log head moved
    /// past the copied values (so a Parley started here continues where the source stopped). The rows migrations
    /// seed are replaced by the source's. `verify` runs last, inside the transaction, with a reader on what was
    /// written: when it throws, everything is rolled back and its error is rethrown. Returns the migrations applied.
    public func importDeployment(from source: some TransferSource,
                                 verify: (any TransferSource) async throws -> Void) async throws -> [String] {
        try await checkTargetMigrations()
        let occupied = try await read { db in try await Self.occupiedTables(db) }
        guard occupied.isEmpty else { throw TransferError.targetNotEmpty(occupied) }
        let applied = try await migrate()
        try await checkTargetColumns()
        do {
            try await write { db in
                try await Self.lockTables(db)
                // Checked again under the locks: nothing can have been written since, nor be until COMMIT.
                let occupied = try await Self.occupiedTables(db)
                guard occupied.isEmpty else { throw TransferError.targetNotEmpty(occupied) }
                for table in TransferSchema.tables {
                    if table.seeded { try await db.execute(PostgresQuery(unsafeSQL: "DELETE FROM \(table.quotedName)")) }
                    try await source.forEachBatch(of: table) { rows in try await Self.insert(rows, into: table, db) }
                    if let serial = table.serial {
                        let head = try await source.serialHead(table)
                        try await Self.moveSequence(of: table, column: serial, to: head, db)
                    }
                }
                let head = try await source.eventLogHead()
                try await db.execute("UPDATE event_log_head SET position = \(head)")
                try await verify(PostgresTransferReader(db: db))
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55P03" {
            throw TransferError.targetInUse
        }
        return applied
    }

    /// A target at a newer schema than this binary's could hold tables the copy would leave empty.
    private func checkTargetMigrations() async throws {
        let known = PostgresMigrations.all.map(\.id)
        guard known.last == TransferSchema.version else {
            throw TransferError.schemaMismatch("this build's migrate-data describes schema \(TransferSchema.version), but its "
                + "PostgreSQL schema is at \(known.last ?? "?"): update TransferSchema")
        }
        let applied: [String] = try await read { db in
            guard try await db.value("SELECT to_regclass('parley_migrations') IS NOT NULL", as: Bool.self) == true else { return [] }
            return try await db.rows("SELECT identifier FROM parley_migrations").map { try $0[0] as String }
        }
        let unknown = applied.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw TransferError.schemaMismatch("the target was migrated by a newer Parley (\(unknown.joined(separator: ", "))); "
                + "copy into a fresh schema, or with that version's migrate-data")
        }
    }

    /// Every described table must have exactly the described columns (other tables in the schema are not Parley's).
    private func checkTargetColumns() async throws {
        let described = Set(TransferSchema.tables.map(\.name))
        let found = try await read { db in
            var found: [String: Set<String>] = [:]
            for row in try await db.rows("""
                SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = current_schema()
                """) {
                let (table, column): (String, String) = (try row[0], try row[1])
                if described.contains(table) { found[table, default: []].insert(column) }
            }
            return found
        }
        try TransferSchema.check(found, in: "the target database")
    }

    /// Tables that migrations do not seed and that hold rows (tables that do not exist yet are empty).
    static func occupiedTables(_ db: DB) async throws -> [TransferError.TableCount] {
        var occupied: [TransferError.TableCount] = []
        for table in TransferSchema.tables where !table.seeded {
            guard try await db.value("SELECT to_regclass(\(table.name)) IS NOT NULL", as: Bool.self) == true else { continue }
            let rows = try await db.value(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table.quotedName)"), as: Int64.self) ?? 0
            if rows > 0 { occupied.append(.init(table: table.name, rows: Int(rows))) }
        }
        return occupied
    }

    /// Keeps a Parley (or anything else) from writing while the copy runs; waits at most 10 s for one that is.
    private static func lockTables(_ db: DB) async throws {
        try await db.execute("SET LOCAL lock_timeout = '10s'")
        let names = (TransferSchema.tables.map(\.quotedName) + ["event_log_head"]).joined(separator: ", ")
        try await db.execute(PostgresQuery(unsafeSQL: "LOCK TABLE \(names) IN ACCESS EXCLUSIVE MODE"))
    }

    /// One multi-row INSERT, every value a bound parameter of its column's type.
    private static func insert(_ rows: [[TransferValue]], into table: TransferTable, _ db: DB) async throws {
        var binds = PostgresBindings(capacity: rows.count * table.columns.count)
        var tuples: [String] = []
        for row in rows {
            var placeholders: [String] = []
            for (column, value) in zip(table.columns, row) {
                try bind(value, as: column, of: table, into: &binds)
                placeholders.append("$\(binds.count)")
            }
            tuples.append("(\(placeholders.joined(separator: ", ")))")
        }
        let columns = table.columns.map(\.quotedName).joined(separator: ", ")
        try await db.execute(PostgresQuery(
            unsafeSQL: "INSERT INTO \(table.quotedName) (\(columns)) VALUES \(tuples.joined(separator: ", "))", binds: binds))
    }

    static func bind(_ value: TransferValue, as column: TransferColumn, of table: TransferTable,
                     into binds: inout PostgresBindings) throws {
        switch (column.kind, value) {
        case (.integer, .null): binds.append(Int64?.none)
        case (.boolean, .null): binds.append(Bool?.none)
        case (.real, .null): binds.append(Double?.none)
        case (.text, .null): binds.append(String?.none)
        case (.blob, .null): binds.append(ByteBuffer?.none)
        case (.integer, .integer(let number)): binds.append(number)
        case (.boolean, .integer(let number)): binds.append(number != 0)
        case (.real, .real(let number)): binds.append(number)
        case (.text, .text(let text)): binds.append(text.withoutNUL)
        case (.blob, .blob(let bytes)): binds.append(ByteBuffer(bytes: bytes))
        default:
            throw TransferError.unexpectedValue(table: table.name, column: column.name, found: "\(value)")
        }
    }

    /// The next value a `bigserial` (or identity) column hands out follows `head`, the source's last one (1 when 0).
    private static func moveSequence(of table: TransferTable, column: String, to head: Int64, _ db: DB) async throws {
        try await db.execute(PostgresQuery(unsafeSQL: """
            SELECT setval(pg_get_serial_sequence('\(table.quotedName)', '\(column)'), \(max(head, 1)), \(head > 0))
            """))
    }
}
