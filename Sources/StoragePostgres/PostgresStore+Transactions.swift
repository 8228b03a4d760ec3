import Foundation
import Logging
import PostgresNIO
import Storage

/// One leased connection, inside a transaction or not: what the store's SQL runs on (GRDB's `db`, for PostgreSQL).
/// Every value reaches the server as a bound parameter — `PostgresQuery`'s string interpolation binds it as `$n`.
struct DB {
    let connection: PostgresConnection
    let logger: Logger

    func execute(_ query: PostgresQuery) async throws {
        _ = try await connection.query(query, logger: logger).collect()
    }

    func rows(_ query: PostgresQuery) async throws -> [Row] {
        try await connection.query(query, logger: logger).collect().map(Row.init)
    }

    func row(_ query: PostgresQuery) async throws -> Row? {
        try await rows(query).first
    }

    /// The first column of the first row; nil when there is no row or the value is NULL.
    func value<T: PostgresDecodable>(_ query: PostgresQuery, as _: T.Type = T.self) async throws -> T? where T._DecodableType == T {
        guard let row = try await row(query) else { return nil }
        let value: T? = try row[0]
        return value
    }
}

/// A result row whose columns decode by name or position: `let id: String = try row["id"]`.
struct Row {
    private let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) { cells = row.makeRandomAccess() }

    subscript<T: PostgresDecodable>(_ column: String) -> T {
        get throws { try cells[column].decode(T.self) }
    }

    subscript<T: PostgresDecodable>(_ index: Int) -> T {
        get throws { try cells[index].decode(T.self) }
    }

    func date(_ column: String) throws -> Date { Date(storageValue: try self[column]) }
    func optionalDate(_ column: String) throws -> Date? { (try self[column] as Double?).map(Date.init(storageValue:)) }
}

extension PostgresStore {
    /// Runs `body` in one transaction on one pooled connection: COMMIT when it returns, ROLLBACK when it throws (the
    /// body's own error is rethrown unchanged). Serialization failures and deadlocks — PostgreSQL rolled the whole
    /// transaction back — are retried; so are unique violations when `retryingConflicts` (a concurrent transaction
    /// created the row this one was about to create: the retry finds it).
    func write<T: Sendable>(retryingConflicts: Bool = false, _ body: (DB) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await transaction(body)
            } catch let error as PSQLError where attempt < 4 && Self.isRetryable(error, conflicts: retryingConflicts) {
                logger.debug("retrying a PostgreSQL transaction", metadata: [
                    "sqlstate": "\(error.serverInfo?[.sqlState] ?? "")", "attempt": "\(attempt)",
                ])
                attempt += 1
            }
        }
    }

    /// Runs `body` on one pooled connection outside a transaction (single statements, or reads that need no snapshot).
    func read<T: Sendable>(_ body: (DB) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await body(DB(connection: connection, logger: logger))
            }
        } catch let error as PSQLError where Self.isInvalidText(error) {
            throw StoreError.invalidInput("Text may not contain NUL (U+0000) characters.")
        }
    }

    /// PostgreSQL refused a text value (U+0000): the caller's input, not the database's fault.
    static func isInvalidText(_ error: PSQLError) -> Bool {
        ["22021", "22P05"].contains(error.serverInfo?[.sqlState] ?? "")
    }

    private func transaction<T: Sendable>(_ body: (DB) async throws -> T) async throws -> T {
        do {
            return try await transactionOnce(body)
        } catch let error as PSQLError where Self.isInvalidText(error) {
            throw StoreError.invalidInput("Text may not contain NUL (U+0000) characters.")
        }
    }

    private func transactionOnce<T: Sendable>(_ body: (DB) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let db = DB(connection: connection, logger: logger)
            try await db.execute("BEGIN")
            do {
                let result = try await body(db)
                try await db.execute("COMMIT")
                return result
            } catch {
                // After a failed COMMIT there is nothing to roll back; PostgreSQL only warns.
                try? await db.execute("ROLLBACK")
                throw error
            }
        }
    }

    static func isRetryable(_ error: PSQLError, conflicts: Bool) -> Bool {
        switch error.serverInfo?[.sqlState] {
        case "40001", "40P01": true // serialization_failure, deadlock_detected
        case "23505": conflicts // unique_violation
        default: false
        }
    }

    static func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }
}
