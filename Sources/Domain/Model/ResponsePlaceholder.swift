import Foundation

/// A placeholder in a standard response's text, written `{customer.first_name}`. Anything else between braces that
/// looks like a placeholder name (letters, digits, `_` and `.`) is refused when the response is saved, so a typo
/// never reaches a customer; other braces (`{`, `{ }`, `{:)}`) are plain text.
public enum ResponsePlaceholder: String, CaseIterable, Sendable {
    case customerName = "customer.name"
    case customerFirstName = "customer.first_name"
    case agentName = "agent.name"
    case agentFirstName = "agent.first_name"
    case channelName = "channel.name"

    var namesTheCustomer: Bool { self == .customerName || self == .customerFirstName }

    /// What a placeholder is filled with when the value is not known (a customer Parley knows only by an id).
    /// "Hi {customer.first_name}," then reads "Hi there,". (A customer's name addressed after a comma is left out
    /// instead, with its comma: see `ResponseFill.fill`.)
    public var fallback: String {
        switch self {
        case .customerName, .customerFirstName: "there"
        case .agentName, .agentFirstName: "our team"
        case .channelName: "us"
        }
    }

    /// The placeholder-like names in `text`, in order, as written.
    public static func names(in text: String) -> [String] {
        tokens(in: text).compactMap { if case .placeholder(let name) = $0 { name } else { nil } }
    }

    /// The placeholder-like names in `text` that are not placeholders, each once.
    public static func unknown(in text: String) -> [String] {
        var seen: [String] = []
        for name in names(in: text) where ResponsePlaceholder(rawValue: name) == nil && !seen.contains(name) { seen.append(name) }
        return seen
    }

    enum Token: Equatable {
        case text(Substring)
        case placeholder(String)
    }

    /// Splits `text` into plain runs and `{name}` placeholders (name: 1 to 64 of a-z, A-Z, 0-9, `_`, `.`).
    static func tokens(in text: String) -> [Token] {
        var tokens: [Token] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            let name = rest[afterOpen...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
            if !name.isEmpty, name.count <= 64, name.endIndex < rest.endIndex, rest[name.endIndex] == "}" {
                if open > rest.startIndex { tokens.append(.text(rest[..<open])) }
                tokens.append(.placeholder(String(name)))
                rest = rest[rest.index(after: name.endIndex)...]
            } else {
                tokens.append(.text(rest[...open]))
                rest = rest[afterOpen...]
            }
        }
        if !rest.isEmpty { tokens.append(.text(rest)) }
        return tokens
    }
}

/// What the placeholders are filled with for one conversation. nil or blank: not known, the fallback is used.
public struct ResponseFill: Sendable, Hashable {
    public var customerName: String?
    public var agentName: String?
    public var channelName: String?

    public init(customerName: String?, agentName: String?, channelName: String?) {
        self.customerName = customerName
        self.agentName = agentName
        self.channelName = channelName
    }

    /// The value a placeholder takes: the known value, trimmed, or the placeholder's fallback.
    public func value(of placeholder: ResponsePlaceholder) -> String {
        func known(_ text: String?) -> String? {
            let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return trimmed.isEmpty ? nil : trimmed
        }
        let value: String? = switch placeholder {
        case .customerName: known(customerName)
        case .customerFirstName: known(customerName).map(Self.firstName)
        case .agentName: known(agentName)
        case .agentFirstName: known(agentName).map(Self.firstName)
        case .channelName: known(channelName)
        }
        return value ?? placeholder.fallback
    }

    /// The first word of a name ("María José Pérez" gives "María"); a name without spaces (many CJK names) is
    /// kept whole.
    static func firstName(_ name: String) -> String {
        String(name.split(whereSeparator: { $0.isWhitespace }).first ?? Substring(name))
    }

    /// `text` with its placeholders filled, in one pass over the text as written: a value is inserted as it is and
    /// never read again, so a customer named `{agent.name}` stays literally that. Unknown names are left as written
    /// (saving refuses them, so they only occur in text that was never validated). A customer whose name is not
    /// known and who is addressed after a comma is left out with the comma: "Sorry about that, {customer.first_name}."
    /// reads "Sorry about that.", not "Sorry about that, there.".
    public func fill(_ text: String) -> String {
        var result = ""
        for token in ResponsePlaceholder.tokens(in: text) {
            switch token {
            case .text(let run): result += run
            case .placeholder(let name):
                guard let placeholder = ResponsePlaceholder(rawValue: name) else { result += "{\(name)}"; continue }
                if placeholder.namesTheCustomer, !knowsCustomer, let comma = Self.addressingComma(ending: result) {
                    result.removeSubrange(comma...)
                } else {
                    result += value(of: placeholder)
                }
            }
        }
        return result
    }

    private var knowsCustomer: Bool { !(customerName?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true) }

    /// Where a trailing ", " (a comma and spaces, on one line) starts in `text`.
    private static func addressingComma(ending text: String) -> String.Index? {
        let spaces = text.reversed().prefix { $0 == " " || $0 == "\t" }.count
        let comma = text.index(text.endIndex, offsetBy: -spaces)
        guard comma > text.startIndex else { return nil }
        let before = text.index(before: comma)
        return text[before] == "," ? before : nil
    }
}
