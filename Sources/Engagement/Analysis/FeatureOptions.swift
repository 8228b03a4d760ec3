/// Which features a model reads from a text. Stored in the model, so a model always sees the features it was
/// trained on.
public struct FeatureOptions: Codable, Sendable, Hashable {
    /// Word unigrams and bigrams (emoji, placeholders, `?` and `!` count as words).
    public var words: Bool
    /// Character n-grams of each word with a space marking its boundaries (`" ref"`, `"nd "`); `0` for none.
    public var characterMin: Int
    public var characterMax: Int
    /// Fold accents (`é` → `e`). Language detection keeps them.
    public var foldAccents: Bool
    /// Only the letters: no emoji, placeholders or punctuation, and no word features. For language detection.
    public var lettersOnly: Bool

    public init(words: Bool, characterMin: Int, characterMax: Int, foldAccents: Bool, lettersOnly: Bool) {
        self.words = words
        self.characterMin = characterMin
        self.characterMax = characterMax
        self.foldAccents = foldAccents
        self.lettersOnly = lettersOnly
    }

    /// For actionable, category and sentiment: words, bigrams and character 2–4-grams, accents folded.
    public static let topical = FeatureOptions(words: true, characterMin: 2, characterMax: 4, foldAccents: true, lettersOnly: false)
    /// For language: character 1–3-grams of the letters, accents kept.
    public static let language = FeatureOptions(words: false, characterMin: 1, characterMax: 3, foldAccents: false, lettersOnly: true)
}
