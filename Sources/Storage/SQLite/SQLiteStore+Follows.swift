import Domain
import Foundation
import GRDB

extension SQLiteStore {
    public func setFollowsCompany(_ follows: Bool, identity key: Identity.Key) async throws -> Contact.ID? {
        try await pool.write { db in
            guard let owner = try String.fetchOne(db, sql: "SELECT contact_id FROM identities WHERE platform = ? AND scope = ? AND external_id = ?",
                                                  arguments: [key.platform.rawValue, key.scope, key.id])
            else { return nil }
            try db.execute(sql: "UPDATE contacts SET follows_company = ? WHERE id = ?", arguments: [follows, owner])
            return Contact.ID(owner)
        }
    }
}
