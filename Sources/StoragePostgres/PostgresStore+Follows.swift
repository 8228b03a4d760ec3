import Domain
import Foundation
import Storage

extension PostgresStore {
    public func setFollowsCompany(_ follows: Bool, identity key: Identity.Key) async throws -> Contact.ID? {
        try await write { db in
            let owner = try await db.value("""
                UPDATE contacts SET follows_company = \(follows)
                WHERE id = (SELECT contact_id FROM identities
                            WHERE platform = \(key.platform.rawValue) AND scope = \(key.scope) AND external_id = \(key.id))
                RETURNING id
                """, as: String.self)
            return owner.map { Contact.ID($0) }
        }
    }
}
