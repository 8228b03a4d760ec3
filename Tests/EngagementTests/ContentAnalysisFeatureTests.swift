import Testing

@testable import Engagement

@Suite struct ContentAnalysisFeatureTests {
    private func texts(_ text: String, foldAccents: Bool = true) -> [String] {
        ContentTokenizer(foldAccents: foldAccents).tokens(text).map(\.text)
    }

    @Test func emojiStayTokensAndSkinTonesFold() {
        #expect(texts("great 😡😡 👍🏽!") == ["great", "😡", "😡", "👍", "!"])
    }

    @Test func accentsAndCaseFoldForTopicsButNotForLanguage() {
        #expect(texts("REEMBOLSÓ Straße") == ["reembolso", "strasse"])
        #expect(texts("REEMBOLSÓ", foldAccents: false) == ["reembolsó"])
    }

    @Test func handlesLinksAddressesAndNumbersBecomePlaceholders() {
        #expect(
            texts("@cartwell_help order CW-88213-QX see https://x.co/a or mail me@example.com, 45 min? flight SL472")
                == ["<user>", "order", "cw", "<num>", "qx", "see", "<url>", "or", "mail", "<email>", "<num>", "min", "?", "flight", "sl000"])
    }

    @Test func japaneseIsCutIntoCharactersAndReadAsOneRunForCharacterGrams() {
        #expect(texts("届きません。") == ["届", "き", "ま", "せ", "ん"])
        let features = FeatureExtractor(.language).features("届きません")
        #expect(features["c:届き"] == 1)
        #expect(features["c: 届"] == 1)
    }

    @Test func topicalFeaturesHaveWordsBigramsAndBoundedCharacterGrams() {
        let features = FeatureExtractor(.topical).features("No signal 😡")
        #expect(features["w:signal"] == 1)
        #expect(features["w:😡"] == 1)
        #expect(features["b:no signal"] == 1)
        #expect(features["c: si"] == 1)
        #expect(features["c:al "] == 1)
        #expect(features.keys.allSatisfy { !$0.hasPrefix("c:") || !$0.contains("😡") })
    }

    @Test func textsWithoutLettersHaveNoLanguageFeatures() {
        #expect(!FeatureExtractor.hasLetters("@NimbusMobile 🤡🤡🤡"))
        #expect(!FeatureExtractor.hasLetters("🔥🔥🔥 123"))
        #expect(FeatureExtractor.hasLetters("merci 🔥"))
        #expect(FeatureExtractor(.language).features("@Vistaplay 😒😒😒").isEmpty)
    }
}
