import Domain
import Foundation
import Testing

@testable import Engagement

/// Rule order, the kinds of match, and what the outcome carries.
@Suite struct KeywordRulesTests {
    static func rule(
        _ id: String, words: [String] = [], phrases: [String] = [], hashtags: [String] = [], regex: [String] = [],
        detect: [String] = [], channels: [String] = [], kinds: [String] = [], then: KeywordRuleDefinition.Actions = .init()
    ) -> KeywordRuleDefinition {
        KeywordRuleDefinition(
            id: id, match: .init(words: words, phrases: phrases, hashtags: hashtags, regex: regex, detect: detect),
            channels: channels, channelKinds: kinds, then: then)
    }

    static func rules(_ definitions: KeywordRuleDefinition..., keepOriginal: Bool = false) throws -> KeywordRuleSet {
        try KeywordRuleSet(validating: definitions, keepOriginal: keepOriginal)
    }

    // MARK: kinds of match

    @Test func wordsMatchWholeWordsOnly() throws {
        let set = try Self.rules(Self.rule("refund", words: ["refund"], then: .init(workgroup: "billing")))
        #expect(set.evaluate("I want a refund.").matchedRuleIDs == ["refund"])
        #expect(set.evaluate("REFUND!!").workgroup == "billing")
        #expect(set.evaluate("refunds are slow").matchedRuleIDs.isEmpty)
        #expect(set.evaluate("nonrefundable").matchedRuleIDs.isEmpty)
    }

    @Test func wordsMatchCaseAndAccentInsensitively() throws {
        let set = try Self.rules(Self.rule("reembolso", words: ["REEMBOLSO"]), Self.rule("ärger", words: ["Ärger"]))
        #expect(set.evaluate("quiero mi reembolsó ya").matchedRuleIDs == ["reembolso"])
        #expect(set.evaluate("quiero mi reembolso\u{301} ya").matchedRuleIDs == ["reembolso"])  // decomposed
        #expect(set.evaluate("So ein ARGER").matchedRuleIDs == ["ärger"])
        #expect(set.evaluate("ＲＥＥＭＢＯＬＳＯ").matchedRuleIDs == ["reembolso"])  // full-width
    }

    @Test func phrasesMatchWordSequencesWhateverSpacingOrPunctuationIsBetween() throws {
        let set = try Self.rules(Self.rule("money-back", phrases: ["money back"]))
        #expect(set.evaluate("I want my MONEY   back").matchedRuleIDs == ["money-back"])
        #expect(set.evaluate("money, back!").matchedRuleIDs == ["money-back"])
        #expect(set.evaluate("back my money").matchedRuleIDs.isEmpty)
        #expect(set.evaluate("moneyback").matchedRuleIDs.isEmpty)
    }

    @Test func hashtagsMatchTheHashtagOnlyNotThePlainWord() throws {
        let set = try Self.rules(Self.rule("tag", hashtags: ["#Refund"]))
        #expect(set.evaluate("where is my money #refund").matchedRuleIDs == ["tag"])
        #expect(set.evaluate("#RÉFUND now").matchedRuleIDs == ["tag"])
        #expect(set.evaluate("I want a refund").matchedRuleIDs.isEmpty)
        #expect(set.evaluate("#refunds").matchedRuleIDs.isEmpty)
        #expect(set.evaluate("abc#refund").matchedRuleIDs.isEmpty)
    }

    @Test func aWordAlsoMatchesInsideItsHashtag() throws {
        let set = try Self.rules(Self.rule("word", words: ["refund"]))
        #expect(set.evaluate("#refund please").matchedRuleIDs == ["word"])
    }

