import Foundation

/// What an X channel monitors beyond its own account (`channels[].monitor`): keywords, hashtags and phrases,
/// and words whose tweets are not wanted.
public struct XMonitor: Sendable, Equatable {
    /// As written: `acme`, `#acmehelp`, `"acme router"`, `@acmeceo`.
    public var keywords: [String]
    public var exclude: [String]

    public init(keywords: [String], exclude: [String] = []) {
        self.keywords = keywords
        self.exclude = exclude
    }
}

/// A filtered-stream rule as X's rules API holds it (platforms.md §5.5). `id` is X's, absent before it exists.
public struct XStreamRule: Sendable, Equatable, Hashable {
    public var id: String?
    public var value: String
    public var tag: String?

    public init(id: String? = nil, value: String, tag: String?) {
        self.id = id
        self.value = value
        self.tag = tag
    }
}

public enum XStreamRuleError: Error, Equatable, CustomStringConvertible {
    case noKeywords
    case unbalanced(String)
    case empty
    case tooLong(length: Int)

    public var description: String {
        switch self {
        case .noKeywords: "monitor needs at least one keyword"
        case .empty: "a keyword or exclusion is empty"
        case .unbalanced(let term): "'\(term)' has an unbalanced quote or parenthesis"
        case .tooLong(let length):
            "the rule Parley builds from these keywords is \(length) characters; X allows at most \(XStreamRules.maxLength): "
                + "use fewer or shorter keywords, or split them over two channels"
        }
    }
}

/// Builds each monitoring channel's rule and decides what to add and delete so X holds exactly Parley's rules.
/// Parley's rules are tagged `parley:<channel id>`; rules with any other tag (or none) belong to someone else
/// using the same app and are never touched.
public enum XStreamRules {
    public static let tagPrefix = "parley:"
    /// X's limit for one rule's value (Pro access allows more; 512 is the common limit).
    public static let maxLength = 512

    public static func tag(channel: String) -> String { tagPrefix + channel }

    /// The channel id a Parley tag names; nil for other tags.
    public static func channel(ofTag tag: String) -> String? {
        tag.hasPrefix(tagPrefix) ? String(tag.dropFirst(tagPrefix.count)) : nil
    }

    /// `(acme OR #acmehelp OR "acme router") -jobs -giveaway -is:retweet`: any keyword, none of the exclusions,
    /// and no retweets (a retweet carries no words of its own).
    public static func value(for monitor: XMonitor) throws(XStreamRuleError) -> String {
        let keywords = monitor.keywords.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !keywords.isEmpty else { throw .noKeywords }
        let terms = try keywords.map { keyword throws(XStreamRuleError) in try term(keyword) }
        var value = terms.count == 1 ? terms[0] : "(" + terms.joined(separator: " OR ") + ")"
        for word in monitor.exclude.map({ $0.trimmingCharacters(in: .whitespaces) }) {
            value += " -" + (try term(word))
        }
        value += " -is:retweet"
        guard value.count <= maxLength else { throw .tooLong(length: value.count) }
        return value
    }

    /// One keyword as a rule term: as written when it is one word or a quoted phrase; words with spaces and no
    /// quotes are grouped (all of them, in any order) so they stay one alternative of the `OR`.
    static func term(_ keyword: String) throws(XStreamRuleError) -> String {
        guard !keyword.isEmpty else { throw .empty }
        guard keyword.filter({ $0 == "\"" }).count % 2 == 0, balancedParentheses(keyword) else { throw .unbalanced(keyword) }
        let quoted = keyword.count >= 2 && keyword.hasPrefix("\"") && keyword.hasSuffix("\"")
        guard !quoted, keyword.contains(where: \.isWhitespace) else { return keyword }
        return "(" + keyword + ")"
    }

    static func balancedParentheses(_ text: String) -> Bool {
        var depth = 0
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if quoted { continue }
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if depth < 0 { return false }
        }
        return depth == 0
    }

    public struct Plan: Sendable, Equatable {
        public var add: [XStreamRule]
        /// Ids of Parley's rules that no channel wants any more (or whose keywords changed).
        public var delete: [String]
        public var isEmpty: Bool { add.isEmpty && delete.isEmpty }
    }

    /// What to send so X holds `desired` among its rules: a Parley-tagged rule with the same value and tag is kept,
    /// one that differs is deleted and the new one added; foreign rules are left alone.
    public static func plan(existing: [XStreamRule], desired: [XStreamRule]) -> Plan {
        let ours = existing.filter { $0.tag.map { $0.hasPrefix(tagPrefix) } == true }
        let held = Set(ours.map { Pair(value: $0.value, tag: $0.tag) })
        let wanted = Set(desired.map { Pair(value: $0.value, tag: $0.tag) })
        return Plan(add: desired.filter { !held.contains(Pair(value: $0.value, tag: $0.tag)) },
                    delete: ours.filter { !wanted.contains(Pair(value: $0.value, tag: $0.tag)) }.compactMap(\.id))
    }

    private struct Pair: Hashable {
        var value: String
        var tag: String?
    }
}
