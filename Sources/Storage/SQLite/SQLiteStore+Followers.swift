import Domain
import Foundation
import GRDB

extension SQLiteStore {
    public func applyFollows(_ changes: [FollowChange]) async throws -> [FollowChange] {
        guard !changes.isEmpty else { return [] }
        return try await pool.write { db in
            try changes.filter { change in
                try db.execute(sql: """
                    INSERT INTO channel_followers (channel, person, follows, changed_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (channel, person) DO UPDATE SET follows = excluded.follows, changed_at = excluded.changed_at
                    WHERE excluded.changed_at > channel_followers.changed_at
                    """, arguments: [change.channel.description, change.person, change.follows, change.at.storageValue])
                guard db.changesCount > 0 else { return false }
                // The contact shows it too ("follows the company"); with several accounts, the latest change.
                try db.execute(sql: """
                    UPDATE contacts SET follows_company = ? WHERE id = (
                        SELECT contact_id FROM identities WHERE platform = ? AND scope IN ('', ?) AND external_id = ?)
                    """, arguments: [change.follows, change.channel.kind.platform.rawValue, change.channel.accountID, change.person])
                return true
            }
        }
    }

    public func follows(_ person: String, on channel: ChannelKey) async throws -> Bool? {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT follows FROM channel_followers WHERE channel = ? AND person = ?",
                              arguments: [channel.description, person])
        }
    }
}