    @Test func regexMatchesTheFoldedText() throws {
        let set = try Self.rules(Self.rule("order", regex: [#"pedido\s*#?\d{6}"#]))
        #expect(set.evaluate("Mi PEDIDO #123456 no llegó").matchedRuleIDs == ["order"])
        #expect(set.evaluate("Mi pedido 12345").matchedRuleIDs.isEmpty)
    }

    @Test func anEmojiRuleMatchesTheEmojiWhateverItsSkinToneOrPresentation() throws {
        let set = try Self.rules(Self.rule("fire", words: ["🔥"]), Self.rule("thumbs", words: ["👍"]), Self.rule("heart", words: ["❤️"]))
        #expect(set.evaluate("great service🔥🔥").matchedRuleIDs == ["fire"])
        #expect(set.evaluate("👍🏽 thanks").matchedRuleIDs == ["thumbs"])
        #expect(set.evaluate("❤ you").matchedRuleIDs == ["heart"])
        #expect(set.evaluate("👨‍👩‍👧 family").matchedRuleIDs.isEmpty)
    }

    @Test func wordsNextToEmojiAndRightToLeftTextStillMatch() throws {
        let set = try Self.rules(Self.rule("refund", words: ["refund"]), Self.rule("shukran", words: ["شكرا"]))
        #expect(set.evaluate("🔥refund🔥").matchedRuleIDs == ["refund"])
        #expect(set.evaluate("شكرا 👨‍👩‍👧").matchedRuleIDs == ["shukran"])
    }

    @Test func wordsInScriptsWithoutSpacesMatchAsCharacterSequences() throws {
        let set = try Self.rules(Self.rule("henkin", words: ["返金"]))
        #expect(set.evaluate("返金してください").matchedRuleIDs == ["henkin"])
        #expect(set.evaluate("返品してください").matchedRuleIDs.isEmpty)
    }

    // MARK: order

    @Test func aLaterRuleOverridesWorkgroupAndPriority() throws {
        let set = try Self.rules(
            Self.rule("first", words: ["refund"], then: .init(workgroup: "billing", priority: 100)),
            Self.rule("second", words: ["angry"], then: .init(workgroup: "escalations", priority: 900)))
        let outcome = set.evaluate("angry about my refund")
        #expect(outcome.matchedRuleIDs == ["first", "second"])
        #expect(outcome.workgroup == "escalations")
        #expect(outcome.priority == 900)
    }

    @Test func aLaterRuleWithoutWorkgroupKeepsTheEarlierOne() throws {
        let set = try Self.rules(
            Self.rule("first", words: ["refund"], then: .init(workgroup: "billing")),
            Self.rule("second", words: ["refund"], then: .init(priority: 10)))
        let outcome = set.evaluate("refund")
        #expect(outcome.workgroup == "billing")
        #expect(outcome.priority == 10)
    }

    @Test func stopKeepsLaterRulesFromChangingRouting() throws {
        let set = try Self.rules(
            Self.rule("vip", words: ["refund"], then: .init(workgroup: "vip", priority: 800, stop: true)),
            Self.rule("billing", words: ["refund"], then: .init(workgroup: "billing", skills: [.init(skill: "billing", proficiency: 2)],
                                                                priority: 1, nonActionable: true)))
        let outcome = set.evaluate("refund")
        #expect(outcome.matchedRuleIDs == ["vip"])
        #expect(outcome.stoppedBy == "vip")
        #expect(outcome.workgroup == "vip")
        #expect(outcome.priority == 800)
        #expect(outcome.skills.isEmpty)
        #expect(outcome.actionable)
    }

    @Test func stopNeverTurnsMaskingOff() throws {
        let set = try Self.rules(
            Self.rule("any", regex: ["."], then: .init(workgroup: "general", stop: true)),
            Self.rule("cards", detect: ["payment_card"], then: .init(workgroup: "ignored", mask: .init(keepLast: 4))))
        let outcome = set.evaluate("card 4111 1111 1111 1111")
        #expect(outcome.matchedRuleIDs == ["any", "cards"])
        #expect(outcome.workgroup == "general")
        #expect(outcome.maskedText == "card •••• •••• •••• 1111")
    }

    @Test func skillsAddUpKeepingTheHigherProficiency() throws {
        let set = try Self.rules(
            Self.rule("spanish", words: ["hola"], then: .init(skills: [.init(skill: "spanish", proficiency: 2)])),
            Self.rule("billing", words: ["factura"], then: .init(skills: [.init(skill: "billing", proficiency: 3),
                                                                          .init(skill: "spanish", proficiency: 4)])))
        let outcome = set.evaluate("hola, mi factura")
        #expect(outcome.skills == [SkillLevel(skill: "spanish", proficiency: 4), SkillLevel(skill: "billing", proficiency: 3)])
    }

    @Test func nonActionableMessagesAreKeptButMarked() throws {
        let set = try Self.rules(
            Self.rule("thanks", phrases: ["thank you"], then: .init(nonActionable: true)),
            Self.rule("later", words: ["thank"], then: .init(workgroup: "general")))
        let outcome = set.evaluate("Thank you!")
        #expect(!outcome.actionable)
        #expect(outcome.matchedRuleIDs == ["thanks", "later"])
        #expect(set.evaluate("I need help").actionable)
    }

    @Test func channelFiltersLimitWhereARuleApplies() throws {
        let set = try Self.rules(
            Self.rule("x-only", words: ["refund"], kinds: ["x"]),
            Self.rule("shop", words: ["refund"], channels: ["web-shop"]))
        #expect(set.evaluate("refund", channel: "x-main", kind: .x).matchedRuleIDs == ["x-only"])
        #expect(set.evaluate("refund", channel: "web-shop", kind: .webMessaging).matchedRuleIDs == ["shop"])
        #expect(set.evaluate("refund").matchedRuleIDs.isEmpty)
    }

    @Test func noRulesLeaveTheMessageActionableAndUntouched() {
        let outcome = KeywordRuleSet.empty.evaluate("anything 4111 1111 1111 1111")
        #expect(outcome == RuleOutcome())
        #expect(outcome.textForAgents(original: "x") == "x")
    }

    // MARK: validation at load

    @Test func anInvalidRegexIsRejectedAtLoadNamingTheRule() {
        let definitions = [Self.rule("a", words: ["a"]), Self.rule("b", words: ["b"]), Self.rule("c", words: ["c"]),
                           Self.rule("refunds", regex: ["(abc"])]
        #expect {
            try KeywordRuleSet(validating: definitions)
        } throws: { error in
            "\(error)" == "rules[3] (refunds): regex '(abc': expected ')'"
        }
    }

    @Test(arguments: [
        (KeywordRulesTests.rule("empty"), "rules[0] (empty): match is empty; give at least one of words, phrases, hashtags, regex or detect"),
        (KeywordRulesTests.rule("skill", words: ["x"], then: .init(skills: [.init(skill: "billing", proficiency: 7)])),
         "rules[0] (skill): skills[0] (billing): proficiency 7 is out of range 1–5"),
        (KeywordRulesTests.rule("prio", words: ["x"], then: .init(priority: 1001)), "rules[0] (prio): priority 1001 is out of range 0–1000"),
        (KeywordRulesTests.rule("act", words: ["x"], then: .init(unknownKeys: ["route_to"])),
         "rules[0] (act): unknown action 'route_to'; known: workgroup, skills, priority, non_actionable, stop, mask"),
        (KeywordRuleDefinition(id: "typo", match: .init(words: ["x"], unknownKeys: ["word"]), then: .init()),
         "rules[0] (typo): unknown match 'word'; known: words, phrases, hashtags, regex, detect"),
        (KeywordRulesTests.rule("sp", words: ["money back"]), "rules[0] (sp): words entry 'money back' holds several words; put it under phrases"),
        (KeywordRulesTests.rule("tag", hashtags: ["refund"]),
         "rules[0] (tag): hashtags entry 'refund' must be '#' followed by letters or digits only, like '#refund'"),
        (KeywordRulesTests.rule("det", detect: ["credit_card"]), "rules[0] (det): detect: unknown pattern 'credit_card'; known: payment_card, iban"),
        (KeywordRulesTests.rule("all", regex: ["x*"]), "rules[0] (all): regex 'x*': matches the empty text, so it would match every message"),
        (KeywordRulesTests.rule("acc", regex: ["reembolsó"]),
         "rules[0] (acc): regex 'reembolsó': contains 'ó', but rules match a folded copy of the text (lower case, no accents): write 'o'"),
        (KeywordRulesTests.rule("kind", words: ["x"], kinds: ["fax"]),
         "rules[0] (kind): channel_kinds: unknown kind 'fax'; known: web_messaging, facebook_page, messenger, instagram, whatsapp, x, line, open"),
        (KeywordRulesTests.rule("", words: ["x"]), "rules[0]: id is required"),
    ])
    func invalidRulesAreRejectedWithTheRuleAndProblemNamed(definition: KeywordRuleDefinition, message: String) {
        #expect {
            try KeywordRuleSet(validating: [definition])
        } throws: { error in
            "\(error)" == message
        }
    }

    @Test func everyProblemOfEveryRuleIsReportedAtOnce() {
        let definitions = [Self.rule("a", regex: ["[z-a]"]), Self.rule("a", words: ["x"], then: .init(priority: -1))]
        #expect {
            try KeywordRuleSet(validating: definitions)
        } throws: { error in
            "\(error)" == """
                rules[0] (a): regex '[z-a]': character 'z' must compare less than or equal to 'a'
                rules[1] (a): id 'a' is already used by rules[0]; ids must be unique
                rules[1] (a): priority -1 is out of range 0–1000
                """
        }
    }

