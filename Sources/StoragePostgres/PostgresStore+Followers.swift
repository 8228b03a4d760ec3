import Domain
import Foundation
import Storage

extension PostgresStore {
    public func applyFollows(_ changes: [FollowChange], at now: Date) async throws -> [FollowChange] {
        guard !changes.isEmpty else { return [] }
        return try await write(retryingConflicts: true) { db in
            var applied: [FollowChange] = []
            var events: [DomainEvent] = []
            for change in changes {
                let row = try await db.row("""
                    INSERT INTO channel_followers (channel, person, follows, changed_at)
                    VALUES (\(change.channel.description), \(change.person), \(change.follows), \(change.at.storageValue))
                    ON CONFLICT (channel, person) DO UPDATE SET follows = excluded.follows, changed_at = excluded.changed_at
                    WHERE excluded.changed_at > channel_followers.changed_at
                    RETURNING 1 AS applied
                    """)
                guard row != nil else { continue }
                applied.append(change)
                let contact = try await db.value("""
                    SELECT contact_id FROM identities WHERE platform = \(change.channel.kind.platform.rawValue)
                      AND scope IN ('', \(change.channel.accountID)) AND external_id = \(change.person) LIMIT 1
                    """, as: String.self)
                var body = FollowChanged(channel: change.channel.description, person: change.person, contactID: contact.map { .init($0) })
                if let contact {
                    // The contact shows it too ("follows the company"); with several accounts, the latest change.
                    try await db.execute("UPDATE contacts SET follows_company = \(change.follows) WHERE id = \(contact)")
                    let open = try await db.rows("""
                        SELECT id, assigned_agent_id FROM interactions
                        WHERE contact_id = \(contact) AND channel = \(change.channel.description) AND state <> 'closed' ORDER BY id
                        """)
                    body.interactions = try open.map { .init(try $0["id"] as String) }
                    body.agentIDs = Array(Set(try open.compactMap { (try $0["assigned_agent_id"] as String?).map { User.ID($0) } })).sorted { $0.rawValue < $1.rawValue }
                }
                events.append(change.follows ? .contactFollowed(body) : .contactUnfollowed(body))
            }
            if !events.isEmpty { _ = try await Self.append(events, at: now, into: db) }
            return applied
        }
    }

    public func follows(_ person: String, on channel: ChannelKey) async throws -> Bool? {
        try await read { db in
            try await db.row("SELECT follows FROM channel_followers WHERE channel = \(channel.description) AND person = \(person)")
                .map { try $0["follows"] as Bool }
        }
    }
}
