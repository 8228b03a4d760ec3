import Domain
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Storage

/// The shared store: PostgreSQL through postgres-nio's connection pool, for deployments that run on the database
/// they already operate (and, later, several Parley nodes on one database). Same tables, same semantics and the
/// same conformance suite as `SQLiteStore`.
///
/// **Lifecycle.** `PostgresClient` only leases connections while its `run()` is active. `connect(…)` starts it in a
/// task the store owns (an async factory, not an `init`), migrates, and returns a ready store; `close()` cancels that
/// task and waits for the pool to shut down. The store is also a `Service`: in a `ServiceGroup` its `run()` waits for
/// graceful shutdown and then closes the pool — list it *first*, so it shuts down after everything that writes.
///
/// (`Domain.Channel` is spelled out in this module: PostgresNIO re-exports NIO, whose `Channel` would shadow it.)
public final class PostgresStore: ParleyStore, Service, Sendable {
    let client: PostgresClient
    let logger: Logger
    /// The schema this store lives in (`search_path`), or nil for the server's default.
    public let schema: String?
    private let runner: Task<Void, Never>

    private init(client: PostgresClient, schema: String?, logger: Logger, runner: Task<Void, Never>) {
        self.client = client
        self.schema = schema
        self.logger = logger
        self.runner = runner
    }

    /// Connects to `postgres://user:password@host:port/database`, optionally inside `schema` (created when missing;
    /// tests isolate themselves this way), and applies pending migrations unless `migrate` is false. Fails when the
    /// server does not answer within `timeout` (the pool alone would keep retrying for a minute).
    /// URL options: `sslmode=disable|prefer|require|verify-ca|verify-full`, `schema=…`, `host=/socket/dir`.
    public static func connect(url: String, schema: String? = nil, migrate: Bool = true, timeout: Duration = .seconds(10),
                                logger: Logger = Logger(label: "parley.postgres")) async throws -> PostgresStore {
        let target = try PostgresTarget(url: url, schema: schema)
        let client = PostgresClient(configuration: target.configuration, backgroundLogger: logger)
        // Detached: the pool must not inherit a caller's graceful-shutdown signal (inside a ServiceGroup it would close
        // before the services that still write) — `close()` alone ends it. Queries wait for `run()`; waiting until its
        // task has started keeps postgres-nio from warning that they came first.
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let runner = Task.detached {
            signal.finish()
            await client.run()
        }
        for await _ in started {}
        let store = PostgresStore(client: client, schema: target.schema, logger: logger, runner: runner)
        do {
            try await store.awaitServer(timeout: timeout, target: target.redacted)
            try await store.checkDurability(target: target.redacted)
            try await store.prepareSchema()
            if migrate { _ = try await store.migrate() }
        } catch {
            await store.close()
            throw error
        }
        logger.info("PostgreSQL store ready", metadata: ["target": "\(target.redacted)"])
        return store
    }

    /// Closes the pool: running queries fail, new ones are refused. Idempotent.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    /// Keeps the store open until the service group shuts down gracefully, then closes it.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    /// Applies pending migrations; returns the identifiers applied now.
    public func migrate() async throws -> [String] {
        try await PostgresMigrations.apply(on: self)
    }

    public func migrationsApplied() async throws -> Bool {
        try await PostgresMigrations.pending(on: self).isEmpty
    }

    /// The migrations not yet applied, and whether the database is new (none applied yet).
    public func pendingMigrations() async throws -> (pending: [String], fresh: Bool) {
        let pending = try await PostgresMigrations.pending(on: self)
        return (pending, pending.count == PostgresMigrations.all.count)
    }

    /// False as well when the probe has no answer within 2 s: with the server gone the pool would keep the caller
    /// waiting while it reconnects, and `/readyz` must say "not ready" while a load balancer still listens.
    public func probeWritable() async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.probeWritableOnce() }
            group.addTask {
                try? await Task.sleep(for: .seconds(2))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    private func probeWritableOnce() async -> Bool {
        do {
            try await client.withConnection { connection in
                let db = DB(connection: connection, logger: logger)
                try await db.execute("BEGIN")
                do {
                    // A real row in a real table: a read-only server, a full disk or a lost connection fails here.
                    try await db.execute("INSERT INTO health_probe (filler) VALUES (\(ByteBuffer(repeating: 0, count: 65536)))")
                    try await db.execute("ROLLBACK")
                } catch {
                    try? await db.execute("ROLLBACK")
                    throw error
                }
            }
            return true
        } catch {
            logger.warning("PostgreSQL write probe failed", metadata: ["error": "\(String(reflecting: error))"])
            return false
        }
    }

    /// Drops the store's schema with everything in it, then closes the store. For tests, which isolate themselves
    /// in fresh schemas; refuses a store without one.
    public func dropSchema() async throws {
        guard let schema else { throw StoreError.unsafe("refusing to drop the default schema") }
        // Validated like in prepareSchema: a plain identifier.
        try await write { db in try await db.execute("DROP SCHEMA IF EXISTS \(unescaped: "\"\(schema)\"") CASCADE") }
        await close()
    }

    /// How many inbox events are stored (benchmarks and tests).
    public func countInboxEvents() async throws -> Int {
        try await read { db in try await db.value("SELECT count(*) FROM inbox_events") ?? 0 }
    }

    /// Returns once the server answers `SELECT 1`; throws `unreachable` after `timeout`.
    private func awaitServer(timeout: Duration, target: String) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.read { db in try await db.execute("SELECT 1") } }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw PostgresStoreError.unreachable("\(target) did not answer within \(timeout)")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// A COMMIT must mean "on disk" before Parley acknowledges anything: every session asks for
    /// `synchronous_commit = on` (PostgresTarget), and a server running with `fsync = off` is refused, as SQLite
    /// without `synchronous = FULL` is.
    private func checkDurability(target: String) async throws {
        let (fsync, synchronousCommit) = try await read { db in
            (try await db.value("SHOW fsync", as: String.self), try await db.value("SHOW synchronous_commit", as: String.self))
        }
        guard fsync == "on", synchronousCommit == "on" else {
            throw StoreError.unsafe("PostgreSQL at \(target) is not durable (fsync=\(fsync ?? "?"), synchronous_commit=\(synchronousCommit ?? "?")); "
                + "refusing to start")
        }
    }

    /// Creates the store's schema when it has one. Serialized like migrations: concurrent starters must not race
    /// on `CREATE SCHEMA IF NOT EXISTS`, which is not atomic in PostgreSQL.
    private func prepareSchema() async throws {
        guard let schema else { return }
        try await write { db in
            try await db.execute("SELECT pg_advisory_xact_lock(\(PostgresMigrations.lockKey), hashtext(\(schema)))")
            // The name was checked against [a-z_][a-z0-9_]* (PostgresTarget): it cannot carry SQL.
            try await db.execute("CREATE SCHEMA IF NOT EXISTS \(unescaped: "\"\(schema)\"")")
        }
    }
}

extension Date {
    /// Seconds since 1970 as `double precision`, exactly as SQLite stores them: a `Date` reads back equal.
    var storageValue: Double { timeIntervalSince1970 }
    init(storageValue: Double) { self.init(timeIntervalSince1970: storageValue) }
}
