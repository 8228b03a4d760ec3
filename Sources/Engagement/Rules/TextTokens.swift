/// The words, symbols and hashtags of a folded text, in order, with where each stands (UTF-8 offsets into
/// the folded text).
///
/// A word is a run of letters, digits and `_`. Every other non-separator character is a token of its own:
/// an emoji (`🔥`), a flag, a currency sign, and each ideograph or Thai letter — scripts written without
/// spaces have no word boundaries to find, so a keyword in them matches as a sequence of characters.
/// Spaces and punctuation separate tokens and are not tokens themselves. A hashtag is `#` followed directly
/// by a word, where the `#` does not stand inside a word (`abc#def` is no hashtag).
struct TextTokens: Sendable {
    struct Token: Sendable, Hashable {
        var text: Substring
        var range: Range<Int>
    }

    let words: [Token]
    /// Hashtags without their `#`; the range covers the `#`.
    let hashtags: [Token]
    private let positions: [Substring: [Int]]

    init(_ folded: String) {
        var words: [Token] = []
        var hashtags: [Token] = []
        var run: (start: String.Index, offset: Int)?
        var hash: (start: String.Index, offset: Int)?
        var previous: CharacterKind = .separator
        var offset = 0
        var index = folded.startIndex

        func closeRun(at end: String.Index, offset endOffset: Int) {
            if let open = run {
                words.append(Token(text: folded[open.start..<end], range: open.offset..<endOffset))
                run = nil
            }
        }
        func closeHashtag(at end: String.Index, offset endOffset: Int) {
            if let open = hash {
                let body = folded[folded.index(after: open.start)..<end]
                if !body.isEmpty { hashtags.append(Token(text: body, range: open.offset..<endOffset)) }
                hash = nil
            }
        }

        while index < folded.endIndex {
            let character = folded[index]
            let next = folded.index(after: index)
            let width = character.utf8.count
            let kind = CharacterKind(character)
            switch kind {
            case .word:
                if run == nil { run = (index, offset) }
            case .ideograph, .symbol, .separator:
                closeRun(at: index, offset: offset)
                if kind != .separator { words.append(Token(text: folded[index..<next], range: offset..<offset + width)) }
            }
            if kind != .word && kind != .ideograph { closeHashtag(at: index, offset: offset) }
            if character == "#" && previous != .word && previous != .ideograph { hash = (index, offset) }
            previous = kind
            offset += width
            index = next
        }
        closeRun(at: folded.endIndex, offset: offset)
        closeHashtag(at: folded.endIndex, offset: offset)

        var positions: [Substring: [Int]] = [:]
        for (position, token) in words.enumerated() { positions[token.text, default: []].append(position) }
        self.words = words
        self.hashtags = hashtags
        self.positions = positions
    }

    /// Where the tokens `sequence` stand one after the other (separators between them are ignored).
    func occurrences(of sequence: [Substring]) -> [Range<Int>] {
        guard let first = sequence.first, let starts = positions[first] else { return [] }
        var found: [Range<Int>] = []
        for start in starts where start + sequence.count <= words.count {
            var matches = true
            for (step, text) in sequence.enumerated().dropFirst() where words[start + step].text != text {
                matches = false
                break
            }
            if matches { found.append(words[start].range.lowerBound..<words[start + sequence.count - 1].range.upperBound) }
        }
        return found
    }

    /// Where the hashtag `tag` (folded, without its `#`) stands, each range covering the `#`.
    func occurrences(ofHashtag tag: Substring) -> [Range<Int>] {
        hashtags.filter { $0.text == tag }.map(\.range)
    }
}

/// How a folded character takes part in tokens.
enum CharacterKind: Sendable, Equatable {
    /// A letter, digit or `_`: runs of them make a word.
    case word
    /// A character of a script written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar): a token alone.
    case ideograph
    /// An emoji, a flag, a currency or other symbol: a token alone.
    case symbol
    /// Spaces, punctuation, controls: between tokens.
    case separator

    init(_ character: Character) {
        guard let scalar = character.unicodeScalars.first else {
            self = .separator
            return
        }
        if Self.isSpacelessScript(scalar) {
            self = .ideograph
            return
        }
        let properties = scalar.properties
        if scalar == "_" || properties.isAlphabetic || properties.numericType != nil {
            self = .word
            return
        }
        switch properties.generalCategory {
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: self = .symbol
        default: self = .separator
        }
    }

    private static func isSpacelessScript(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0E00...0x0EFF: true  // Thai, Lao
        case 0x1000...0x109F, 0x1780...0x17FF: true  // Myanmar, Khmer
        case 0x3040...0x30FF, 0x31F0...0x31FF: true  // Hiragana, Katakana
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: true  // Han
        default: false
        }
    }
}
