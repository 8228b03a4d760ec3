import Foundation
import Testing

@testable import Connectors

@Suite struct PolicyCounterTests {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)
    static let hour: TimeInterval = 3600

    func at(_ offset: TimeInterval) -> Date { Self.start + offset }

    // MARK: WhatsApp tier

    @Test func eachCustomerCountsOnceWithinTheRollingDay() {
        var counter = WhatsAppTierCounter(tier: .tier1K)
        counter.record(customer: "a", at: at(0))
        counter.record(customer: "a", at: at(Self.hour))
        counter.record(customer: "b", at: at(2 * Self.hour))
        #expect(counter.used(now: at(3 * Self.hour)) == 2)
    }

    @Test func startsLeaveTheCountAfter24Hours() {
        var counter = WhatsAppTierCounter(tier: .tier1K)
        counter.record(customer: "a", at: at(0))
        counter.record(customer: "b", at: at(10 * Self.hour))
        #expect(counter.used(now: at(24 * Self.hour - 1)) == 2)
        #expect(counter.used(now: at(24 * Self.hour)) == 1)
        #expect(counter.used(now: at(34 * Self.hour)) == 0)
        // A customer started again is counted from the later start.
        counter.record(customer: "b", at: at(20 * Self.hour))
        #expect(counter.used(now: at(40 * Self.hour)) == 1)
    }

    @Test func theTierWarnsAt80PercentAndRefusesANewCustomerAtTheLimit() {
        var counter = WhatsAppTierCounter(tier: .tier1K)
        for index in 0..<798 { counter.record(customer: "c\(index)", at: at(0)) }
        #expect(counter.check(customer: "new", now: at(1)) == .allowed(used: 799, limit: 1000))
        counter.record(customer: "c798", at: at(0))
        #expect(counter.check(customer: "new", now: at(1)) == .nearLimit(used: 800, limit: 1000))
        for index in 799..<1000 { counter.record(customer: "c\(index)", at: at(0)) }
        let full = counter.check(customer: "new", now: at(1))
        #expect(full == .limitReached(used: 1000, limit: 1000))
        #expect(!full.allowsSend)
        // Someone already counted costs nothing more; a day later there is room again.
        #expect(counter.check(customer: "c5", now: at(1)).allowsSend)
        #expect(counter.check(customer: "new", now: at(24 * Self.hour)) == .allowed(used: 1, limit: 1000))
    }

    @Test func tiersHoldTheSeedsLimits() {
        #expect(WhatsAppTier.allCases.map(\.limit) == [1000, 10_000, 100_000])
    }

    // MARK: X anti-bulk

    @Test func identicalAutomaticMessagesToManyPeopleAreRefused() {
        var guardState = BulkSendGuard(maxIdenticalRecipients: 2)
        for person in ["p1", "p2"] {
            #expect(guardState.refusal(to: person, text: "Thanks for reaching out!", kind: .directMessage, automatic: true, now: at(0)) == nil)
            guardState.record(to: person, text: "Thanks for reaching out!", kind: .directMessage, automatic: true, at: at(0))
        }
        let third = guardState.refusal(to: "p3", text: "  thanks for   REACHING out! ", kind: .directMessage, automatic: true, now: at(60))
        #expect(third?.contains("word for word to 2 other people") == true)
        // People may send standard responses; a different text, or a day later, is fine.
        #expect(guardState.refusal(to: "p3", text: "Thanks for reaching out!", kind: .directMessage, automatic: false, now: at(60)) == nil)
        #expect(guardState.refusal(to: "p3", text: "Thanks, Ann!", kind: .directMessage, automatic: true, now: at(60)) == nil)
        #expect(guardState.refusal(to: "p3", text: "Thanks for reaching out!", kind: .directMessage, automatic: true, now: at(24 * Self.hour)) == nil)
    }

    @Test func identicalDirectMessagesToManyPeopleAreRefusedWhoeverWritesThem() {
        var guardState = BulkSendGuard(maxIdenticalDirectMessageRecipients: 3, identicalDirectMessageWindow: Self.hour)
        for person in ["p1", "p2", "p3"] {
            #expect(guardState.refusal(to: person, text: "Our sale ends today!", kind: .directMessage, automatic: false, now: at(0)) == nil)
            guardState.record(to: person, text: "Our sale ends today!", kind: .directMessage, automatic: false, at: at(0))
        }
        let fourth = guardState.refusal(to: "p4", text: "our sale ends TODAY!", kind: .directMessage, automatic: false, now: at(60))
        #expect(fourth?.contains("word for word to 3 other people in the last 1 h") == true)
        // The same words as a public reply, the same person again, other words, or an hour later: allowed.
        #expect(guardState.refusal(to: "p4", text: "Our sale ends today!", kind: .publicReply, automatic: false, now: at(60)) == nil)
        #expect(guardState.refusal(to: "p1", text: "Our sale ends today!", kind: .directMessage, automatic: false, now: at(60)) == nil)
        #expect(guardState.refusal(to: "p4", text: "Hi Ann, your order shipped", kind: .directMessage, automatic: false, now: at(60)) == nil)
        #expect(guardState.refusal(to: "p4", text: "Our sale ends today!", kind: .directMessage, automatic: false, now: at(Self.hour)) == nil)
    }

    @Test func theDailyDirectMessageCapHolds() {
        var guardState = BulkSendGuard(maxDirectMessages: 3)
        for index in 0..<3 { guardState.record(to: "p\(index)", text: "hi \(index)", kind: .directMessage, automatic: false, at: at(0)) }
        #expect(guardState.refusal(to: "p9", text: "hello", kind: .directMessage, automatic: false, now: at(1))?.contains("3 direct messages") == true)
        #expect(guardState.refusal(to: "p9", text: "hello", kind: .publicReply, automatic: false, now: at(1)) == nil)
        #expect(guardState.refusal(to: "p9", text: "hello", kind: .directMessage, automatic: false, now: at(24 * Self.hour)) == nil)
    }

    // MARK: Urgency

    @Test func urgencyGrowsAsTheWindowClosesAndNeverFalls() {
        let urgency = WindowUrgency(horizon: 4 * Self.hour, maxBoost: 100)
        let closes = at(24 * Self.hour)
        #expect(urgency.assess(closesAt: closes, now: at(0)) == WindowUrgency.Assessment(level: .calm, boost: 0, flag: nil))
        #expect(urgency.assess(closesAt: closes, now: at(20 * Self.hour - 1)).boost == 0)
        var previous = 0
        for minute in stride(from: 0, through: 4 * 60 - 1, by: 7) {
            let assessment = urgency.assess(closesAt: closes, now: at(20 * Self.hour + TimeInterval(minute * 60)))
            #expect(assessment.level == .closing)
            #expect(assessment.boost >= max(previous, 1))
            previous = assessment.boost
        }
        #expect(previous <= 100)
        let late = urgency.assess(closesAt: closes, now: closes - 47 * 60)
        #expect(late.flag == "closes in 47 min")
        #expect(late.boost == 81)
        #expect(urgency.assess(closesAt: closes, now: closes - 1).boost == 100)
    }

    @Test func aClosedWindowIsFlaggedAsUnanswerable() {
        let urgency = WindowUrgency()
        let closed = urgency.assess(closesAt: at(0), now: at(5 * 60))
        #expect(closed.level == .closed)
        #expect(closed.flag == "window closed 5 min ago: cannot be responded to")
        #expect(urgency.assess(closesAt: nil, now: at(0)).level == .calm)
    }

    @Test func aWhatsAppMessageQueuedFor20HoursIsUrgent() {
        let context = SendContext(kind: .whatsapp, thread: .private, author: .human, customerLastWroteAt: at(0))
        let window = MessagingWindow.evaluate(context, now: at(20 * Self.hour))
        let assessment = WindowUrgency().assess(window, now: at(20 * Self.hour))
        #expect(assessment.level == .closing)
        #expect(assessment.flag == "closes in 4 h")
        #expect(WindowUrgency().assess(window, now: at(23 * Self.hour)).boost > assessment.boost)
    }
}
