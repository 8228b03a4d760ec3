import Foundation
import Logging
import ServiceLifecycle
import Storage
import StoragePostgres

/// Which database a Parley process uses: the SQLite file in the data directory (the default), or PostgreSQL when
/// `--db postgres://…` or `PARLEY_DATABASE_URL` says so.
public enum DatabaseChoice: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// `--db` wins over `PARLEY_DATABASE_URL`; a value that is not a `postgres://` URL is a SQLite file path.
    public static func resolve(_ options: ServeOptions) -> DatabaseChoice {
        let named = options.databasePath ?? options.environment["PARLEY_DATABASE_URL"]
        if let named, isPostgresURL(named) { return .postgres(url: named) }
        return .sqlite(path: named ?? (options.dataDirectory as NSString).appendingPathComponent("parley.sqlite"))
    }

    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// How the choice is shown in logs: never with a password.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard var parts = URLComponents(string: url) else { return "postgres://…" }
            if parts.password != nil { parts.password = "***" }
            return parts.string ?? "postgres://…"
        }
    }
}

/// An open store, and the service that must outlive everything writing to it (the PostgreSQL pool), if any.
public struct OpenedStore: Sendable {
    public let store: any ParleyStore
    public let lifetime: (any Service)?

    /// Opens and migrates the chosen database.
    public static func open(_ choice: DatabaseChoice, migrate: Bool = true, logger: Logger) async throws -> OpenedStore {
        switch choice {
        case .sqlite(let path):
            let store = try SQLiteStore(path: path, migrate: false)
            if migrate {
                let (pending, fresh) = try store.pendingMigrations()
                try await logged(pending: pending, fresh: fresh, database: choice.redacted, logger: logger) { try store.migrate() }
            }
            return OpenedStore(store: store, lifetime: nil)
        case .postgres(let url):
            let store = try await PostgresStore.connect(url: url, migrate: false, logger: logger)
            do {
                if migrate {
                    let (pending, fresh) = try await store.pendingMigrations()
                    try await logged(pending: pending, fresh: fresh, database: choice.redacted, logger: logger) { try await store.migrate() }
                }
            } catch {
                await store.close()
                throw error
            }
            return OpenedStore(store: store, lifetime: store)
        }
    }

    /// Applies the pending migrations with `apply`. An upgrade can take a while (moving the inbox out of SQLite's main
    /// file copies every delivery): say what is applied before, and when it is done.
    static func logged(pending: [String], fresh: Bool, database: String, logger: Logger,
                       apply: () async throws -> [String]) async throws {
        guard !pending.isEmpty else { return }
        let started = ContinuousClock.now
        if !fresh {
            logger.notice("applying database migrations", metadata: ["migrations": "\(pending.joined(separator: ", "))", "database": "\(database)"])
        }
        let applied = try await apply()
        let seconds = (ContinuousClock.now - started).seconds
        logger.notice(fresh ? "created the database" : "database migrations applied", metadata: [
            "migrations": "\(applied.count)", "seconds": "\(seconds)", "database": "\(database)",
        ])
    }

    /// Closes what `open` opened (for commands that do not run a service group).
    public func close() async {
        if let postgres = store as? PostgresStore { await postgres.close() }
        if let sqlite = store as? SQLiteStore { try? sqlite.close() }
    }

    /// Applies pending migrations; returns the identifiers applied now.
    public func migrate() async throws -> [String] {
        if let postgres = store as? PostgresStore { return try await postgres.migrate() }
        if let sqlite = store as? SQLiteStore { return try sqlite.migrate() }
        return []
    }
}
