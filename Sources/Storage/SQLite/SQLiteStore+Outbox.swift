import Domain
import Foundation
import GRDB

extension SQLiteStore: OutboxStore {
    public func enqueue(_ item: NewOutboxItem) async throws -> OutboxItem {
        try await pool.write { db in
            let headers = try JSONEncoder().encode(item.request.headers)
            try db.execute(sql: """
                INSERT OR IGNORE INTO outbox (channel, idempotency_key, method, path, headers, body, state, attempts,
                                              created_at, next_attempt_at, deadline)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)
                """, arguments: [
                    item.channel.description, item.idempotencyKey, item.request.method, item.request.path, headers,
                    item.request.body, item.createdAt.storageValue, item.createdAt.storageValue, item.deadline.storageValue,
                ])
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE idempotency_key = ?",
                                             arguments: [item.idempotencyKey]) else {
                throw StoreError.notFound("outbox item \(item.idempotencyKey)")
            }
            return try Self.outboxItem(row)
        }
    }

    public func claimDue(now: Date, limit: Int, lease: TimeInterval) async throws -> [OutboxItem] {
        try await pool.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM outbox WHERE state IN ('pending', 'in_flight') AND next_attempt_at <= ?
                ORDER BY next_attempt_at, id LIMIT ?
                """, arguments: [now.storageValue, limit])
            let claim = try db.cachedStatement(sql: """
                UPDATE outbox SET state = 'in_flight', next_attempt_at = ?, attempts = attempts + 1 WHERE id = ?
                """)
            return try rows.map { row in
                var item = try Self.outboxItem(row)
                try claim.execute(arguments: [(now + lease).storageValue, item.id])
                item.state = .inFlight
                item.attempts += 1
                item.nextAttemptAt = now + lease
                return item
            }
        }
    }

    public func record(_ transition: OutboxTransition, for id: Int64, at date: Date, appending events: [DomainEvent]) async throws {
        try await pool.write { db in
            switch transition {
            case .sent(let platformMessageID):
                try db.execute(sql: """
                    UPDATE outbox SET state = 'sent', platform_message_id = ?, finished_at = ?, last_error = NULL WHERE id = ?
                    """, arguments: [platformMessageID, date.storageValue, id])
            case .retry(let next, let error):
                try db.execute(sql: "UPDATE outbox SET state = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?",
                               arguments: [next.storageValue, error, id])
            case .failed(let reason):
                try db.execute(sql: "UPDATE outbox SET state = 'failed', last_error = ?, finished_at = ? WHERE id = ?",
                               arguments: [reason, date.storageValue, id])
            case .denied(let reason):
                try db.execute(sql: "UPDATE outbox SET state = 'denied', last_error = ?, finished_at = ? WHERE id = ?",
                               arguments: [reason, date.storageValue, id])
            }
            guard db.changesCount == 1 else { throw StoreError.notFound("outbox item \(id)") }
            try Self.append(events, at: date, into: db)
            try Self.followDelivery(of: id, transition, at: date, db: db)
        }
    }

    public func outboxItem(_ id: Int64) async throws -> OutboxItem? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id]).map(Self.outboxItem)
        }
    }

    public func nextDueDate() async throws -> Date? {
        try await pool.read { db in
            try Double.fetchOne(db, sql: """
                SELECT min(next_attempt_at) FROM outbox WHERE state IN ('pending', 'in_flight')
                """).map(Date.init(storageValue:))
        }
    }

    public func outboxStatistics() async throws -> OutboxStatistics {
        try await pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM outbox GROUP BY state") {
                counts[row["state"]] = row["n"]
            }
            return OutboxStatistics(pending: counts["pending"] ?? 0, inFlight: counts["in_flight"] ?? 0,
                                    sent: counts["sent"] ?? 0, failed: counts["failed"] ?? 0, denied: counts["denied"] ?? 0)
        }
    }

    static func outboxItem(_ row: Row) throws -> OutboxItem {
        let channelText: String = row["channel"]
        let headers = try JSONDecoder().decode([String: String].self, from: row["headers"] as Data)
        let finished: Double? = row["finished_at"]
        return OutboxItem(
            id: row["id"],
            channel: ChannelKey(channelText) ?? ChannelKey(kind: .open, accountID: channelText),
            idempotencyKey: row["idempotency_key"],
            request: OutboundRequest(method: row["method"], path: row["path"], headers: headers, body: row["body"]),
            state: OutboxItem.State(rawValue: row["state"]) ?? .failed,
            attempts: row["attempts"],
            createdAt: Date(storageValue: row["created_at"]),
            nextAttemptAt: Date(storageValue: row["next_attempt_at"]),
            deadline: Date(storageValue: row["deadline"]),
            lastError: row["last_error"],
            platformMessageID: row["platform_message_id"],
            finishedAt: finished.map(Date.init(storageValue:)),
            messageID: (row["message_id"] as String?).map { Message.ID($0) })
    }
}

extension SQLiteStore {
    public func pendingRetries(of messages: [Message.ID]) async throws -> [Message.ID: PendingRetry] {
        guard !messages.isEmpty else { return [:] }
        return try await pool.read { db in
            var retries: [Message.ID: PendingRetry] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT message_id, next_attempt_at, last_error FROM outbox
                WHERE message_id IN (\(databaseQuestionMarks(count: messages.count))) AND state IN ('pending', 'in_flight')
                  AND attempts > 0 AND last_error IS NOT NULL
                """, arguments: StatementArguments(messages.map(\.rawValue))) {
                retries[.init(row["message_id"] as String)] = PendingRetry(at: Date(storageValue: row["next_attempt_at"]), reason: row["last_error"])
            }
            return retries
        }
    }
}
