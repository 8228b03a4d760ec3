import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: InboxStore {
    /// The group commit: the whole batch in one transaction and a handful of statements whatever its size —
    /// delivery ids drawn up front, then one multi-row INSERT for the deliveries and one for their events. The
    /// unique key (channel, dedupe_key) drops redeliveries and repeats inside the batch (`ON CONFLICT DO NOTHING`
    /// keeps the first, in batch order). Any failure rolls the whole batch back.
    public func commit(_ deliveries: [InboundDelivery]) async throws -> [CommitResult] {
        guard !deliveries.isEmpty else { return [] }
        return try await write { db in
            let ids = try await db.rows("SELECT nextval('deliveries_id_seq') FROM generate_series(1, \(deliveries.count))")
                .map { try $0[0] as Int64 }.sorted()
            var batch = InboxBatch()
            for (id, delivery) in zip(ids, deliveries) { batch.add(delivery, id: id) }
            try await db.execute("""
                INSERT INTO deliveries (id, source, received_at, body, event_count, poison_reason)
                SELECT id, source, received_at, body, event_count, CASE WHEN poisoned THEN reason END
                FROM unnest(\(ids)::bigint[], \(batch.sources)::text[], \(batch.receivedAt)::float8[], \(batch.bodies)::bytea[],
                            \(batch.eventCounts)::bigint[], \(batch.poisoned)::bool[], \(batch.reasons)::text[])
                    AS d(id, source, received_at, body, event_count, poisoned, reason)
                """)
            let stored = try await db.rows("""
                INSERT INTO inbox_events (delivery_id, channel, dedupe_key, category, occurred_at, received_at, event_index)
                SELECT delivery_id, channel, dedupe_key, category, CASE WHEN has_occurred THEN occurred_at END, received_at,
                       event_index
                FROM unnest(\(batch.events.deliveryIDs)::bigint[], \(batch.events.channels)::text[],
                            \(batch.events.dedupeKeys)::text[], \(batch.events.categories)::text[],
                            \(batch.events.hasOccurredAt)::bool[], \(batch.events.occurredAt)::float8[],
                            \(batch.events.receivedAt)::float8[], \(batch.events.indexes)::bigint[]) WITH ORDINALITY
                    AS e(delivery_id, channel, dedupe_key, category, has_occurred, occurred_at, received_at, event_index, ord)
                ORDER BY ord
                ON CONFLICT (channel, dedupe_key) DO NOTHING
                RETURNING delivery_id
                """)
            var new: [Int64: Int] = [:]
            for row in stored { new[try row[0] as Int64, default: 0] += 1 }
            // Retries (every event stored before) keep their row, not their body: same transaction, no later step.
            let retried = zip(ids, deliveries).filter { id, delivery in !delivery.events.isEmpty && new[id] == nil }
            if !retried.isEmpty {
                let records = retried.map { ByteBuffer(bytes: RedeliveredBody.record(replacing: $0.1.body.count)) }
                try await db.execute("""
                    UPDATE deliveries SET body = r.body FROM unnest(\(retried.map(\.0))::bigint[], \(records)::bytea[]) AS r(id, body)
                    WHERE deliveries.id = r.id
                    """)
            }
            return zip(ids, deliveries).map { id, delivery in
                let total = delivery.events.count
                let fresh = new[id] ?? 0
                return CommitResult(deliveryID: id, newEvents: fresh, duplicates: total - fresh, poison: delivery.poisonReason != nil)
            }
        }
    }

    public func pendingEvents(after afterID: Int64, limit: Int) async throws -> [StoredInboxEvent] {
        try await read { db in
            try await db.rows("""
                SELECT * FROM inbox_events WHERE processed_at IS NULL AND id > \(afterID) ORDER BY id LIMIT \(limit)
                """).map(Self.inboxEvent)
        }
    }

    public func markProcessed(_ ids: [Int64], at date: Date, appending events: [DomainEvent]) async throws {
        try await write { db in
            try await db.execute("UPDATE inbox_events SET processed_at = \(date.storageValue) WHERE id = ANY(\(ids)::bigint[])")
            try await Self.append(events, at: date, into: db)
        }
    }

    public func inboxStatistics() async throws -> InboxStatistics {
        try await read { db in
            let pending = try await db.row("""
                SELECT count(*) AS n, min(received_at) AS oldest FROM inbox_events WHERE processed_at IS NULL
                """)
            let poison = try await db.value("SELECT count(*) FROM deliveries WHERE poison_reason IS NOT NULL", as: Int.self) ?? 0
            return InboxStatistics(pending: try pending?["n"] ?? 0, oldestPendingReceivedAt: try pending?.optionalDate("oldest"),
                                   poisonDeliveries: poison)
        }
    }

    public func inboxEvents(channel: ChannelKey) async throws -> [StoredInboxEvent] {
        try await read { db in
            try await db.rows("SELECT * FROM inbox_events WHERE channel = \(channel.description) ORDER BY id").map(Self.inboxEvent)
        }
    }

    public func lastInboxEvent(channel: ChannelKey) async throws -> Date? {
        try await read { db in
            try await db.row("SELECT max(received_at) AS newest FROM inbox_events WHERE channel = \(channel.description)")?.optionalDate("newest")
        }
    }

    public func inboxEventDeliveries(_ keys: [InboxEventKey]) async throws -> [InboxEventKey: Int64] {
        let unique = Array(Set(keys))
        guard !unique.isEmpty else { return [:] }
        return try await read { db in
            let byText = Dictionary(unique.map { ("\($0.channel.description)\u{0}\($0.dedupeKey)", $0) }, uniquingKeysWith: { first, _ in first })
            var found: [InboxEventKey: Int64] = [:]
            for row in try await db.rows("""
                SELECT e.channel, e.dedupe_key, e.delivery_id FROM inbox_events e
                JOIN unnest(\(unique.map(\.channel.description))::text[], \(unique.map(\.dedupeKey))::text[]) AS k(channel, dedupe_key)
                    ON e.channel = k.channel AND e.dedupe_key = k.dedupe_key
                """) {
                let channel: String = try row["channel"]
                let dedupeKey: String = try row["dedupe_key"]
                if let key = byText["\(channel)\u{0}\(dedupeKey)"] { found[key] = try row["delivery_id"] }
            }
            return found
        }
    }

    public func redactDelivery(_ id: Int64, body: Data) async throws {
        try await write { db in
            try await db.execute("UPDATE deliveries SET body = \(body) WHERE id = \(id)")
        }
    }

    public func deliveries(_ ids: [Int64]) async throws -> [Int64: StoredDelivery] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            var found: [Int64: StoredDelivery] = [:]
            for row in try await db.rows("""
                SELECT id, source, received_at, body, event_count FROM deliveries WHERE id = ANY(\(Array(Set(ids)))::bigint[])
                """) {
                let id: Int64 = try row["id"]
                found[id] = StoredDelivery(id: id, source: WebhookSource(rawValue: try row["source"]) ?? .open,
                                           receivedAt: try row.date("received_at"), body: try row["body"],
                                           eventCount: Int(try row["event_count"] as Int64))
            }
            return found
        }
    }

    public func poisonDeliveries(limit: Int) async throws -> [PoisonDelivery] {
        try await read { db in
            try await db.rows("""
                SELECT id, source, received_at, poison_reason, body FROM deliveries
                WHERE poison_reason IS NOT NULL ORDER BY id DESC LIMIT \(limit)
                """).map { row in
                PoisonDelivery(id: try row["id"], source: WebhookSource(rawValue: try row["source"]) ?? .open,
                               receivedAt: try row.date("received_at"), reason: try row["poison_reason"], body: try row["body"])
            }
        }
    }

    static func inboxEvent(_ row: Row) throws -> StoredInboxEvent {
        let channelText: String = try row["channel"]
        let event = InboxEvent(
            channel: ChannelKey(channelText) ?? ChannelKey(kind: .open, accountID: channelText),
            dedupeKey: try row["dedupe_key"],
            category: InboxEvent.Category(rawValue: try row["category"]) ?? .unknown,
            occurredAt: try row.optionalDate("occurred_at"),
            index: try row["event_index"])
        return StoredInboxEvent(id: try row["id"], deliveryID: try row["delivery_id"], event: event,
                                processedAt: try row.optionalDate("processed_at"))
    }
}

