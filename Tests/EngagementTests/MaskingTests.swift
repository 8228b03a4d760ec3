import PropertyBased
import Testing

@testable import Engagement

/// Masking card numbers, IBANs and regex matches in the original text, and keeping the original only when
/// the rule set allows it.
@Suite struct MaskingTests {
    static let cards = KeywordRuleDefinition(
        id: "cards", match: .init(detect: ["payment_card"]), then: .init(mask: .init(keepLast: 4)))

    @Test func aCardNumberIsMaskedKeepingItsLastFourDigits() throws {
        let set = try KeywordRuleSet(validating: [Self.cards])
        let outcome = set.evaluate("mi tarjeta es 4111 1111 1111 1111 gracias")
        #expect(outcome.maskedText == "mi tarjeta es •••• •••• •••• 1111 gracias")
        #expect(outcome.matchedRuleIDs == ["cards"])
        #expect(outcome.originalText == nil)
    }

    @Test func accentsAndEmojiBeforeTheCardDoNotShiftTheMask() throws {
        let set = try KeywordRuleSet(validating: [Self.cards])
        let text = "Señor, mi tarjeta de crédito 👨‍👩‍👧 es 4111-1111-1111-1111 ¡gracias! ÀÉÎ"
        #expect(set.evaluate(text).maskedText == "Señor, mi tarjeta de crédito 👨‍👩‍👧 es ••••-••••-••••-1111 ¡gracias! ÀÉÎ")
        let decomposed = "Se\u{303}nor, cre\u{301}dito: 5500 0000 0000 0004."
        #expect(set.evaluate(decomposed).maskedText == "Se\u{303}nor, cre\u{301}dito: •••• •••• •••• 0004.")
    }

    @Test func fullWidthDigitsOfACardAreMaskedInTheOriginal() throws {
        let set = try KeywordRuleSet(validating: [Self.cards])
        #expect(set.evaluate("カード４１１１１１１１１１１１１１１１です").maskedText == "カード••••••••••••１１１１です")
    }

    @Test func numbersFailingTheLuhnCheckAreNotMasked() throws {
        let set = try KeywordRuleSet(validating: [Self.cards])
        let outcome = set.evaluate("order 4111 1111 1111 1112 and tracking 1234567890123")
        #expect(outcome.maskedText == nil)
        #expect(outcome.matchedRuleIDs.isEmpty)
    }

    @Test func aCardFollowedByItsExpiryIsStillFound() throws {
        let set = try KeywordRuleSet(validating: [Self.cards])
        #expect(set.evaluate("4111 1111 1111 1111 12 27").maskedText == "•••• •••• •••• 1111 12 27")
    }

    @Test func twoCardsInOneMessageAreBothMasked() throws {
        let set = try KeywordRuleSet(validating: [Self.cards])
        #expect(set.evaluate("4111111111111111 or 378282246310005").maskedText == "••••••••••••1111 or •••••••••••0005")
    }

    @Test func anIBANIsMasked() throws {
        let set = try KeywordRuleSet(validating: [
            KeywordRuleDefinition(id: "iban", match: .init(detect: ["iban"]), then: .init(mask: .init(keepLast: 4))),
        ])
        #expect(set.evaluate("IBAN: ES91 2100 0418 4502 0005 1332, gracias").maskedText == "IBAN: •••• •••• •••• •••• •••• 1332, gracias")
        #expect(set.evaluate("mein Konto DE89370400440532013000").maskedText == "mein Konto ••••••••••••••••••3000")
        #expect(set.evaluate("ES91 2100 0418 4502 0005 1333").maskedText == nil)  // check digits fail
    }

    @Test func aRegexMaskCoversOnlyItsNamedGroup() throws {
        let set = try KeywordRuleSet(validating: [
            KeywordRuleDefinition(id: "customer", match: .init(regex: [#"cliente\s*(?<mask>\d{5,})"#]), then: .init(mask: .init())),
        ])
        #expect(set.evaluate("Número de CLIENTE 8812345, por favor").maskedText == "Número de CLIENTE •••••••, por favor")
    }

    @Test func theOriginalIsKeptOnlyWhenTheRuleSetAllowsIt() throws {
        let kept = try KeywordRuleSet(validating: [Self.cards], keepOriginal: true)
        let text = "card 4111 1111 1111 1111"
        let outcome = kept.evaluate(text)
        #expect(outcome.originalText == text)
        #expect(outcome.textForAgents(original: text) == "card •••• •••• •••• 1111")
        #expect(kept.evaluate("no card here").originalText == nil)
        #expect(try KeywordRuleSet(validating: [Self.cards]).evaluate(text).originalText == nil)
    }

    @Test func maskingAWordHidesItInEveryForm() throws {
        let set = try KeywordRuleSet(validating: [
            KeywordRuleDefinition(id: "secret", match: .init(words: ["contraseña"]), then: .init(mask: .init())),
        ])
        #expect(set.evaluate("Mi CONTRASEÑA y mi contrasena").maskedText == "Mi •••••••••• y mi ••••••••••")
    }

    /// Random texts with digits in many forms: a regex masking digit runs changes exactly the characters
    /// whose folded form holds a digit, and every other byte stays as it was.
    @Test func maskingChangesOnlyTheCharactersThatMatched() async throws {
        let set = try KeywordRuleSet(validating: [
            KeywordRuleDefinition(id: "digits", match: .init(regex: ["[0-9]+"]), then: .init(mask: .init())),
        ])
        await propertyCheck(count: 500, input: FoldedTextTests.texts) { text in
            var expected = ""
            for character in text {
                let hasDigit = FoldedText.fold(character).unicodeScalars.contains { ("0"..."9").contains($0) }
                let kept = !hasDigit || character.isWhitespace || (character.isPunctuation && !character.isLetter)
                expected.append(kept ? String(character) : "•")
            }
            let outcome = set.evaluate(text)
            #expect(Array(outcome.textForAgents(original: text).utf8) == Array(expected.utf8), "\(text.debugDescription)")
        }
    }
}
