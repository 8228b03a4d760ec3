import Foundation
import Testing

@testable import Connectors

/// Monitoring rules built from a channel's keywords, the sync plan against X's rules, the flood warning and the
/// reconnection backoff (platforms.md §5.5).
@Suite struct XStreamRulesTests {
    @Test func keywordsBecomeOneRuleWithExclusionsAndNoRetweets() throws {
        let monitor = XMonitor(keywords: ["acme", "#acmehelp", "\"acme router\""], exclude: ["jobs", "giveaway"])
        #expect(try XStreamRules.value(for: monitor) == #"(acme OR #acmehelp OR "acme router") -jobs -giveaway -is:retweet"#)
        #expect(try XStreamRules.value(for: XMonitor(keywords: ["acme"])) == "acme -is:retweet")
        // Words with spaces and no quotes stay one alternative; a multi-word exclusion stays one exclusion.
        #expect(try XStreamRules.value(for: XMonitor(keywords: ["acme router", "@acmeceo"], exclude: ["free stuff"]))
            == "((acme router) OR @acmeceo) -(free stuff) -is:retweet")
        #expect(XStreamRules.tag(channel: "acme-x") == "parley:acme-x")
        #expect(XStreamRules.channel(ofTag: "parley:acme-x") == "acme-x" && XStreamRules.channel(ofTag: "marketing") == nil)
    }

    @Test func aRuleOverFiveHundredTwelveCharactersOrUnbalancedIsRefused() {
        let many = (0..<60).map { "brandword\($0)" }
        #expect(throws: XStreamRuleError.self) { try XStreamRules.value(for: XMonitor(keywords: many)) }
        do {
            _ = try XStreamRules.value(for: XMonitor(keywords: many))
        } catch {
            #expect(error.description.contains("at most 512"))
        }
        #expect(throws: XStreamRuleError.unbalanced("\"acme router")) { try XStreamRules.value(for: XMonitor(keywords: ["\"acme router"])) }
        #expect(throws: XStreamRuleError.unbalanced("(acme")) { try XStreamRules.value(for: XMonitor(keywords: ["(acme"])) }
        #expect(throws: XStreamRuleError.noKeywords) { try XStreamRules.value(for: XMonitor(keywords: [], exclude: ["jobs"])) }
        #expect(throws: XStreamRuleError.empty) { try XStreamRules.value(for: XMonitor(keywords: ["acme", " "])) }
    }

    @Test func theSyncPlanAddsMissingDeletesStaleParleyRulesAndKeepsForeignOnes() {
        let existing = [
            XStreamRule(id: "1", value: "acme -is:retweet", tag: "parley:acme-x"),          // wanted: kept
            XStreamRule(id: "2", value: "oldbrand -is:retweet", tag: "parley:gone-x"),     // no channel any more
            XStreamRule(id: "3", value: "acme OR acmeco -is:retweet", tag: "parley:acme-uk"), // keywords changed
            XStreamRule(id: "4", value: "acme lang:fr", tag: "marketing"),                  // someone else's
            XStreamRule(id: "5", value: "cats", tag: nil),                                  // someone else's, untagged
        ]
        let desired = [
            XStreamRule(value: "acme -is:retweet", tag: "parley:acme-x"),
            XStreamRule(value: "(acme OR acmeuk) -is:retweet", tag: "parley:acme-uk"),
            XStreamRule(value: "#acmehelp -is:retweet", tag: "parley:acme-help"),
        ]
        let plan = XStreamRules.plan(existing: existing, desired: desired)
        #expect(plan.delete == ["2", "3"])
        #expect(plan.add == [desired[1], desired[2]])
        #expect(XStreamRules.plan(existing: existing.filter { $0.id != "2" && $0.id != "3" } + [XStreamRule(id: "6", value: desired[1].value, tag: desired[1].tag),
                                                                                                XStreamRule(id: "7", value: desired[2].value, tag: desired[2].tag)],
                                  desired: desired).isEmpty)
    }

    @Test func theRulesAPIAnswerIsReadWithItsSummaryAndErrors() throws {
        let body = ##"{"data":[{"id":"1273026480692322305","value":"acme -is:retweet","tag":"parley:acme-x"}],"meta":{"sent":"2026-11-26T20:00:00.000Z","summary":{"created":1,"not_created":1,"valid":2,"invalid":0}},"errors":[{"value":"#acmehelp -is:retweet","id":"1273026480692322399","title":"DuplicateRule","type":"https://api.twitter.com/2/problems/duplicate-rules"}]}"##
        let answer = try XRulesAPI.read(Data(body.utf8), status: 201)
        #expect(answer.rules == [XStreamRule(id: "1273026480692322305", value: "acme -is:retweet", tag: "parley:acme-x")])
        #expect(answer.summary == ["created": 1, "not_created": 1, "valid": 2, "invalid": 0])
        #expect(answer.errors.map(\.description) == ["DuplicateRule: for rule '#acmehelp -is:retweet'"])
        let refused = try XRulesAPI.read(Data(#"{"title":"Unauthorized","detail":"Unauthorized","type":"about:blank","status":401}"#.utf8), status: 401)
        #expect(refused.errors.map(\.title) == ["Unauthorized"])
        #expect(throws: XRulesAPI.ReadError.notJSON(status: 502)) { try XRulesAPI.read(Data("<html>".utf8), status: 502) }
        let add = try JSONSerialization.jsonObject(with: XRulesAPI.addBody([XStreamRule(value: "acme", tag: "parley:a")])) as? [String: Any]
        #expect((add?["add"] as? [[String: String]]) == [["value": "acme", "tag": "parley:a"]])
    }

    @Test func floodWarningFiresOnCommonWordsNotOnTheBrandPhrase() {
        #expect(XKeywordFlood.warnings(for: XMonitor(keywords: ["\"acme router\"", "acme", "#acmehelp", "@acmeceo"])).isEmpty)
        let help = XKeywordFlood.warnings(for: XMonitor(keywords: ["acme", "help"]))
        #expect(help.count == 1 && help[0].contains("'help' is a common word") && help[0].contains("narrow"))
        #expect(XKeywordFlood.warnings(for: XMonitor(keywords: ["acme", "#love"]))[0].contains("hashtag of a common word"))
        #expect(XKeywordFlood.warnings(for: XMonitor(keywords: ["acme", "tv"]))[0].contains("very short"))
        #expect(XKeywordFlood.warnings(for: XMonitor(keywords: ["acme", "\"thank you\""]))[0].contains("only of common words"))
        let generic = XKeywordFlood.warnings(for: XMonitor(keywords: ["help", "today", "#love"]))
        #expect(generic.count == 4 && generic[3].hasPrefix("every monitored keyword is generic"))
    }

    @Test func backoffGrowsPerCauseWithJitterAndStartsOverAfterAHealthyConnection() {
        var backoff = XStreamBackoff()
        #expect([0, 0, 0, 0, 0, 0, 0, 0].map { _ in backoff.delay(after: .network, random: 0) } == [1, 2, 4, 8, 16, 32, 60, 60])
        #expect(backoff.delay(after: .tooManyRequests, random: 0) == 60)
        #expect(backoff.delay(after: .tooManyRequests, random: 0) == 120)
        #expect(backoff.delay(after: .serverError, random: 0) == 5)
        #expect(abs(backoff.delay(after: .serverError, random: 0.5) - 11) < 1e-9, "a tenth more: half the jitter")
        backoff.reset()
        #expect(abs(backoff.delay(after: .network, random: 1) - 1.2) < 1e-9)
        #expect(backoff.delay(after: .tooManyRequests, random: 0) == 60)
    }
}
