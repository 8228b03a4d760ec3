/// One token of a customer's message as the content analyzer sees it.
///
/// Words are case- and (usually) accent-folded; digits inside a word become `0`, so `SL472` and `SL118`
/// look alike; URLs, @handles, e-mail addresses and plain numbers become placeholders; an emoji stays a token
/// of its own because it carries sentiment; `?` and `!` are kept because they carry intent.
struct ContentToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A run of letters and digits (`refund`, `0k`).
        case word
        /// One character of a script written without spaces (Japanese kana and kanji).
        case ideograph
        /// An emoji or other symbol (`🔥`, `€`).
        case symbol
        /// `<url>`, `<user>`, `<email>` or `<num>`.
        case placeholder
        /// `?` or `!`.
        case punctuation
    }

    var kind: Kind
    var text: String

    static let url = ContentToken(kind: .placeholder, text: "<url>")
    static let user = ContentToken(kind: .placeholder, text: "<user>")
    static let email = ContentToken(kind: .placeholder, text: "<email>")
    static let number = ContentToken(kind: .placeholder, text: "<num>")

    /// Letters of a language: words and ideographs. Placeholders, symbols and punctuation say nothing of it.
    var isLinguistic: Bool { kind == .word || kind == .ideograph }
}
