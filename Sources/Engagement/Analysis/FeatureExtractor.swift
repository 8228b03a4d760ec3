/// Turns a text into a sparse bag of named features with counts. Pure and deterministic.
///
/// Feature names carry their family as a prefix: `w:refund` (word), `b:no signal` (bigram), `c: ref` (character
/// n-gram, spaces mark word boundaries). Japanese, written without spaces, contributes each character as a word
/// and each run of kana and kanji as one "word" for character n-grams.
public struct FeatureExtractor: Sendable {
    public let options: FeatureOptions
    private let tokenizer: ContentTokenizer

    public init(_ options: FeatureOptions) {
        self.options = options
        self.tokenizer = ContentTokenizer(foldAccents: options.foldAccents)
    }

    /// Feature name → count. Empty when the text has nothing the options read (an emoji-only text under
    /// `lettersOnly`).
    public func features(_ text: String) -> [String: Double] {
        var tokens = tokenizer.tokens(text)
        if options.lettersOnly { tokens = tokens.filter(\.isLinguistic) }
        var counts: [String: Double] = [:]
        if options.words && !options.lettersOnly {
            for token in tokens { counts["w:" + token.text, default: 0] += 1 }
            for (first, second) in zip(tokens, tokens.dropFirst()) { counts["b:" + first.text + " " + second.text, default: 0] += 1 }
        }
        if options.characterMin > 0 && options.characterMax >= options.characterMin {
            for word in Self.letterRuns(tokens) { addCharacterGrams(of: word, to: &counts) }
        }
        return counts
    }

    /// Whether the text has any letters a language could be read from (not only emoji, handles or numbers).
    public static func hasLetters(_ text: String) -> Bool {
        ContentTokenizer(foldAccents: false).tokens(text).contains(where: \.isLinguistic)
    }

    /// Words, and runs of consecutive ideographs joined into one.
    private static func letterRuns(_ tokens: [ContentToken]) -> [String] {
        var runs: [String] = []
        var ideographs = ""
        for token in tokens {
            if token.kind == .ideograph {
                ideographs += token.text
                continue
            }
            if !ideographs.isEmpty {
                runs.append(ideographs)
                ideographs = ""
            }
            if token.kind == .word { runs.append(token.text) }
        }
        if !ideographs.isEmpty { runs.append(ideographs) }
        return runs
    }

    private func addCharacterGrams(of word: String, to counts: inout [String: Double]) {
        let padded = " " + word + " "
        let scalars = padded.unicodeScalars
        let bounds = Array(scalars.indices) + [scalars.endIndex]
        let length = bounds.count - 1
        for size in options.characterMin...options.characterMax where size <= length {
            for start in 0...(length - size) {
                if size == 1 && scalars[bounds[start]] == " " { continue }
                counts["c:" + Substring(scalars[bounds[start]..<bounds[start + size]]), default: 0] += 1
            }
        }
    }
}