/// A batch of deliveries as columns, one array per column, for `unnest`. Nullable columns travel as a value plus a
/// "present" flag (postgres-nio arrays have no NULL elements).
private struct InboxBatch {
    var sources: [String] = []
    var receivedAt: [Double] = []
    var bodies: [ByteBuffer] = []
    var eventCounts: [Int64] = []
    var poisoned: [Bool] = []
    var reasons: [String] = []
    var events = Events()

    struct Events {
        var deliveryIDs: [Int64] = []
        var channels: [String] = []
        var dedupeKeys: [String] = []
        var categories: [String] = []
        var hasOccurredAt: [Bool] = []
        var occurredAt: [Double] = []
        var receivedAt: [Double] = []
        var indexes: [Int64] = []
    }

    mutating func add(_ delivery: InboundDelivery, id: Int64) {
        let list = delivery.events
        sources.append(delivery.source.rawValue)
        receivedAt.append(delivery.receivedAt.storageValue)
        bodies.append(ByteBuffer(bytes: delivery.body))
        eventCounts.append(Int64(list.count))
        poisoned.append(delivery.poisonReason != nil)
        reasons.append(delivery.poisonReason ?? "")
        for event in list {
            events.deliveryIDs.append(id)
            events.channels.append(event.channel.description)
            events.dedupeKeys.append(event.dedupeKey)
            events.categories.append(event.category.rawValue)
            events.hasOccurredAt.append(event.occurredAt != nil)
            events.occurredAt.append(event.occurredAt?.storageValue ?? 0)
            events.receivedAt.append(delivery.receivedAt.storageValue)
            events.indexes.append(Int64(event.index))
        }
    }
}

extension InboundDelivery {
    var events: [InboxEvent] {
        if case .events(let list) = content { return list }
        return []
    }

    var poisonReason: String? {
        if case .poison(let reason) = content { return reason }
        return nil
    }
}
