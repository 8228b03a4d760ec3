import PropertyBased
import Testing

@testable import Engagement

@Suite struct FoldedTextTests {
    @Test(arguments: [
        ("Réclamation", "reclamation"), ("ÄRGER", "arger"), ("REEMBOLSÓ", "reembolso"),
        ("Re\u{301}clamation", "reclamation"),  // decomposed é
        ("ＲＥＦＵＮＤ", "refund"), ("ﬁn", "fin"), ("Straße", "strasse"), ("ΣΟΦΟΣ", "σοφοσ"), ("İstanbul", "istanbul"),
        ("👍🏽", "👍"), ("❤️", "❤"), ("مرحبا", "مرحبا"), ("ที่", "ที่"),
    ])
    func foldsCaseAccentsAndCompatibilityForms(original: String, folded: String) {
        #expect(FoldedText.fold(original) == folded)
    }

    @Test func precomposedAndDecomposedAccentsFoldAlike() {
        #expect(FoldedText.fold("reembolsó") == FoldedText.fold("reembolso\u{301}"))
        #expect(FoldedText.fold("REEMBOLSO") == FoldedText.fold("reembolsó"))
    }

    @Test func aFoldedMatchMapsBackToTheOriginalCharacters() {
        let text = FoldedText("Ça coûte 10 €, RÉCLAMATION!")
        let range = text.folded.range(of: "reclamation")!
        #expect(text.original[text.originalRange(of: range)] == "RÉCLAMATION")
    }

    @Test func aMatchInsideAnEmojiSequenceMapsBackToTheWholeSequence() {
        let family = "👨‍👩‍👧"
        let text = FoldedText("hola \(family) y 🇪🇸!")
        let man = text.folded.range(of: "\u{1F468}")!  // the first person of the ZWJ family
        #expect(String(text.original[text.originalRange(of: man)]) == family)
        let letterS = text.folded.unicodeScalars.firstIndex(of: "\u{1F1F8}")!  // half of the flag
        let half = letterS..<text.folded.unicodeScalars.index(after: letterS)
        #expect(text.original[text.originalRange(of: half)] == "🇪🇸")
    }

    @Test func aLoneCombiningMarkFoldsToNothingAndMapsToItsCharacter() {
        let text = FoldedText("\u{301}abc")
        #expect(text.folded == "abc")
        let a = text.folded.range(of: "a")!
        #expect(text.original[text.originalRange(of: a)] == "a")
    }

    @Test func aHundredKilobytesOfMixedTextFoldsQuickly() {
        let body = String(repeating: "Réclamation 👨‍👩‍👧 e\u{301}\u{308} مرحبا ", count: 3_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = FoldedText(body) }
        #expect(body.utf8.count > 100_000)
        #expect(elapsed < .seconds(60))  // a guard against quadratic folding, not a speed test
    }

    // MARK: properties

    /// Pieces that, joined at random, make texts mixing ASCII, accents in both forms, emoji, combining
    /// marks (also lone ones that attach to whatever precedes them), right-to-left scripts and odd forms.
    static let pieces = [
        "a", "Z", "refund", " ", "  ", "-", "#", "4111", "0", ".", "\r\n", "é", "e\u{301}", "E\u{301}\u{308}", "\u{301}", "\u{308}",
        "Ä", "ß", "ẞ", "ﬁ", "Ｒ", "İ", "ς", "🔥", "👍🏽", "👨‍👩‍👧", "🇪🇸", "🇫", "❤️", "\u{FE0F}", "\u{200D}", "مرحبا", "שלום",
        "ที่", "返金", "½", "١٢",
    ]
    static let texts = Gen.int(in: 0...(pieces.count - 1)).array(of: 0...40).map { $0.map { pieces[$0] }.joined() }
    static let offsets = Gen.int(in: 0...400).array(of: 2)

    /// The UTF-8 offsets of `text` that start a Unicode scalar (where a regex match may start or end).
    static func scalarOffsets(_ text: String) -> [Int] {
        var offsets: [Int] = [0]
        for scalar in text.unicodeScalars { offsets.append(offsets.last! + String(scalar).utf8.count) }
        return offsets
    }

    @Test func anyFoldedRangeMapsBackToWholeCharactersOfTheOriginalThatFoldToIt() async {
        await propertyCheck(count: 500, input: Self.texts, Self.offsets) { original, picks in
            let text = FoldedText(original)
            let offsets = Self.scalarOffsets(text.folded)
            let ends = picks.map { offsets[$0 % offsets.count] }.sorted()
            let range = text.originalRange(utf8Offsets: ends[0]..<ends[1])

            let boundaries = Set(original.indices).union([original.endIndex])
            #expect(boundaries.contains(range.lowerBound) && boundaries.contains(range.upperBound))
            #expect(range.lowerBound <= range.upperBound)
            let foldedSlice = Array(text.folded.utf8)[ends[0]..<ends[1]]
            if foldedSlice.isEmpty {
                #expect(range.isEmpty)
            } else {
                let refolded = Array(FoldedText.fold(String(original[range])).utf8)
                #expect(refolded.firstRange(of: foldedSlice) != nil, "\(original.debugDescription) \(ends)")
            }
        }
    }

    @Test func maskingNeverChangesAnythingOutsideTheMaskedRange() async {
        await propertyCheck(count: 500, input: Self.texts, Self.offsets) { original, picks in
            let text = FoldedText(original)
            let offsets = Self.scalarOffsets(text.folded)
            let ends = picks.map { offsets[$0 % offsets.count] }.sorted()
            let range = text.originalRange(utf8Offsets: ends[0]..<ends[1])
            let masked = TextMasker.mask(original, spans: [TextMasker.Span(range: range, style: MaskStyle())])

            let before = Array(original[..<range.lowerBound].utf8)
            let after = Array(original[range.upperBound...].utf8)
            let result = Array(masked.utf8)
            #expect(result.starts(with: before))
            #expect(result.reversed().starts(with: after.reversed()))
            #expect(result.count >= before.count + after.count)
        }
    }
}
