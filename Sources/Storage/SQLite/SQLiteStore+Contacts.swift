import Domain
import Foundation
import GRDB

extension SQLiteStore: ContactStore {
    public func link(_ identity: Identity, to contact: Contact.ID) async throws -> Contact {
        try await pool.write { db in
            try Self.requireActive(contact, db: db)
            let key = identity.key
            if let owner = try String.fetchOne(db, sql: "SELECT contact_id FROM identities WHERE platform = ? AND scope = ? AND external_id = ?",
                                               arguments: [key.platform.rawValue, key.scope, key.id]) {
                guard owner == contact.rawValue else { throw ContactError.identityTaken(key, by: .init(owner)) }
                try Self.updateIdentity(identity, db: db)
            } else {
                try Self.insertIdentity(identity, of: contact, db: db)
            }
            return try Self.contact(contact, db: db)!
        }
    }

    public func contactID(owning key: Identity.Key) async throws -> Contact.ID? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT contact_id FROM identities WHERE platform = ? AND scope = ? AND external_id = ?",
                                arguments: [key.platform.rawValue, key.scope, key.id]).map { Contact.ID($0) }
        }
    }

    public func merge(_ absorbed: Contact.ID, into kept: Contact.ID, by user: User.ID, at now: Date,
                      ids: any IDGenerator) async throws -> ContactMerge {
        guard absorbed != kept else { throw ContactError.sameContact(absorbed) }
        return try await pool.write { db in
            try Self.requireActive(absorbed, db: db)
            try Self.requireActive(kept, db: db)
            let identities = try Row.fetchAll(db, sql: """
                SELECT platform, scope, external_id FROM identities WHERE contact_id = ? ORDER BY platform, scope, external_id
                """, arguments: [absorbed.rawValue]).map(Self.identityKey)
            let interactions = try String.fetchAll(db, sql: "SELECT id FROM interactions WHERE contact_id = ? ORDER BY created_at, id",
                                                   arguments: [absorbed.rawValue]).map { Interaction.ID($0) }
            try db.execute(sql: "UPDATE identities SET contact_id = ? WHERE contact_id = ?", arguments: [kept.rawValue, absorbed.rawValue])
            try db.execute(sql: "UPDATE interactions SET contact_id = ? WHERE contact_id = ?", arguments: [kept.rawValue, absorbed.rawValue])
            let merge = ContactMerge(id: .init(ids.make()), absorbedID: absorbed, keptID: kept, mergedBy: user, mergedAt: now,
                                     identities: identities, interactions: interactions)
            try db.execute(sql: """
                INSERT INTO contact_merges (id, absorbed_id, kept_id, merged_by, merged_at, identities, interactions)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [merge.id.rawValue, absorbed.rawValue, kept.rawValue, user.rawValue, now.storageValue,
                                 try ContactMergeColumns.encode(identities), try ContactMergeColumns.encode(interactions)])
            try Self.append([.contactMerged(ContactMergeEvent(merge, by: user))], at: now, into: db)
            return merge
        }
    }

    public func unmerge(_ id: ContactMerge.ID, by user: User.ID, at now: Date) async throws -> ContactMerge {
        try await pool.write { db in
            guard var merge = try Row.fetchOne(db, sql: "SELECT * FROM contact_merges WHERE id = ?", arguments: [id.rawValue])
                .map(Self.contactMerge) else { throw ContactError.mergeNotFound(id) }
            guard merge.undoneAt == nil else { throw ContactError.alreadyUndone(id) }
            if let later = try String.fetchOne(db, sql: "SELECT id FROM contact_merges WHERE absorbed_id = ? AND undone_at IS NULL",
                                               arguments: [merge.keptID.rawValue]) {
                throw ContactError.keptMergedSince(id, laterMerge: .init(later))
            }
            // Only what the kept contact still holds goes back: whatever was deleted or linked elsewhere since stays.
            var identities: [Identity.Key] = []
            for key in merge.identities {
                try db.execute(sql: """
                    UPDATE identities SET contact_id = ? WHERE platform = ? AND scope = ? AND external_id = ? AND contact_id = ?
                    """, arguments: [merge.absorbedID.rawValue, key.platform.rawValue, key.scope, key.id, merge.keptID.rawValue])
                if db.changesCount > 0 { identities.append(key) }
            }
            var interactions: [Interaction.ID] = []
            for interaction in merge.interactions {
                try db.execute(sql: "UPDATE interactions SET contact_id = ? WHERE id = ? AND contact_id = ?",
                               arguments: [merge.absorbedID.rawValue, interaction.rawValue, merge.keptID.rawValue])
                if db.changesCount > 0 { interactions.append(interaction) }
            }
            try db.execute(sql: "UPDATE contact_merges SET undone_by = ?, undone_at = ? WHERE id = ?",
                           arguments: [user.rawValue, now.storageValue, id.rawValue])
            (merge.undoneBy, merge.undoneAt) = (user, now)
            var event = ContactMergeEvent(merge, by: user)
            (event.identities, event.interactions) = (identities.map(\.description), interactions)
            try Self.append([.contactUnmerged(event)], at: now, into: db)
            return merge
        }
    }

    public func contactMerge(_ id: ContactMerge.ID) async throws -> ContactMerge? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM contact_merges WHERE id = ?", arguments: [id.rawValue]).map(Self.contactMerge)
        }
    }

    public func contactMerges(of contact: Contact.ID) async throws -> [ContactMerge] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM contact_merges WHERE absorbed_id = ? OR kept_id = ? ORDER BY merged_at DESC, id DESC
                """, arguments: [contact.rawValue, contact.rawValue]).map(Self.contactMerge)
        }
    }

    public func mergeSuggestions(limit: Int) async throws -> [MergeSuggestion] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: ContactMergeColumns.suggestionsSQL(contact: nil, limit: ":limit"), arguments: ["limit": limit])
                .map(Self.suggestion)
        }
    }

    public func mergeSuggestions(for contact: Contact.ID, limit: Int) async throws -> [MergeSuggestion] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: ContactMergeColumns.suggestionsSQL(contact: ":contact", limit: ":limit"),
                             arguments: ["contact": contact.rawValue, "limit": limit])
                .map(Self.suggestion)
        }
    }

    /// The contact exists and is not merged into another.
    static func requireActive(_ contact: Contact.ID, db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM contacts WHERE id = ?", arguments: [contact.rawValue]) != nil else {
            throw ContactError.notFound(contact)
        }
        if let into = try String.fetchOne(db, sql: "SELECT kept_id FROM contact_merges WHERE absorbed_id = ? AND undone_at IS NULL",
                                          arguments: [contact.rawValue]) {
            throw ContactError.merged(contact, into: .init(into))
        }
    }

    static func insertIdentity(_ identity: Identity, of contact: Contact.ID, db: Database) throws {
        let key = identity.key
        try db.cachedStatement(sql: """
            INSERT INTO identities (platform, scope, external_id, contact_id, handle, display_name, phone, email, phone_key, email_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [key.platform.rawValue, key.scope, key.id, contact.rawValue, identity.handle, identity.displayName,
                             identity.phone, identity.email, identity.phoneKey, identity.emailKey])
    }

    /// Overwrites the identity's fields with those given; a nil never blanks a stored value.
    static func updateIdentity(_ identity: Identity, db: Database) throws {
        let key = identity.key
        try db.cachedStatement(sql: """
            UPDATE identities SET handle = coalesce(?, handle), display_name = coalesce(?, display_name),
                phone = coalesce(?, phone), email = coalesce(?, email),
                phone_key = CASE WHEN ? THEN ? ELSE phone_key END, email_key = CASE WHEN ? THEN ? ELSE email_key END
            WHERE platform = ? AND scope = ? AND external_id = ?
            """).execute(arguments: [identity.handle, identity.displayName, identity.phone, identity.email,
                             identity.phone != nil, identity.phoneKey, identity.email != nil, identity.emailKey,
                             key.platform.rawValue, key.scope, key.id])
    }

    /// What the platform told about the contact, over what was known; a nil never blanks a stored value.
    static func updateProfile(_ profile: ContactProfile, of contact: Contact.ID, db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE contacts SET display_name = coalesce(?, display_name), avatar_url = coalesce(?, avatar_url),
                follower_count = coalesce(?, follower_count), verified = coalesce(?, verified), follows_company = coalesce(?, follows_company)
            WHERE id = ?
            """).execute(arguments: [profile.displayName, profile.avatarURL, profile.followerCount, profile.verified, profile.followsCompany,
                             contact.rawValue])
    }

    static func contact(_ id: Contact.ID, db: Database) throws -> Contact? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT c.*, (SELECT kept_id FROM contact_merges WHERE absorbed_id = c.id AND undone_at IS NULL) AS merged_into
            FROM contacts c WHERE c.id = ?
            """, arguments: [id.rawValue]) else { return nil }
        let identities = try Row.fetchAll(db, sql: "SELECT * FROM identities WHERE contact_id = ? ORDER BY platform, scope, external_id",
                                          arguments: [id.rawValue]).map { row in
            Identity(key: Identity.Key(platform: Platform(rawValue: row["platform"]) ?? .open, scope: row["scope"], id: row["external_id"]),
                     handle: row["handle"], displayName: row["display_name"], phone: row["phone"], email: row["email"])
        }
        let mergedInto: String? = row["merged_into"]
        return Contact(id: id, displayName: row["display_name"], createdAt: Date(storageValue: row["created_at"]), identities: identities,
                       avatarURL: row["avatar_url"], followerCount: row["follower_count"], verified: row["verified"],
                       followsCompany: row["follows_company"], mergedInto: mergedInto.map { .init($0) })
    }

    static func contactMerge(_ row: Row) throws -> ContactMerge {
        let undoneBy: String? = row["undone_by"]
        let undoneAt: Double? = row["undone_at"]
        return ContactMerge(id: .init(row["id"] as String), absorbedID: .init(row["absorbed_id"] as String), keptID: .init(row["kept_id"] as String),
                            mergedBy: .init(row["merged_by"] as String), mergedAt: Date(storageValue: row["merged_at"]),
                            identities: try ContactMergeColumns.identities(row["identities"]),
                            interactions: try ContactMergeColumns.interactions(row["interactions"]),
                            undoneBy: undoneBy.map { .init($0) }, undoneAt: undoneAt.map(Date.init(storageValue:)))
    }

    static func identityKey(_ row: Row) -> Identity.Key {
        let platform: String = row["platform"]
        return Identity.Key(platform: Platform(rawValue: platform) ?? .open, scope: row["scope"], id: row["external_id"])
    }

    static func suggestion(_ row: Row) -> MergeSuggestion {
        MergeSuggestion(contactID: .init(row["contact_id"] as String), candidateID: .init(row["candidate_id"] as String),
                        matchedOn: MergeSuggestion.Match(rawValue: row["matched_on"]) ?? .phone, value: row["value"])
    }
}
