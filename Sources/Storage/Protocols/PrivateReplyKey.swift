import Domain

/// The outbox key of a private reply to a Facebook or Instagram comment names its interaction and the comment
/// (or visitor post) it answers. Meta allows one private reply per comment (platforms.md §2.4); the key is
/// unique-indexed, so "which comments of this interaction already had theirs" is one indexed range read —
/// no column of its own, and nothing to migrate.
public enum PrivateReplyKey {
    /// `unique` keeps two attempts at the same comment distinct (a failed one may be followed by another).
    public static func make(interaction: Interaction.ID, comment: String, unique: String) -> String {
        prefix(of: interaction) + comment + ":" + unique
    }

    public static func prefix(of interaction: Interaction.ID) -> String { "private-reply:\(interaction.rawValue):" }

    /// The first key after every key with `prefix(of:)` (`;` follows `:`), for a range read on the index.
    public static func end(of interaction: Interaction.ID) -> String { "private-reply:\(interaction.rawValue);" }

    /// The comment a key of this interaction names; nil for any other key.
    public static func comment(in key: String, of interaction: Interaction.ID) -> String? {
        let prefix = prefix(of: interaction)
        guard key.hasPrefix(prefix) else { return nil }
        let rest = key.dropFirst(prefix.count)
        guard let cut = rest.lastIndex(of: ":") else { return nil }
        let comment = rest[..<cut]
        return comment.isEmpty ? nil : String(comment)
    }
}
