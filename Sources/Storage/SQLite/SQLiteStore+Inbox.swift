import Domain
import Foundation
import GRDB

/// The inbox's rows live in their own file (`inbox`, see `SQLiteInboxFile`); how far they were processed lives in the
/// main file (`inbox_progress`), moved in the transaction that appends what processing produced.
extension SQLiteStore: InboxStore {
    public func commit(_ deliveries: [InboundDelivery]) async throws -> [CommitResult] {
        try await inbox.write { db in try Self.insert(deliveries, into: db) }
    }

    static func insert(_ deliveries: [InboundDelivery], into db: Database) throws -> [CommitResult] {
        let insertDelivery = try db.cachedStatement(sql: """
            INSERT INTO deliveries (source, received_at, body, event_count, poison_reason) VALUES (?, ?, ?, ?, ?)
            """)
        let insertEvent = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO inbox_events
                (delivery_id, channel, dedupe_key, category, occurred_at, received_at, event_index)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let dropBody = try db.cachedStatement(sql: "UPDATE deliveries SET body = ? WHERE id = ?")
        var results: [CommitResult] = []
        results.reserveCapacity(deliveries.count)
        for delivery in deliveries {
            let events: [InboxEvent]
            let poisonReason: String?
            switch delivery.content {
            case .events(let list): (events, poisonReason) = (list, nil)
            case .poison(let reason): (events, poisonReason) = ([], reason)
            }
            try insertDelivery.execute(arguments: [
                delivery.source.rawValue, delivery.receivedAt.storageValue, delivery.body, events.count, poisonReason,
            ])
            let deliveryID = db.lastInsertedRowID
            var new = 0
            for event in events {
                try insertEvent.execute(arguments: [
                    deliveryID, event.channel.description, event.dedupeKey, event.category.rawValue,
                    event.occurredAt?.storageValue, delivery.receivedAt.storageValue, event.index,
                ])
                new += db.changesCount
            }
            // A retry: in the same transaction, so its clear text is never committed (secure_delete zeroes the bytes).
            if new == 0, !events.isEmpty {
                try dropBody.execute(arguments: [RedeliveredBody.record(replacing: delivery.body.count), deliveryID])
            }
            results.append(CommitResult(deliveryID: deliveryID, newEvents: new, duplicates: events.count - new,
                                        poison: poisonReason != nil))
        }
        return results
    }

