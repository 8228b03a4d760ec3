import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    @discardableResult
    public func queueMediaFetches(now: Date, limit: Int) async throws -> Int {
        try await write(retryingConflicts: true) { db in
            let rows = try await db.rows("""
                SELECT m.id, m.channel, m.attachments FROM messages m
                WHERE m.direction = 'inbound' AND m.attachments <> '\\x5b5d'::bytea
                  AND NOT EXISTS (SELECT 1 FROM media_fetches f WHERE f.message_id = m.id)
                ORDER BY m.seq LIMIT \(limit)
                """)
            for row in rows {
                let messageID = Message.ID(try row["id"] as String)
                let channel: String = try row["channel"]
                let attachments = (try? JSONDecoder().decode([Attachment].self, from: try row["attachments"] as Data)) ?? []
                for queued in MediaQueueRow.rows(messageID, channel: channel, attachments: attachments) {
                    try await db.execute("""
                        INSERT INTO media_fetches (id, message_id, position, channel, source, state, reason, created_at, next_attempt_at)
                        VALUES (\(queued.id.rawValue), \(messageID.rawValue), \(queued.position), \(channel), \(queued.source),
                                \(queued.state.rawValue), \(queued.reason), \(now.storageValue), \(now.storageValue))
                        ON CONFLICT DO NOTHING
                        """)
                }
            }
            return rows.count
        }
    }

    public func claimMediaFetches(now: Date, leaseUntil: Date, limit: Int) async throws -> [MediaFetch] {
        try await write { db in
            // SKIP LOCKED: two nodes sweeping at once take different fetches.
            let fetches = try await db.rows("""
                SELECT f.id, f.message_id, m.interaction_id, f.position, f.channel, f.source, f.state, f.reason, f.file, f.mime_type,
                       f.size, f.attempts, f.created_at
                FROM media_fetches f JOIN messages m ON m.id = f.message_id
                WHERE f.state = 'pending' AND f.next_attempt_at <= \(now.storageValue)
                ORDER BY f.next_attempt_at, f.id LIMIT \(limit)
                FOR UPDATE OF f SKIP LOCKED
                """).map(Self.mediaFetch)
            for fetch in fetches {
                try await db.execute("UPDATE media_fetches SET next_attempt_at = \(leaseUntil.storageValue) WHERE id = \(fetch.id.rawValue)")
            }
            return fetches
        }
    }

    public func recordMediaFetch(_ id: MediaFetch.ID, _ outcome: MediaFetchOutcome, at now: Date) async throws {
        let change = MediaQueueRow.change(outcome, now: now)
        try await write { db in
            try await db.execute("""
                UPDATE media_fetches SET state = \(change.state.rawValue), reason = \(change.reason), file = \(change.file),
                    mime_type = COALESCE(\(change.mimeType), mime_type), size = \(change.size), attempts = attempts + 1,
                    next_attempt_at = \(change.nextAttemptAt.storageValue)
                WHERE id = \(id.rawValue) AND state = 'pending'
                """)
        }
    }

    public func mediaFetch(_ id: MediaFetch.ID) async throws -> MediaFetch? {
        try await read { db in
            try await db.row("""
                SELECT f.id, f.message_id, m.interaction_id, f.position, f.channel, f.source, f.state, f.reason, f.file, f.mime_type,
                       f.size, f.attempts, f.created_at
                FROM media_fetches f JOIN messages m ON m.id = f.message_id WHERE f.id = \(id.rawValue)
                """).map(Self.mediaFetch)
        }
    }

    public func mediaFetches(of interaction: Interaction.ID) async throws -> [MediaFetch] {
        try await read { db in
            try await db.rows("""
                SELECT f.id, f.message_id, m.interaction_id, f.position, f.channel, f.source, f.state, f.reason, f.file, f.mime_type,
                       f.size, f.attempts, f.created_at
                FROM media_fetches f JOIN messages m ON m.id = f.message_id
                WHERE m.interaction_id = \(interaction.rawValue) ORDER BY f.message_id, f.position
                """).map(Self.mediaFetch)
        }
    }

    public func storedMediaBytes() async throws -> Int {
        try await read { db in
            Int(try await db.value("SELECT COALESCE(SUM(size), 0)::bigint FROM media_fetches WHERE state = 'stored'", as: Int64.self) ?? 0)
        }
    }

    private static func mediaFetch(_ row: Row) throws -> MediaFetch {
        MediaFetch(id: .init(try row["id"] as String), messageID: .init(try row["message_id"] as String),
                   interactionID: .init(try row["interaction_id"] as String), position: Int(try row["position"] as Int64),
                   channel: ChannelKey(try row["channel"] as String) ?? ChannelKey(kind: .open, accountID: ""), source: try row["source"],
                   state: MediaFetch.State(rawValue: try row["state"]) ?? .failed, reason: try row["reason"], file: try row["file"],
                   mimeType: try row["mime_type"], size: (try row["size"] as Int64?).map(Int.init), attempts: Int(try row["attempts"] as Int64),
                   createdAt: try row.date("created_at"))
    }
}
