import Foundation

/// Cuts a message into `ContentToken`s. Pure and deterministic.
///
/// The text is first normalised: compatibility forms unified (NFKC), lower case and, when `foldAccents` is
/// set, accents and emoji skin tones removed through `FoldedText`. Language detection keeps the accents
/// (`ç`, `ã`, `ñ`, `ü` tell languages apart); the other models fold them so that `reembolsó` and
/// `reembolso` are the same word.
struct ContentTokenizer: Sendable {
    var foldAccents: Bool

    init(foldAccents: Bool = true) {
        self.foldAccents = foldAccents
    }

    func normalise(_ text: String) -> String {
        foldAccents ? FoldedText.fold(text) : text.precomposedStringWithCompatibilityMapping.lowercased()
    }

    func tokens(_ text: String) -> [ContentToken] {
        var tokens: [ContentToken] = []
        for chunk in normalise(text).split(whereSeparator: { $0.isWhitespace }) {
            if let placeholder = Self.placeholder(for: chunk) {
                tokens.append(placeholder)
            } else {
                Self.scan(chunk, into: &tokens)
            }
        }
        return tokens
    }

    /// A whole whitespace-separated chunk that stands for something variable: a link, a handle, an address.
    private static func placeholder(for chunk: Substring) -> ContentToken? {
        if chunk.hasPrefix("http://") || chunk.hasPrefix("https://") || chunk.hasPrefix("www.") { return .url }
        guard let at = chunk.firstIndex(of: "@") else { return nil }
        let after = chunk[chunk.index(after: at)...]
        guard let first = after.first, CharacterKind(first) == .word else { return nil }
        if at == chunk.startIndex { return .user }
        let before = chunk[chunk.startIndex..<at]
        if let last = before.last, CharacterKind(last) == .word, after.contains(".") { return .email }
        return nil
    }

    private static func scan(_ chunk: Substring, into tokens: inout [ContentToken]) {
        var word = ""
        func flush() {
            guard !word.isEmpty else { return }
            tokens.append(wordToken(word))
            word = ""
        }
        for character in chunk {
            switch CharacterKind(character) {
            case .word:
                word.append(character)
            case .ideograph:
                flush()
                tokens.append(ContentToken(kind: .ideograph, text: String(character)))
            case .symbol:
                flush()
                tokens.append(ContentToken(kind: .symbol, text: String(character)))
            case .separator:
                flush()
                if character == "?" || character == "!" {
                    tokens.append(ContentToken(kind: .punctuation, text: String(character)))
                }
            }
        }
        flush()
    }

    /// `<num>` for a plain number; otherwise the word with each digit replaced by `0`.
    private static func wordToken(_ word: String) -> ContentToken {
        let digits = word.unicodeScalars.filter { $0.properties.numericType != nil }.count
        if digits == 0 { return ContentToken(kind: .word, text: word) }
        if digits == word.unicodeScalars.count { return .number }
        let shaped = String(String.UnicodeScalarView(word.unicodeScalars.map { $0.properties.numericType != nil ? "0" : $0 }))
        return ContentToken(kind: .word, text: shaped)
    }
}
