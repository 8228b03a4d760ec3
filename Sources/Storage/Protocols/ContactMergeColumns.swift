import Domain
import Foundation

/// How both stores keep what a merge moved (`contact_merges.identities` / `.interactions`: JSON arrays of strings,
/// the same bytes in SQLite and PostgreSQL) and how they find merge suggestions (the same SQL, with each
/// store's placeholders).
public enum ContactMergeColumns {
    public static func encode(_ keys: [Identity.Key]) throws -> Data { try encoder.encode(keys.map(\.description)) }
    public static func encode(_ ids: [Interaction.ID]) throws -> Data { try encoder.encode(ids.map(\.rawValue)) }

    public static func identities(_ data: Data) throws -> [Identity.Key] {
        try JSONDecoder().decode([String].self, from: data).compactMap(Identity.Key.init(text:))
    }

    public static func interactions(_ data: Data) throws -> [Interaction.ID] {
        try JSONDecoder().decode([String].self, from: data).map { Interaction.ID($0) }
    }

    /// Pairs of contacts whose identities share a phone key or an email key — only contacts that hold identities,
    /// so never a merged one — leaving out pairs an admin separated by undoing their merge. `contact` nil: every
    /// pair once (lower id first); otherwise the pairs of that contact, it first. Ordered by the two ids.
    public static func suggestionsSQL(contact: String?, limit: String) -> String {
        let filter = contact.map { "a.contact_id = \($0)" } ?? "a.contact_id < b.contact_id"
        return """
            SELECT contact_id, candidate_id, min(matched_on) AS matched_on, min(value) AS value FROM (
                SELECT a.contact_id, b.contact_id AS candidate_id, 'phone' AS matched_on, a.phone_key AS value
                FROM identities a JOIN identities b ON b.phone_key = a.phone_key AND b.contact_id <> a.contact_id
                WHERE a.phone_key IS NOT NULL AND \(filter)
                UNION ALL
                SELECT a.contact_id, b.contact_id AS candidate_id, 'email' AS matched_on, a.email_key AS value
                FROM identities a JOIN identities b ON b.email_key = a.email_key AND b.contact_id <> a.contact_id
                WHERE a.email_key IS NOT NULL AND \(filter)
            ) pairs
            WHERE NOT EXISTS (
                SELECT 1 FROM contact_merges m WHERE m.undone_at IS NOT NULL
                    AND ((m.absorbed_id = pairs.contact_id AND m.kept_id = pairs.candidate_id)
                         OR (m.absorbed_id = pairs.candidate_id AND m.kept_id = pairs.contact_id)))
            GROUP BY contact_id, candidate_id
            ORDER BY contact_id, candidate_id
            LIMIT \(limit)
            """
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
}
