import PostgresNIO
import Storage

/// Reads a copied deployment back inside the transaction that wrote it, the same way `SQLiteExport` reads the
/// source, so `migrate-data` can compare the two before it commits.
struct PostgresTransferReader: TransferSource {
    let db: DB

    func count(_ table: TransferTable) async throws -> Int {
        Int(try await db.value(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table.quotedName)"), as: Int64.self) ?? 0)
    }

    func rows(_ table: TransferTable, after key: [TransferValue]?, limit: Int) async throws -> [[TransferValue]] {
        let keyList = table.keyIndices.map { table.columns[$0].quotedName }.joined(separator: ", ")
        var sql = "SELECT \(table.columns.map(\.quotedName).joined(separator: ", ")) FROM \(table.quotedName)"
        var binds = PostgresBindings()
        if let key {
            for (index, value) in zip(table.keyIndices, key) {
                try PostgresStore.bind(value, as: table.columns[index], of: table, into: &binds)
            }
            sql += " WHERE (\(keyList)) > (\((1...key.count).map { "$\($0)" }.joined(separator: ", ")))"
        }
        sql += " ORDER BY \(keyList) LIMIT \(limit)"
        return try await db.rows(PostgresQuery(unsafeSQL: sql, binds: binds)).map { row in
            try table.columns.indices.map { try Self.value(row, $0, table.columns[$0].kind) }
        }
    }

    /// The sequence's last value; 0 while it has handed out none (`setval(…, 1, false)`).
    func serialHead(_ table: TransferTable) async throws -> Int64 {
        guard let serial = table.serial else { return 0 }
        return try await db.value(PostgresQuery(unsafeSQL: """
            SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('\(table.quotedName)', '\(serial)')::regclass), 0)
            """), as: Int64.self) ?? 0
    }

    func eventLogHead() async throws -> Int64 {
        guard let head = try await db.value("SELECT position FROM event_log_head", as: Int64.self) else {
            throw PostgresStoreError.corrupt("the event_log_head row is missing")
        }
        return head
    }

    private static func value(_ row: Row, _ index: Int, _ kind: TransferColumn.Kind) throws -> TransferValue {
        switch kind {
        case .integer: return (try row[index] as Int64?).map(TransferValue.integer) ?? .null
        case .boolean: return (try row[index] as Bool?).map { .integer($0 ? 1 : 0) } ?? .null
        case .real: return (try row[index] as Double?).map(TransferValue.real) ?? .null
        case .text: return (try row[index] as String?).map(TransferValue.text) ?? .null
        case .blob: return (try row[index] as ByteBuffer?).map { .blob(Array($0.readableBytesView)) } ?? .null
        }
    }
}
