import Domain
import Foundation
import PostgresNIO
import Storage

/// Where SQLite's single writer serializes merges, here row locks do: a merge or unmerge takes both contacts
/// `FOR NO KEY UPDATE`, in id order, before checking anything, so two merges sharing a contact run one after the
/// other and the second sees the first's outcome. Ingest reads an author's identity `FOR SHARE`: a merge moving
/// that identity waits for the message's transaction (and then moves its new interaction too), or the message
/// waits for the merge and lands on the kept contact.
extension PostgresStore: ContactStore {
    public func link(_ identity: Identity, to contact: Contact.ID) async throws -> Contact {
        try await write(retryingConflicts: true) { db in
            guard try await db.row("SELECT id FROM contacts WHERE id = \(contact.rawValue) FOR SHARE") != nil else {
                throw ContactError.notFound(contact)
            }
            try await Self.requireUnmerged(contact, db: db)
            let key = identity.key
            if let owner = try await db.value("""
                SELECT contact_id FROM identities WHERE platform = \(key.platform.rawValue) AND scope = \(key.scope) AND external_id = \(key.id)
                """, as: String.self) {
                guard owner == contact.rawValue else { throw ContactError.identityTaken(key, by: .init(owner)) }
                try await Self.updateIdentity(identity, db: db)
            } else {
                try await Self.insertIdentity(identity, of: contact, db: db)
            }
            return try await Self.contact(contact, db: db)!
        }
    }

    public func contactID(owning key: Identity.Key) async throws -> Contact.ID? {
        try await read { db in
            try await db.value("""
                SELECT contact_id FROM identities WHERE platform = \(key.platform.rawValue) AND scope = \(key.scope) AND external_id = \(key.id)
                """, as: String.self).map { Contact.ID($0) }
        }
    }

    public func merge(_ absorbed: Contact.ID, into kept: Contact.ID, by user: User.ID, at now: Date,
                      ids: any IDGenerator) async throws -> ContactMerge {
        guard absorbed != kept else { throw ContactError.sameContact(absorbed) }
        return try await write { db in
            try await Self.lock([absorbed, kept], db: db)
            try await Self.requireUnmerged(absorbed, db: db)
            try await Self.requireUnmerged(kept, db: db)
            let identities = try await db.rows("""
                WITH moved AS (
                    UPDATE identities SET contact_id = \(kept.rawValue) WHERE contact_id = \(absorbed.rawValue)
                    RETURNING platform, scope, external_id
                )
                SELECT * FROM moved ORDER BY platform, scope, external_id
                """).map { row in
                Identity.Key(platform: Platform(rawValue: try row["platform"]) ?? .open, scope: try row["scope"], id: try row["external_id"])
            }
            let interactions = try await db.rows("""
                WITH moved AS (
                    UPDATE interactions SET contact_id = \(kept.rawValue) WHERE contact_id = \(absorbed.rawValue) RETURNING id, created_at
                )
                SELECT id FROM moved ORDER BY created_at, id
                """).map { Interaction.ID(try $0["id"] as String) }
            let merge = ContactMerge(id: .init(ids.make()), absorbedID: absorbed, keptID: kept, mergedBy: user, mergedAt: now,
                                     identities: identities, interactions: interactions)
            try await db.execute("""
                INSERT INTO contact_merges (id, absorbed_id, kept_id, merged_by, merged_at, identities, interactions)
                VALUES (\(merge.id.rawValue), \(absorbed.rawValue), \(kept.rawValue), \(user.rawValue), \(now.storageValue),
                        \(try ContactMergeColumns.encode(identities)), \(try ContactMergeColumns.encode(interactions)))
                """)
            _ = try await Self.append([.contactMerged(ContactMergeEvent(merge, by: user))], at: now, into: db)
            return merge
        }
    }