    public func pendingEvents(after afterID: Int64, limit: Int) async throws -> [StoredInboxEvent] {
        let progress = try await inboxProgress()
        return try await inbox.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM inbox_events WHERE id > ? ORDER BY id LIMIT ?",
                             arguments: [max(afterID, progress.through), limit]).map { Self.inboxEvent($0, processed: nil) }
        }
    }

    /// The processor hands its batches in id order, so the progress moves to the batch's last id.
    public func markProcessed(_ ids: [Int64], at date: Date, appending events: [DomainEvent]) async throws {
        try await pool.write { db in
            if let last = ids.max() {
                try db.execute(sql: """
                    UPDATE inbox_progress SET processed_through = max(processed_through, ?), processed_at = ?
                    """, arguments: [last, date.storageValue])
            }
            try Self.append(events, at: date, into: db)
        }
    }

    /// "Processed through event N", and when the progress last moved.
    func inboxProgress() async throws -> (through: Int64, at: Date?) {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT processed_through, processed_at FROM inbox_progress")
            let at: Double? = row?["processed_at"]
            return (row?["processed_through"] ?? 0, at.map(Date.init(storageValue:)))
        }
    }

    public func inboxStatistics() async throws -> InboxStatistics {
        let progress = try await inboxProgress()
        return try await inbox.read { db in
            let pending = try Row.fetchOne(db, sql: """
                SELECT count(*) AS n, min(received_at) AS oldest FROM inbox_events WHERE id > ?
                """, arguments: [progress.through])
            let poison = try Int.fetchOne(db, sql: "SELECT count(*) FROM deliveries WHERE poison_reason IS NOT NULL") ?? 0
            let oldest: Double? = pending?["oldest"]
            return InboxStatistics(pending: pending?["n"] ?? 0, oldestPendingReceivedAt: oldest.map(Date.init(storageValue:)),
                                   poisonDeliveries: poison)
        }
    }

    /// A processed event's `processedAt` is when the progress last moved past it or later (SQLite keeps one time).
    public func inboxEvents(channel: ChannelKey) async throws -> [StoredInboxEvent] {
        let progress = try await inboxProgress()
        return try await inbox.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM inbox_events WHERE channel = ? ORDER BY id", arguments: [channel.description]).map { row in
                let id: Int64 = row["id"]
                return Self.inboxEvent(row, processed: id <= progress.through ? progress.at : nil)
            }
        }
    }

    public func lastInboxEvent(channel: ChannelKey) async throws -> Date? {
        try await inbox.read { db in
            try Double.fetchOne(db, sql: "SELECT MAX(received_at) FROM inbox_events WHERE channel = ?", arguments: [channel.description])
                .map(Date.init(storageValue:))
        }
    }

    public func inboxEventDeliveries(_ keys: [InboxEventKey]) async throws -> [InboxEventKey: Int64] {
        try await inbox.read { db in
            let statement = try db.cachedStatement(sql: "SELECT delivery_id FROM inbox_events WHERE channel = ? AND dedupe_key = ?")
            var found: [InboxEventKey: Int64] = [:]
            for key in Set(keys) {
                found[key] = try Int64.fetchOne(statement, arguments: [key.channel.description, key.dedupeKey])
            }
            return found
        }
    }

    public func redactDelivery(_ id: Int64, body: Data) async throws {
        try await inbox.write { db in
            try db.execute(sql: "UPDATE deliveries SET body = ? WHERE id = ?", arguments: [body, id])
        }
    }

    public func deliveries(_ ids: [Int64]) async throws -> [Int64: StoredDelivery] {
        try await inbox.read { db in
            let statement = try db.cachedStatement(sql: "SELECT id, source, received_at, body, event_count FROM deliveries WHERE id = ?")
            var found: [Int64: StoredDelivery] = [:]
            for id in Set(ids) {
                if let row = try Row.fetchOne(statement, arguments: [id]) {
                    found[id] = StoredDelivery(id: row["id"], source: WebhookSource(rawValue: row["source"]) ?? .open,
                                               receivedAt: Date(storageValue: row["received_at"]), body: row["body"],
                                               eventCount: row["event_count"])
                }
            }
            return found
        }
    }

    public func poisonDeliveries(limit: Int) async throws -> [PoisonDelivery] {
        try await inbox.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, source, received_at, poison_reason, body FROM deliveries
                WHERE poison_reason IS NOT NULL ORDER BY id DESC LIMIT ?
                """, arguments: [limit]).map { row in
                PoisonDelivery(id: row["id"], source: WebhookSource(rawValue: row["source"]) ?? .open,
                               receivedAt: Date(storageValue: row["received_at"]), reason: row["poison_reason"], body: row["body"])
            }
        }
    }

    static func inboxEvent(_ row: Row, processed: Date?) -> StoredInboxEvent {
        let channelText: String = row["channel"]
        let occurred: Double? = row["occurred_at"]
        let event = InboxEvent(
            channel: ChannelKey(channelText) ?? ChannelKey(kind: .open, accountID: channelText),
            dedupeKey: row["dedupe_key"],
            category: InboxEvent.Category(rawValue: row["category"]) ?? .unknown,
            occurredAt: occurred.map(Date.init(storageValue:)),
            index: row["event_index"])
        return StoredInboxEvent(id: row["id"], deliveryID: row["delivery_id"], event: event,
                                processedAt: processed)
    }
}
