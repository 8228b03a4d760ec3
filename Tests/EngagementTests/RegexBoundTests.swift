import Foundation
import Testing

@testable import Engagement

/// A regular expression can neither hang the pipeline nor read more than it is allowed to.
@Suite struct RegexBoundTests {
    static let catastrophicInput = String(repeating: "a", count: 29) + "!"

    @Test(arguments: [#"^(a+)+$"#, #"(a|a)*b"#, #"(?:a|a)+b"#, #"(.*)*x"#, #"^(\w+\s?)+$"#, #"(x+x+){2,}y"#, #"(?<n>a*)*b"#])
    func catastrophicPatternsAreRejectedAtLoad(pattern: String) {
        let definition = KeywordRuleDefinition(id: "slow", match: .init(regex: [pattern]), then: .init())
        #expect {
            try KeywordRuleSet(validating: [definition])
        } throws: { error in
            "\(error)".hasPrefix("rules[0] (slow): regex '\(pattern)': ") && "\(error)".contains("exponential time")
        }
    }

    @Test(arguments: [#"^(?>a+)+$"#, #"^(a++)+$"#, #"(\d{3}-)+\d{4}"#, #"(refund|return)s?"#, #"[(a+)+]"#, #"\(a+\)+"#, #"(?i)(ab)+"#])
    func safePatternsThatLookSimilarAreAccepted(pattern: String) throws {
        let definition = KeywordRuleDefinition(id: "ok", match: .init(regex: [pattern]), then: .init())
        _ = try KeywordRuleSet(validating: [definition])
    }

    /// The load-time check is a heuristic; the time bound is what holds when a slow pattern gets through.
    @Test func aSlowMatchIsAbandonedAtTheDeadlineAndTheMessageStillFlows() throws {
        let regex = try BoundedRegex(#"^(a+)+$"#)  // straight to the matcher, past the load-time check
        let clock = ContinuousClock()
        var scan = BoundedRegex.Scan()
        let elapsed = clock.measure {
            scan = regex.scan(Self.catastrophicInput, bounds: RegexBounds(maxDuration: .milliseconds(50)))
        }
        #expect(scan.timedOut)
        #expect(!scan.matched)
        #expect(elapsed < .seconds(30))  // only catches a runaway match (years on this input); load can stretch debug runs
    }

    @Test func aTimedOutRuleIsReportedAndCountsAsNotMatched() throws {
        // Polynomial (n⁵), not exponential, so it passes the load check — but on 3,000 characters it needs
        // far more than the 20 ms it is given.
        let slow = KeywordRuleDefinition(id: "slow", match: .init(regex: ["a*a*a*a*a*b"]),
                                         then: .init(workgroup: "never", nonActionable: true))
        let fine = KeywordRuleDefinition(id: "fine", match: .init(words: ["a"]), then: .init(workgroup: "general"))
        let set = try KeywordRuleSet(validating: [slow, fine], regexBounds: RegexBounds(maxDuration: .milliseconds(20)))
        let text = String(repeating: "a", count: 3_000) + " a"
        let clock = ContinuousClock()
        var outcome = RuleOutcome()
        let elapsed = clock.measure { outcome = set.evaluate(text) }
        #expect(outcome.timedOutRuleIDs == ["slow"])
        #expect(outcome.matchedRuleIDs == ["fine"])
        #expect(outcome.actionable)
        #expect(outcome.workgroup == "general")
        #expect(elapsed < .seconds(30))  // only catches a runaway match (years on this input); load can stretch debug runs
    }

    @Test func aMaskingRuleThatTimesOutMasksTheWholeText() throws {
        let slow = KeywordRuleDefinition(id: "secret", match: .init(regex: ["a*a*a*a*a*b"]), then: .init(mask: .init()))
        let set = try KeywordRuleSet(validating: [slow], regexBounds: RegexBounds(maxDuration: .milliseconds(20)))
        let text = String(repeating: "a", count: 3_000) + ", ok?"
        let outcome = set.evaluate(text)
        #expect(outcome.timedOutRuleIDs == ["secret"])
        #expect(outcome.maskedText == String(repeating: "•", count: 3_000) + ", ••?")
    }

    @Test func aRegexSeesOnlyTheFirstCharactersOfTheText() throws {
        let rule = KeywordRuleDefinition(id: "tail", match: .init(regex: ["needle"]), then: .init())
        let set = try KeywordRuleSet(validating: [rule], regexBounds: RegexBounds(maxInputCharacters: 100))
        #expect(set.evaluate(String(repeating: "x", count: 90) + " needle").matchedRuleIDs == ["tail"])
        #expect(set.evaluate(String(repeating: "x", count: 200) + " needle").matchedRuleIDs.isEmpty)
    }

    @Test func aHundredKilobyteHostileBodyIsEvaluatedSafely() throws {
        let set = try KeywordRuleSet(validating: [
            KeywordRuleDefinition(id: "cards", match: .init(detect: ["payment_card", "iban"]), then: .init(mask: .init(keepLast: 4))),
            KeywordRuleDefinition(id: "words", match: .init(words: ["refund", "🔥"], phrases: ["money back"], hashtags: ["#refund"]),
                                  then: .init(workgroup: "billing")),
            KeywordRuleDefinition(id: "regex", match: .init(regex: [#"\d{4}\s\d{4}"#]), then: .init(priority: 5)),
        ])
        let zalgo = "Z" + String(repeating: "\u{301}\u{308}\u{30A}", count: 2_000)
        let chunk = "refund 👨‍👩‍👧 \(zalgo) ‮rtl‬ \u{0} 4111 1111 1111 1111 #refund 🇪🇸🇪 ﷽ 𒐫 "
        let body = String(repeating: chunk, count: 100_000 / chunk.utf8.count + 1)
        #expect(body.utf8.count > 100_000)
        let clock = ContinuousClock()
        var outcome = RuleOutcome()
        let elapsed = clock.measure { outcome = set.evaluate(body) }
        #expect(outcome.matchedRuleIDs.contains("cards"))
        #expect(outcome.workgroup == "billing")
        #expect(outcome.maskedText?.contains("4111") == false)
        #expect(outcome.maskedText?.contains("•••• •••• •••• 1111") == true)
        #expect(elapsed < .seconds(60))  // a hang guard, not a speed test
    }
}