    public func unmerge(_ id: ContactMerge.ID, by user: User.ID, at now: Date) async throws -> ContactMerge {
        try await write { db in
            guard var merge = try await db.row("SELECT * FROM contact_merges WHERE id = \(id.rawValue)").map(Self.contactMerge) else {
                throw ContactError.mergeNotFound(id)
            }
            try await Self.lock([merge.absorbedID, merge.keptID], db: db)
            // Read again under the locks: a concurrent undo of the same merge may have committed meanwhile.
            merge = try await db.row("SELECT * FROM contact_merges WHERE id = \(id.rawValue)").map(Self.contactMerge)!
            guard merge.undoneAt == nil else { throw ContactError.alreadyUndone(id) }
            if let later = try await db.value("""
                SELECT id FROM contact_merges WHERE absorbed_id = \(merge.keptID.rawValue) AND undone_at IS NULL
                """, as: String.self) {
                throw ContactError.keptMergedSince(id, laterMerge: .init(later))
            }
            // Only what the kept contact still holds goes back: whatever was deleted or linked elsewhere since stays.
            var identities: [Identity.Key] = []
            for key in merge.identities {
                let moved = try await db.row("""
                    UPDATE identities SET contact_id = \(merge.absorbedID.rawValue)
                    WHERE platform = \(key.platform.rawValue) AND scope = \(key.scope) AND external_id = \(key.id)
                        AND contact_id = \(merge.keptID.rawValue)
                    RETURNING 1
                    """)
                if moved != nil { identities.append(key) }
            }
            var interactions: [Interaction.ID] = []
            for interaction in merge.interactions {
                let moved = try await db.row("""
                    UPDATE interactions SET contact_id = \(merge.absorbedID.rawValue)
                    WHERE id = \(interaction.rawValue) AND contact_id = \(merge.keptID.rawValue)
                    RETURNING 1
                    """)
                if moved != nil { interactions.append(interaction) }
            }
            try await db.execute("""
                UPDATE contact_merges SET undone_by = \(user.rawValue), undone_at = \(now.storageValue) WHERE id = \(id.rawValue)
                """)
            (merge.undoneBy, merge.undoneAt) = (user, now)
            var event = ContactMergeEvent(merge, by: user)
            (event.identities, event.interactions) = (identities.map(\.description), interactions)
            _ = try await Self.append([.contactUnmerged(event)], at: now, into: db)
            return merge
        }
    }

    public func contactMerge(_ id: ContactMerge.ID) async throws -> ContactMerge? {
        try await read { db in try await db.row("SELECT * FROM contact_merges WHERE id = \(id.rawValue)").map(Self.contactMerge) }
    }

    public func contactMerges(of contact: Contact.ID) async throws -> [ContactMerge] {
        try await read { db in
            try await db.rows("""
                SELECT * FROM contact_merges WHERE absorbed_id = \(contact.rawValue) OR kept_id = \(contact.rawValue)
                ORDER BY merged_at DESC, id DESC
                """).map(Self.contactMerge)
        }
    }

    public func mergeSuggestions(limit: Int) async throws -> [MergeSuggestion] {
        var binds = PostgresBindings()
        binds.append(limit)
        let query = PostgresQuery(unsafeSQL: ContactMergeColumns.suggestionsSQL(contact: nil, limit: "$1"), binds: binds)
        return try await read { db in try await db.rows(query).map(Self.suggestion) }
    }

    public func mergeSuggestions(for contact: Contact.ID, limit: Int) async throws -> [MergeSuggestion] {
        var binds = PostgresBindings()
        binds.append(contact.rawValue)
        binds.append(limit)
        let query = PostgresQuery(unsafeSQL: ContactMergeColumns.suggestionsSQL(contact: "$1", limit: "$2"), binds: binds)
        return try await read { db in try await db.rows(query).map(Self.suggestion) }
    }

    /// Both contacts locked, in id order (so two merges sharing one cannot deadlock); each must exist.
    static func lock(_ contacts: [Contact.ID], db: DB) async throws {
        let sorted = contacts.map(\.rawValue).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let found = Set(try await db.rows("""
            SELECT id FROM contacts WHERE id = ANY(\(sorted)) ORDER BY id FOR NO KEY UPDATE
            """).map { try $0["id"] as String })
        if let missing = sorted.first(where: { !found.contains($0) }) { throw ContactError.notFound(.init(missing)) }
    }

    static func requireUnmerged(_ contact: Contact.ID, db: DB) async throws {
        if let into = try await db.value("""
            SELECT kept_id FROM contact_merges WHERE absorbed_id = \(contact.rawValue) AND undone_at IS NULL
            """, as: String.self) {
            throw ContactError.merged(contact, into: .init(into))
        }
    }

