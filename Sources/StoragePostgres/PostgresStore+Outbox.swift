import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: OutboxStore {
    public func enqueue(_ item: NewOutboxItem) async throws -> OutboxItem {
        let headers = try JSONEncoder().encode(item.request.headers)
        return try await write { db in
            // A concurrent enqueue of the same key waits for the other transaction, then does nothing; the SELECT
            // (a new statement, a new snapshot) then sees the row either way.
            try await db.execute("""
                INSERT INTO outbox (channel, idempotency_key, method, path, headers, body, state, attempts,
                                    created_at, next_attempt_at, deadline)
                VALUES (\(item.channel.description), \(item.idempotencyKey), \(item.request.method), \(item.request.path),
                        \(headers), \(item.request.body), 'pending', 0, \(item.createdAt.storageValue),
                        \(item.createdAt.storageValue), \(item.deadline.storageValue))
                ON CONFLICT (idempotency_key) DO NOTHING
                """)
            guard let row = try await db.row("SELECT * FROM outbox WHERE idempotency_key = \(item.idempotencyKey)") else {
                throw StoreError.notFound("outbox item \(item.idempotencyKey)")
            }
            return try Self.outboxItem(row)
        }
    }

    /// `FOR UPDATE SKIP LOCKED`: several nodes claim at once, each gets different items, nobody waits. A row another
    /// claimer locked is skipped; one it already claimed and committed no longer matches (its lease is in the future).
    public func claimDue(now: Date, limit: Int, lease: TimeInterval) async throws -> [OutboxItem] {
        let leaseEnd = (now + lease).storageValue
        let rows = try await write { db in
            try await db.rows("""
                WITH due AS (
                    SELECT id, next_attempt_at AS due_at FROM outbox
                    WHERE state IN ('pending', 'in_flight') AND next_attempt_at <= \(now.storageValue)
                    ORDER BY next_attempt_at, id LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE outbox SET state = 'in_flight', next_attempt_at = \(leaseEnd), attempts = outbox.attempts + 1
                FROM due WHERE outbox.id = due.id
                RETURNING outbox.*, due.due_at
                """).map { row in (dueAt: try row["due_at"] as Double, item: try Self.outboxItem(row)) }
        }
        return rows.sorted { ($0.dueAt, $0.item.id) < ($1.dueAt, $1.item.id) }.map(\.item)
    }

    public func record(_ transition: OutboxTransition, for id: Int64, at date: Date, appending events: [DomainEvent]) async throws {
        try await write { db in
            let updated: Row?
            switch transition {
            case .sent(let platformMessageID):
                updated = try await db.row("""
                    UPDATE outbox SET state = 'sent', platform_message_id = \(platformMessageID), finished_at = \(date.storageValue),
                        last_error = NULL
                    WHERE id = \(id) RETURNING message_id
                    """)
            case .retry(let next, let error):
                updated = try await db.row("""
                    UPDATE outbox SET state = 'pending', next_attempt_at = \(next.storageValue), last_error = \(error)
                    WHERE id = \(id) RETURNING message_id
                    """)
            case .failed(let reason):
                updated = try await db.row("""
                    UPDATE outbox SET state = 'failed', last_error = \(reason), finished_at = \(date.storageValue)
                    WHERE id = \(id) RETURNING message_id
                    """)
            case .denied(let reason):
                updated = try await db.row("""
                    UPDATE outbox SET state = 'denied', last_error = \(reason), finished_at = \(date.storageValue)
                    WHERE id = \(id) RETURNING message_id
                    """)
            }
            guard let updated else { throw StoreError.notFound("outbox item \(id)") }
            var all = events
            if let messageID: String = try updated["message_id"] {
                all += try await Self.followDelivery(of: messageID, transition, db: db)
            }
            try await Self.append(all, at: date, into: db)
        }
    }

    public func outboxItem(_ id: Int64) async throws -> OutboxItem? {
        try await read { db in try await db.row("SELECT * FROM outbox WHERE id = \(id)").map(Self.outboxItem) }
    }

    public func nextDueDate() async throws -> Date? {
        try await read { db in
            try await db.value("SELECT min(next_attempt_at) FROM outbox WHERE state IN ('pending', 'in_flight')", as: Double.self)
                .map(Date.init(storageValue:))
        }
    }

    public func outboxStatistics() async throws -> OutboxStatistics {
        try await read { db in
            var counts: [String: Int] = [:]
            for row in try await db.rows("SELECT state, count(*) AS n FROM outbox GROUP BY state") {
                counts[try row["state"]] = try row["n"]
            }
            return OutboxStatistics(pending: counts["pending"] ?? 0, inFlight: counts["in_flight"] ?? 0,
                                    sent: counts["sent"] ?? 0, failed: counts["failed"] ?? 0, denied: counts["denied"] ?? 0)
        }
    }

    static func outboxItem(_ row: Row) throws -> OutboxItem {
        let channelText: String = try row["channel"]
        let headers = try JSONDecoder().decode([String: String].self, from: try row["headers"] as Data)
        return OutboxItem(
            id: try row["id"],
            channel: ChannelKey(channelText) ?? ChannelKey(kind: .open, accountID: channelText),
            idempotencyKey: try row["idempotency_key"],
            request: OutboundRequest(method: try row["method"], path: try row["path"], headers: headers, body: try row["body"]),
            state: OutboxItem.State(rawValue: try row["state"]) ?? .failed,
            attempts: try row["attempts"],
            createdAt: try row.date("created_at"),
            nextAttemptAt: try row.date("next_attempt_at"),
            deadline: try row.date("deadline"),
            lastError: try row["last_error"],
            platformMessageID: try row["platform_message_id"],
            finishedAt: try row.optionalDate("finished_at"),
            messageID: (try row["message_id"] as String?).map { Message.ID($0) })
    }
}

extension PostgresStore {
    public func pendingRetries(of messages: [Message.ID]) async throws -> [Message.ID: PendingRetry] {
        guard !messages.isEmpty else { return [:] }
        return try await read { db in
            var retries: [Message.ID: PendingRetry] = [:]
            for row in try await db.rows("""
                SELECT message_id, next_attempt_at, last_error FROM outbox
                WHERE message_id = ANY(\(messages.map(\.rawValue))::text[]) AND state IN ('pending', 'in_flight')
                  AND attempts > 0 AND last_error IS NOT NULL
                """) {
                retries[.init(try row["message_id"] as String)] = PendingRetry(at: try row.date("next_attempt_at"), reason: try row["last_error"])
            }
            return retries
        }
    }
}
