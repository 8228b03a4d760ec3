import Foundation

/// A tweet's length as X counts it (its published twitter-text rules, version 3): the text in NFC, each code point
/// weighing 1 in the ranges below and 2 elsewhere, an emoji 2 as a whole, and every http(s) link 23 (the length of
/// its t.co form). Bare domains without a scheme, which X also links, are counted as the text they are.
enum XWeightedLength {
    static let linkWeight = 23
    /// Code points that weigh 1: Latin and other alphabetic scripts up to U+10FF, general punctuation spaces and dashes,
    /// quotes, and primes.
    static let light: [ClosedRange<UInt32>] = [0...4351, 8192...8205, 8208...8223, 8242...8247]

    static func of(_ text: String) -> Int {
        let normalised = text.precomposedStringWithCanonicalMapping
        var length = 0
        var rest = normalised[...]
        while var link = rest.range(of: #"https?://[^\s]+"#, options: [.regularExpression, .caseInsensitive]) {
            // Punctuation closing a sentence is not part of the link ("see https://x.example/a.").
            while link.upperBound > link.lowerBound, let last = rest[..<link.upperBound].last, ".,;:!?)]}'\"".contains(last) {
                link = link.lowerBound..<rest.index(before: link.upperBound)
            }
            length += weight(of: rest[..<link.lowerBound]) + linkWeight
            rest = rest[link.upperBound...]
        }
        return length + weight(of: rest)
    }

    private static func weight(of text: Substring) -> Int {
        text.reduce(0) { total, character in total + (isEmoji(character) ? 2 : weight(ofScalars: character.unicodeScalars)) }
    }

    private static func weight(ofScalars scalars: Character.UnicodeScalarView) -> Int {
        scalars.reduce(0) { total, scalar in total + (light.contains { $0.contains(scalar.value) } ? 1 : 2) }
    }

    /// A character shown as an emoji: one presented as emoji by default, one asked for with U+FE0F, a keycap,
    /// or a flag (two regional indicators).
    private static func isEmoji(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return false }
        if first.properties.isEmojiPresentation { return true }
        if first.properties.isEmoji, scalars.count > 1, scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x20E3 }) { return true }
        return (0x1F1E6...0x1F1FF).contains(first.value)
    }
}
