import Foundation

/// A small filtered-stream rule language, enough to decide which published tweets match which rules the way X
/// does for the rules Parley writes (platforms.md §5.5): terms side by side are ANDed, `OR` between them, `( )`
/// groups, `"quoted phrases"`, `-` negates, `#hashtag` and `@mention` match those tokens, `is:retweet` matches
/// retweets. Keywords match whole words, case-insensitively. A rule X would refuse is refused with its reason.
indirect enum XRuleMatcher: Sendable, Equatable {
    case word(String)
    case phrase([String])
    case retweet
    case not(XRuleMatcher)
    case all([XRuleMatcher])
    case any([XRuleMatcher])

    /// What the sandbox knows of a published tweet.
    struct Tweet: Sendable {
        var text: String
        var isRetweet = false
    }

    static let maxLength = 512

    static func parse(_ rule: String) throws(XRuleSyntaxError) -> XRuleMatcher {
        guard rule.count <= maxLength else { throw .tooLong(rule.count) }
        var parser = Parser(tokens: try tokenize(rule))
        guard !parser.tokens.isEmpty else { throw .empty }
        let expression = try parser.disjunction()
        guard parser.position == parser.tokens.count else { throw .unbalanced("an unmatched ')'") }
        guard expression.hasPositiveTerm else { throw .onlyNegations }
        return expression
    }

    func matches(_ tweet: Tweet) -> Bool {
        matches(words: Self.words(of: tweet.text), retweet: tweet.isRetweet)
    }

    private func matches(words: [String], retweet: Bool) -> Bool {
        switch self {
        case .word(let word): words.contains(word)
        case .phrase(let phrase): !phrase.isEmpty && words.count >= phrase.count
            && (0...(words.count - phrase.count)).contains { Array(words[$0..<($0 + phrase.count)]) == phrase }
        case .retweet: retweet
        case .not(let inner): !inner.matches(words: words, retweet: retweet)
        case .all(let parts): parts.allSatisfy { $0.matches(words: words, retweet: retweet) }
        case .any(let parts): parts.contains { $0.matches(words: words, retweet: retweet) }
        }
    }

    private var hasPositiveTerm: Bool {
        switch self {
        case .word, .phrase, .retweet: true
        case .not: false
        case .all(let parts), .any(let parts): parts.contains { $0.hasPositiveTerm }
        }
    }

    /// Lowercased words of a text, keeping a leading `#` or `@` as part of the word (so `#acme` is not `acme`).
    static func words(of text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "_" || ((character == "#" || character == "@") && current.isEmpty) {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.filter { $0 != "#" && $0 != "@" }
    }

    enum Token: Equatable {
        case open, close, or, minus
        case term(String)
        case quoted(String)
    }

    static func tokenize(_ rule: String) throws(XRuleSyntaxError) -> [Token] {
        var tokens: [Token] = []
        var index = rule.startIndex
        while index < rule.endIndex {
            let character = rule[index]
            if character.isWhitespace {
                index = rule.index(after: index)
            } else if character == "(" || character == ")" {
                tokens.append(character == "(" ? .open : .close)
                index = rule.index(after: index)
            } else if character == "-" {
                tokens.append(.minus)
                index = rule.index(after: index)
            } else if character == "\"" {
                guard let end = rule[rule.index(after: index)...].firstIndex(of: "\"") else { throw .unbalanced("an unclosed quote") }
                tokens.append(.quoted(String(rule[rule.index(after: index)..<end])))
                index = rule.index(after: end)
            } else {
                let end = rule[index...].firstIndex { $0.isWhitespace || $0 == "(" || $0 == ")" || $0 == "\"" } ?? rule.endIndex
                let word = String(rule[index..<end])
                tokens.append(word == "OR" ? .or : .term(word))
                index = end
            }
        }
        return tokens
    }

    struct Parser {
        var tokens: [Token]
        var position = 0

        mutating func disjunction() throws(XRuleSyntaxError) -> XRuleMatcher {
            var parts = [try conjunction()]
            while position < tokens.count, tokens[position] == .or {
                position += 1
                parts.append(try conjunction())
            }
            return parts.count == 1 ? parts[0] : .any(parts)
        }

        mutating func conjunction() throws(XRuleSyntaxError) -> XRuleMatcher {
            var parts: [XRuleMatcher] = []
            while position < tokens.count, tokens[position] != .or, tokens[position] != .close {
                parts.append(try unary())
            }
            guard !parts.isEmpty else { throw .empty }
            return parts.count == 1 ? parts[0] : .all(parts)
        }

        mutating func unary() throws(XRuleSyntaxError) -> XRuleMatcher {
            if tokens[position] == .minus {
                position += 1
                guard position < tokens.count else { throw .empty }
                return .not(try unary())
            }
            let token = tokens[position]
            position += 1
            switch token {
            case .open:
                let inner = try disjunction()
                guard position < tokens.count, tokens[position] == .close else { throw .unbalanced("an unclosed '('") }
                position += 1
                return inner
            case .term(let word):
                if word.lowercased() == "is:retweet" { return .retweet }
                if word.contains(":") { throw .unknownOperator(word) }
                return .word(word.lowercased())
            case .quoted(let phrase):
                return .phrase(XRuleMatcher.words(of: phrase))
            case .close: throw .unbalanced("an unmatched ')'")
            case .or, .minus: throw .empty
            }
        }
    }
}

enum XRuleSyntaxError: Error, Equatable, CustomStringConvertible {
    case empty
    case unbalanced(String)
    case tooLong(Int)
    case onlyNegations
    case unknownOperator(String)

    var description: String {
        switch self {
        case .empty: "Rule is missing a term."
        case .unbalanced(let what): "Rule has \(what)."
        case .tooLong(let length): "Rule is \(length) characters long; the maximum is \(XRuleMatcher.maxLength)."
        case .onlyNegations: "Rules must contain a non-negation term."
        case .unknownOperator(let word): "Reference to invalid operator '\(word)'."
        }
    }
}
