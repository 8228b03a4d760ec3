import Foundation

/// A canned answer agents insert into replies, searchable by title, category and keywords; its text may
/// carry placeholders (`{customer.first_name}`) that are filled for the conversation it is inserted into.
public struct StandardResponse: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<StandardResponse>

    /// Where a response is defined: `parley.yml` ones are read-only in the API (edit the file instead).
    public enum Source: String, Codable, Sendable, CaseIterable {
        case file, api
    }

    public var id: ID
    public var title: String
    public var category: String
    /// The text with its placeholders, as written.
    public var text: String
    /// Words or phrases that make it a suggestion when the customer's latest message contains them.
    public var keywords: [String]
    /// Empty means usable on every channel kind.
    public var channelKinds: [ChannelKind]
    public var source: Source

    public init(id: ID, title: String, category: String = StandardResponse.defaultCategory, text: String, keywords: [String] = [],
                channelKinds: [ChannelKind] = [], source: Source = .api) {
        self.id = id
        self.title = title
        self.category = category
        self.text = text
        self.keywords = keywords
        self.channelKinds = channelKinds
        self.source = source
    }

    public static let defaultCategory = "General"

    /// The id a response gets when none is given: its title's slug, accents dropped ("Café hours" → `cafe-hours`).
    public static func id(forTitle title: String) -> ID {
        ID(slug(title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)))
    }

    /// White space as JavaScript's and JSON Schema's `\s` know it: trimmed from titles, categories and keywords,
    /// so the API's document (`pattern: \S`) and the check here agree on what is blank.
    public static let whiteSpace: CharacterSet = {
        var set = CharacterSet(charactersIn: "\t\n\u{0B}\u{0C}\r \u{A0}\u{1680}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}\u{FEFF}")
        set.insert(charactersIn: "\u{2000}"..."\u{200A}")
        return set
    }()

    public static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: whiteSpace) }

    /// Whether the response may be used on a channel of this kind.
    public func isUsable(on kind: ChannelKind) -> Bool { channelKinds.isEmpty || channelKinds.contains(kind) }

    /// What is wrong with a response that cannot be saved: the field and why.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// `id`, `title`, `category`, `text` or `keywords`.
        public var field: String
        public var message: String

        public var description: String { message }
    }

    /// Why the response cannot be saved, or nil. Shared by `parley.yml` and the API so both refuse the same things.
    public var problem: Problem? {
        func blank(_ text: String) -> Bool { Self.trimmed(text).isEmpty }
        // Lengths in Unicode scalars, as JSON Schema (the API's document) counts them.
        func length(_ text: String) -> Int { text.unicodeScalars.count }
        if id.rawValue.range(of: "^[a-z0-9][a-z0-9_-]{0,63}$", options: .regularExpression) == nil {
            return Problem(field: "id", message: "the id '\(id.rawValue)' must be 1 to 64 lowercase letters, digits, '-' or '_', starting with a letter or digit")
        }
        if blank(title) || length(title) > 200 { return Problem(field: "title", message: "the title must be 1 to 200 characters") }
        if blank(category) || length(category) > 100 { return Problem(field: "category", message: "the category must be 1 to 100 characters") }
        if blank(text) || length(text) > 5000 { return Problem(field: "text", message: "the text must be 1 to 5000 characters") }
        if keywords.count > 50 { return Problem(field: "keywords", message: "at most 50 keywords") }
        if let bad = keywords.first(where: { blank($0) || length($0) > 100 }) {
            return Problem(field: "keywords", message: "the keyword '\(bad)' must be 1 to 100 characters")
        }
        let unknown = ResponsePlaceholder.unknown(in: text)
        if !unknown.isEmpty {
            let known = ResponsePlaceholder.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", ")
            let names = unknown.map { "{\($0)}" }.joined(separator: ", ")
            return Problem(field: "text", message: "unknown placeholder \(names) in the text; the known ones are \(known)")
        }
        return nil
    }
}
