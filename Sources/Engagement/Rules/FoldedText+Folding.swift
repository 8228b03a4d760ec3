import Foundation

extension FoldedText {
    /// One character's folded form: compatibility forms unified (NFKC: full-width `Ｒ` → `r`, `ﬁ` → `fi`),
    /// lower case, accents removed (`É` → `e`, `ß` → `ss`), and the emoji presentation details that do not
    /// change meaning dropped (variation selectors, skin tones: `👍🏽` → `👍`). May be empty: a lone
    /// combining accent folds to nothing.
    static func fold(_ character: Character) -> String {
        let compatible = String(character).precomposedStringWithCompatibilityMapping.lowercased()
        var scalars = String.UnicodeScalarView()
        for scalar in compatible.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case _ where isIgnorable(scalar): continue
            case 0x00DF, 0x1E9E: scalars.append(contentsOf: "ss".unicodeScalars)  // ß, ẞ
            case 0x03C2: scalars.append("\u{03C3}")  // final sigma ς → σ
            default: scalars.append(scalar)
            }
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    /// Accents (combining diacritical marks of the Latin, Greek and Cyrillic kind), variation selectors and
    /// emoji skin-tone modifiers. Combining marks that are letters' vowels in other scripts (Thai,
    /// Devanagari, Hebrew, Arabic) are kept: removing them would merge different words.
    private static func isIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0xFE20...0xFE2F: true  // combining diacritics
        case 0xFE00...0xFE0F, 0xE0100...0xE01EF: true  // variation selectors
        case 0x1F3FB...0x1F3FF: true  // emoji modifiers (skin tones)
        default: false
        }
    }
}
