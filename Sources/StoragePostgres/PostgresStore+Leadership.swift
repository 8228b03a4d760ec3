import Domain
import Foundation
import PostgresNIO
import Storage

/// A routing leader's term: the node that holds the lease and the epoch it got when it took it.
public struct RoutingFence: Sendable, Hashable, CustomStringConvertible {
    public let node: String
    public let epoch: Int64

    public init(node: String, epoch: Int64) {
        self.node = node
        self.epoch = epoch
    }

    public var description: String { "\(node)#\(epoch)" }
}

/// The lease was lost: another node leads routing now, or this one stopped renewing in time.
public struct StaleRoutingLeader: Error, CustomStringConvertible {
    public let fence: RoutingFence
    public var description: String { "routing term \(fence) is over; the write was refused" }
}

/// Leadership of routing across nodes: one row, `routing_leader`, holds the leader's node name, its term (`epoch`,
/// incremented on every takeover) and when its lease ends. Times are the database server's (`clock_timestamp()`),
/// so the nodes' clocks need not agree. A lease and not a session-level advisory lock: a frozen process's kernel
/// keeps answering TCP keepalives, so its connection (and a lock on it) would outlive the freeze; a lease does not.
extension PostgresStore {
    /// First in every transaction that locks the lease row. A process frozen inside one (SIGSTOP, a stalled VM) keeps
    /// its connection, so its row lock would stop every other node from ever taking over: PostgreSQL ends such a
    /// session after 2 s idle in the transaction (rolling it back), and a node waiting for the row gives up after 1 s.
    static func guardLeaseLocks(_ db: DB) async throws {
        try await db.execute("SET LOCAL idle_in_transaction_session_timeout = '2s'")
        try await db.execute("SET LOCAL lock_timeout = '1s'")
    }

    /// Takes the lease when nobody holds it (it ran out), or when it is this node's own (a restarted node need not wait
    /// for its previous life's lease): a new term either way. Nil while another node's lease runs. Node names must
    /// therefore be unique.
    public func acquireRoutingLeadership(node: String, lease: Duration) async throws -> RoutingFence? {
        let seconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
        return try await write { db in
            try await Self.guardLeaseLocks(db)
            let epoch = try await db.value("""
                UPDATE routing_leader SET node = \(node), epoch = epoch + 1, expires_at = extract(epoch from clock_timestamp()) + \(seconds)
                WHERE id = 1 AND (expires_at < extract(epoch from clock_timestamp()) OR node = \(node)) RETURNING epoch
                """, as: Int64.self)
            return epoch.map { RoutingFence(node: node, epoch: $0) }
        }
    }

    /// Extends the term's lease; false when it had already run out or another node took over (then this node must
    /// stop routing and try to take a new term).
    public func renewRoutingLeadership(_ fence: RoutingFence, lease: Duration) async throws -> Bool {
        let seconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
        return try await write { db in
            try await Self.guardLeaseLocks(db)
            return try await db.value("""
                UPDATE routing_leader SET expires_at = extract(epoch from clock_timestamp()) + \(seconds)
                WHERE id = 1 AND node = \(fence.node) AND epoch = \(fence.epoch) AND expires_at >= extract(epoch from clock_timestamp())
                RETURNING epoch
                """, as: Int64.self) != nil
        }
    }

    /// Ends the term now (graceful shutdown), so another node takes over without waiting for the lease to run out.
    public func resignRoutingLeadership(_ fence: RoutingFence) async throws {
        try await write { db in
            try await Self.guardLeaseLocks(db)
            try await db.execute("UPDATE routing_leader SET expires_at = 0 WHERE id = 1 AND node = \(fence.node) AND epoch = \(fence.epoch)")
        }
    }

    /// Who leads now (nil when the lease has run out), with the term.
    public func routingLeader() async throws -> RoutingFence? {
        try await read { db in
            guard let row = try await db.row("""
                SELECT node, epoch FROM routing_leader WHERE id = 1 AND expires_at >= extract(epoch from clock_timestamp())
                """) else { return nil }
            return RoutingFence(node: try row["node"], epoch: try row["epoch"])
        }
    }

    /// Inside a routing write: throws unless `fence` is the current, unexpired term. The share lock makes a takeover
    /// (an UPDATE of the row) wait until this transaction has committed.
    static func checkFence(_ fence: RoutingFence, _ db: DB) async throws {
        try await guardLeaseLocks(db)
        let current = try await db.value("""
            SELECT epoch FROM routing_leader
            WHERE id = 1 AND node = \(fence.node) AND epoch = \(fence.epoch) AND expires_at >= extract(epoch from clock_timestamp())
            FOR SHARE
            """, as: Int64.self)
        guard current == fence.epoch else { throw StaleRoutingLeader(fence: fence) }
    }

    // MARK: Requests from other nodes

    /// Queues a routing request for the leader; answers its id (to wait for the reply).
    public func enqueueRoutingRequest(_ request: String, from node: String, at date: Date) async throws -> Int64 {
        try await write { db in
            guard let id = try await db.value("""
                INSERT INTO routing_commands (node, request, created_at) VALUES (\(node), \(request), \(date.storageValue)) RETURNING id
                """, as: Int64.self) else { throw PostgresStoreError.corrupt("routing_commands returned no id") }
            return id
        }
    }

    /// The oldest requests not yet answered, in the order they were queued.
    public func pendingRoutingRequests(limit: Int) async throws -> [(id: Int64, request: String)] {
        try await read { db in
            try await db.rows("SELECT id, request FROM routing_commands WHERE done_at IS NULL ORDER BY id LIMIT \(limit)").map { row in
                (id: try row["id"] as Int64, request: try row["request"] as String)
            }
        }
    }

    /// Answers a request, while `fence` still leads (a deposed leader's answer is refused: the next leader runs it).
    public func completeRoutingRequest(_ id: Int64, reply: String?, error: String?, fence: RoutingFence, at date: Date) async throws {
        try await write { db in
            try await Self.checkFence(fence, db)
            try await db.execute("""
                UPDATE routing_commands SET done_at = \(date.storageValue), epoch = \(fence.epoch), reply = \(reply), error = \(error)
                WHERE id = \(id) AND done_at IS NULL
                """)
        }
    }

    /// The answer to a request: nil while it waits; otherwise the reply or the leader's error message.
    public func routingReply(_ id: Int64) async throws -> (reply: String?, error: String?)? {
        try await read { db in
            guard let row = try await db.row("SELECT reply, error FROM routing_commands WHERE id = \(id) AND done_at IS NOT NULL") else {
                return nil
            }
            return (reply: try row["reply"] as String?, error: try row["error"] as String?)
        }
    }

    /// Drops answered requests older than `age` (the leader does this now and then).
    public func pruneRoutingRequests(olderThan date: Date) async throws {
        try await write { db in
            try await db.execute("DELETE FROM routing_commands WHERE done_at IS NOT NULL AND done_at < \(date.storageValue)")
        }
    }
}
