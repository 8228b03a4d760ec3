/// One stored value, neutral between SQLite and PostgreSQL. Booleans travel as the integers 0 and 1.
public enum TransferValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    /// The text exactly as the source holds it; U+0000 is dropped only where PostgreSQL needs it (on insert and
    /// in `appendCanonicalBytes`).
    case text(String)
    case blob([UInt8])

    /// Roughly what the value occupies in memory.
    var byteCount: Int {
        switch self {
        case .null, .integer, .real: 8
        case .text(let text): text.utf8.count
        case .blob(let bytes): bytes.count
        }
    }
}

/// A database a copy reads from: the SQLite source, or the PostgreSQL target reading back what it was given.
/// Both answer the same questions the same way, so `migrate-data` can compare them table by table.
public protocol TransferSource {
    /// `SELECT count(*)` of the table.
    func count(_ table: TransferTable) async throws -> Int
    /// Up to `limit` rows with a key after `key` (nil: from the start), in primary-key order, values in the order of
    /// `table.columns`. An empty result means there are no more.
    func rows(_ table: TransferTable, after key: [TransferValue]?, limit: Int) async throws -> [[TransferValue]]
    /// The last value the table's `serial` column handed out (0 if none): new rows continue after it.
    func serialHead(_ table: TransferTable) async throws -> Int64
    /// The last event-log position handed out: the next appended event continues after it.
    func eventLogHead() async throws -> Int64
}

extension TransferSource {
    /// Every row of `table`, a batch at a time, in primary-key order. Batches hold up to 1,000 rows, fewer where rows
    /// can be large (a webhook body can be megabytes): about 16 MiB at the largest row seen so far, and only a few
    /// rows until one has been seen.
    public func forEachBatch(of table: TransferTable, _ body: ([[TransferValue]]) async throws -> Void) async throws {
        var key: [TransferValue]?
        var (limit, largest) = (table.columns.contains { $0.kind == .blob } ? 4 : 100, 1)
        while true {
            let batch = try await rows(table, after: key, limit: limit)
            guard let last = batch.last else { return }
            try await body(batch)
            key = table.keyIndices.map { last[$0] }
            largest = max(largest, batch.map { $0.reduce(0) { $0 + $1.byteCount } }.max() ?? 1)
            limit = min(1000, max(1, 16 << 20 / largest))
        }
    }
}

extension TransferValue {
    /// An unambiguous encoding for checksums: a type tag, then a fixed-width number or a length-prefixed byte
    /// string. Text is UTF-8 without U+0000 (PostgreSQL cannot store it, so the copy drops it).
    public func appendCanonicalBytes(to bytes: inout [UInt8]) {
        switch self {
        case .null:
            bytes.append(0)
        case .integer(let value):
            bytes.append(1)
            appendBigEndian(UInt64(bitPattern: value), to: &bytes)
        case .real(let value):
            bytes.append(2)
            appendBigEndian(value.bitPattern, to: &bytes)
        case .text(let value):
            let utf8 = Array(value.utf8).filter { $0 != 0 }
            bytes.append(3)
            appendBigEndian(UInt64(utf8.count), to: &bytes)
            bytes.append(contentsOf: utf8)
        case .blob(let value):
            bytes.append(4)
            appendBigEndian(UInt64(value.count), to: &bytes)
            bytes.append(contentsOf: value)
        }
    }

    private func appendBigEndian(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}

/// Why a copy between stores did not start or did not finish. The messages say what to do.
public enum TransferError: Error, Equatable, CustomStringConvertible {
    /// The source could not be opened or is not a Parley database.
    case badSource(String)
    /// Either database's schema is not the one this binary copies.
    case schemaMismatch(String)
    /// The target already holds a deployment's data: (table, rows) for each table that is not empty.
    case targetNotEmpty([TableCount])
    /// Another session holds the target's tables (a Parley running on it, say).
    case targetInUse
    /// A stored value does not fit its column's kind.
    case unexpectedValue(table: String, column: String, found: String)

    public struct TableCount: Equatable, Sendable {
        public let table: String
        public let rows: Int
        public init(table: String, rows: Int) { self.table = table; self.rows = rows }
    }

    public var description: String {
        switch self {
        case .badSource(let why): why
        case .schemaMismatch(let why): why
        case .targetNotEmpty(let tables):
            "the target database is not empty: "
                + tables.map { "\($0.table) has \($0.rows) row\($0.rows == 1 ? "" : "s")" }.joined(separator: ", ")
                + ". migrate-data only copies into a fresh database or schema (add ?schema=NEW_NAME to the URL); nothing was written"
        case .targetInUse:
            "the target's tables are in use by another session (is a Parley running on it?); stop it and try again. Nothing was written"
        case .unexpectedValue(let table, let column, let found):
            "\(table).\(column) holds \(found), which does not fit the column; nothing was written"
        }
    }
}