    static func insertIdentity(_ identity: Identity, of contact: Contact.ID, db: DB) async throws {
        let key = identity.key
        try await db.execute("""
            INSERT INTO identities (platform, scope, external_id, contact_id, handle, display_name, phone, email, phone_key, email_key)
            VALUES (\(key.platform.rawValue), \(key.scope), \(key.id), \(contact.rawValue), \(identity.handle), \(identity.displayName),
                    \(identity.phone), \(identity.email), \(identity.phoneKey), \(identity.emailKey))
            """)
    }

    /// Overwrites the identity's fields with those given; a nil never blanks a stored value.
    static func updateIdentity(_ identity: Identity, db: DB) async throws {
        let key = identity.key
        try await db.execute("""
            UPDATE identities SET handle = coalesce(\(identity.handle)::text, handle),
                display_name = coalesce(\(identity.displayName)::text, display_name),
                phone = coalesce(\(identity.phone)::text, phone), email = coalesce(\(identity.email)::text, email),
                phone_key = CASE WHEN \(identity.phone != nil) THEN \(identity.phoneKey)::text ELSE phone_key END,
                email_key = CASE WHEN \(identity.email != nil) THEN \(identity.emailKey)::text ELSE email_key END
            WHERE platform = \(key.platform.rawValue) AND scope = \(key.scope) AND external_id = \(key.id)
            """)
    }

    /// What the platform told about the contact, over what was known; a nil never blanks a stored value.
    static func updateProfile(_ profile: ContactProfile, of contact: Contact.ID, db: DB) async throws {
        try await db.execute("""
            UPDATE contacts SET display_name = coalesce(\(profile.displayName)::text, display_name),
                avatar_url = coalesce(\(profile.avatarURL)::text, avatar_url),
                follower_count = coalesce(\(profile.followerCount)::bigint, follower_count),
                verified = coalesce(\(profile.verified)::boolean, verified),
                follows_company = coalesce(\(profile.followsCompany)::boolean, follows_company)
            WHERE id = \(contact.rawValue)
            """)
    }

    static func contact(_ id: Contact.ID, db: DB) async throws -> Contact? {
        guard let row = try await db.row("""
            SELECT c.*, (SELECT kept_id FROM contact_merges WHERE absorbed_id = c.id AND undone_at IS NULL) AS merged_into
            FROM contacts c WHERE c.id = \(id.rawValue)
            """) else { return nil }
        let identities = try await db.rows("""
            SELECT * FROM identities WHERE contact_id = \(id.rawValue) ORDER BY platform, scope, external_id
            """).map { row in
            Identity(key: Identity.Key(platform: Platform(rawValue: try row["platform"]) ?? .open, scope: try row["scope"],
                                       id: try row["external_id"]),
                     handle: try row["handle"], displayName: try row["display_name"], phone: try row["phone"], email: try row["email"])
        }
        let mergedInto: String? = try row["merged_into"]
        return Contact(id: id, displayName: try row["display_name"], createdAt: try row.date("created_at"), identities: identities,
                       avatarURL: try row["avatar_url"], followerCount: try row["follower_count"], verified: try row["verified"],
                       followsCompany: try row["follows_company"], mergedInto: mergedInto.map { .init($0) })
    }

    static func contactMerge(_ row: Row) throws -> ContactMerge {
        let undoneBy: String? = try row["undone_by"]
        return ContactMerge(id: .init(try row["id"] as String), absorbedID: .init(try row["absorbed_id"] as String),
                            keptID: .init(try row["kept_id"] as String), mergedBy: .init(try row["merged_by"] as String),
                            mergedAt: try row.date("merged_at"), identities: try ContactMergeColumns.identities(try row["identities"]),
                            interactions: try ContactMergeColumns.interactions(try row["interactions"]),
                            undoneBy: undoneBy.map { .init($0) }, undoneAt: try row.optionalDate("undone_at"))
    }

    static func suggestion(_ row: Row) throws -> MergeSuggestion {
        MergeSuggestion(contactID: .init(try row["contact_id"] as String), candidateID: .init(try row["candidate_id"] as String),
                        matchedOn: MergeSuggestion.Match(rawValue: try row["matched_on"]) ?? .phone, value: try row["value"])
    }
}
