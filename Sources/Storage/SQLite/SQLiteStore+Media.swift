import Domain
import Foundation
import GRDB

extension SQLiteStore {
    @discardableResult
    public func queueMediaFetches(now: Date, limit: Int) async throws -> Int {
        try await pool.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT m.id, m.interaction_id, m.channel, m.attachments FROM messages m
                WHERE m.direction = 'inbound' AND m.attachments <> X'5B5D'
                  AND NOT EXISTS (SELECT 1 FROM media_fetches f WHERE f.message_id = m.id)
                ORDER BY m.rowid LIMIT ?
                """, arguments: [limit])
            for row in rows {
                let messageID = Message.ID(row["id"] as String)
                let channel = row["channel"] as String
                let attachments = (try? JSONDecoder().decode([Attachment].self, from: row["attachments"] as Data)) ?? []
                for row in MediaQueueRow.rows(messageID, channel: channel, attachments: attachments) {
                    try db.execute(sql: """
                        INSERT INTO media_fetches (id, message_id, position, channel, source, state, reason, created_at, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """, arguments: [row.id.rawValue, messageID.rawValue, row.position, channel, row.source, row.state.rawValue,
                                         row.reason, now.storageValue, now.storageValue])
                }
            }
            return rows.count
        }
    }

    public func claimMediaFetches(now: Date, leaseUntil: Date, limit: Int) async throws -> [MediaFetch] {
        try await pool.write { db in
            let fetches = try Row.fetchAll(db, sql: """
                \(Self.mediaSelect) WHERE f.state = 'pending' AND f.next_attempt_at <= ? ORDER BY f.next_attempt_at, f.id LIMIT ?
                """, arguments: [now.storageValue, limit]).map(Self.mediaFetch)
            for fetch in fetches {
                try db.execute(sql: "UPDATE media_fetches SET next_attempt_at = ? WHERE id = ?", arguments: [leaseUntil.storageValue, fetch.id.rawValue])
            }
            return fetches
        }
    }

    public func recordMediaFetch(_ id: MediaFetch.ID, _ outcome: MediaFetchOutcome, at now: Date) async throws {
        let change = MediaQueueRow.change(outcome, now: now)
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE media_fetches SET state = ?, reason = ?, file = ?, mime_type = COALESCE(?, mime_type), size = ?,
                    attempts = attempts + 1, next_attempt_at = ?
                WHERE id = ? AND state = 'pending'
                """, arguments: [change.state.rawValue, change.reason, change.file, change.mimeType, change.size,
                                 change.nextAttemptAt.storageValue, id.rawValue])
        }
    }

    public func mediaFetch(_ id: MediaFetch.ID) async throws -> MediaFetch? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "\(Self.mediaSelect) WHERE f.id = ?", arguments: [id.rawValue]).map(Self.mediaFetch)
        }
    }

    public func mediaFetches(of interaction: Interaction.ID) async throws -> [MediaFetch] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "\(Self.mediaSelect) WHERE m.interaction_id = ? ORDER BY f.message_id, f.position",
                             arguments: [interaction.rawValue]).map(Self.mediaFetch)
        }
    }

    public func storedMediaBytes() async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) FROM media_fetches WHERE state = 'stored'") ?? 0
        }
    }

    private static let mediaSelect = """
        SELECT f.id, f.message_id, m.interaction_id, f.position, f.channel, f.source, f.state, f.reason, f.file, f.mime_type,
               f.size, f.attempts, f.created_at
        FROM media_fetches f JOIN messages m ON m.id = f.message_id
        """

    private static func mediaFetch(_ row: Row) -> MediaFetch {
        MediaFetch(id: .init(row["id"] as String), messageID: .init(row["message_id"] as String),
                   interactionID: .init(row["interaction_id"] as String), position: row["position"],
                   channel: ChannelKey(row["channel"] as String) ?? ChannelKey(kind: .open, accountID: ""), source: row["source"],
                   state: MediaFetch.State(rawValue: row["state"]) ?? .failed, reason: row["reason"], file: row["file"],
                   mimeType: row["mime_type"], size: row["size"], attempts: row["attempts"],
                   createdAt: Date(storageValue: row["created_at"]))
    }
}