    @Test func referencesAreCheckedWhenTheCallerKnowsThem() {
        let known = KeywordRuleSet.KnownReferences(workgroups: ["billing"], skills: ["spanish"])
        let definition = Self.rule("r", words: ["x"], then: .init(workgroup: "biling", skills: [.init(skill: "german", proficiency: 3)]))
        #expect {
            try KeywordRuleSet(validating: [definition], known: known)
        } throws: { error in
            "\(error)" == """
                rules[0] (r): workgroup 'biling' is not defined
                rules[0] (r): skills[0] (german): skill 'german' is not defined
                """
        }
    }

    @Test func definitionsDecodeFromJSONWithTheConfigurationKeys() throws {
        let json = """
            [{"id": "refunds", "name": "Refund requests", "match": {"words": ["refund"], "regex": "order \\\\d+"},
              "channel_kinds": ["x"],
              "then": {"workgroup": "billing", "skills": [{"skill": "spanish", "proficiency": 3}], "priority": 200,
                       "non_actionable": false, "stop": true, "mask": {"keep_last": 4}, "escalate": true}}]
            """
        let definitions = try JSONDecoder().decode([KeywordRuleDefinition].self, from: Data(json.utf8))
        #expect(definitions[0].match.regex == [#"order \d+"#])
        #expect(definitions[0].then.mask == .init(keepLast: 4))
        #expect(definitions[0].then.stop)
        #expect(definitions[0].then.unknownKeys == ["escalate"])
        #expect(throws: KeywordRuleError.self) { try KeywordRuleSet(validating: definitions) }
    }
}
