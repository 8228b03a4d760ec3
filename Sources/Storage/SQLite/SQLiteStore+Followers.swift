import Domain
import Foundation
import GRDB

extension SQLiteStore {
    public func applyFollows(_ changes: [FollowChange], at now: Date) async throws -> [FollowChange] {
        guard !changes.isEmpty else { return [] }
        return try await pool.write { db in
            var events: [DomainEvent] = []
            let applied = try changes.filter { change in
                try db.execute(sql: """
                    INSERT INTO channel_followers (channel, person, follows, changed_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (channel, person) DO UPDATE SET follows = excluded.follows, changed_at = excluded.changed_at
                    WHERE excluded.changed_at > channel_followers.changed_at
                    """, arguments: [change.channel.description, change.person, change.follows, change.at.storageValue])
                guard db.changesCount > 0 else { return false }
                let contact = try String.fetchOne(db, sql: """
                    SELECT contact_id FROM identities WHERE platform = ? AND scope IN ('', ?) AND external_id = ?
                    """, arguments: [change.channel.kind.platform.rawValue, change.channel.accountID, change.person])
                var body = FollowChanged(channel: change.channel.description, person: change.person, contactID: contact.map { .init($0) })
                if let contact {
                    // The contact shows it too ("follows the company"); with several accounts, the latest change.
                    try db.execute(sql: "UPDATE contacts SET follows_company = ? WHERE id = ?", arguments: [change.follows, contact])
                    let open = try Row.fetchAll(db, sql: """
                        SELECT id, assigned_agent_id FROM interactions WHERE contact_id = ? AND channel = ? AND state <> 'closed' ORDER BY id
                        """, arguments: [contact, change.channel.description])
                    body.interactions = open.map { .init($0["id"] as String) }
                    body.agentIDs = Array(Set(open.compactMap { ($0["assigned_agent_id"] as String?).map { User.ID($0) } })).sorted { $0.rawValue < $1.rawValue }
                }
                events.append(change.follows ? .contactFollowed(body) : .contactUnfollowed(body))
                return true
            }
            if !events.isEmpty { try Self.append(events, at: now, into: db) }
            return applied
        }
    }

    public func follows(_ person: String, on channel: ChannelKey) async throws -> Bool? {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT follows FROM channel_followers WHERE channel = ? AND person = ?",
                              arguments: [channel.description, person])
        }
    }
}
