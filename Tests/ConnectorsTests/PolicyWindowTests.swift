import Domain
import Foundation
import Testing

@testable import Connectors

@Suite struct PolicyWindowTests {
    static let wrote = Date(timeIntervalSince1970: 1_767_225_600)
    static let hour: TimeInterval = 3600
    static let day: TimeInterval = 24 * 3600

    func messenger(_ author: SendContext.Author = .human, lastWrote: Date? = wrote, approved: Bool = true) -> SendContext {
        SendContext(kind: .messenger, thread: .private, author: author, customerLastWroteAt: lastWrote, humanAgentTagApproved: approved)
    }

    func at(_ offset: TimeInterval) -> Date { Self.wrote + offset }

    // MARK: Durations

    @Test func durationsShowTwoUnitsRoundedDown() {
        #expect(DurationText.format(3 * Self.hour + 12 * 60 + 59) == "3 h 12 min")
        #expect(DurationText.format(47 * 60) == "47 min")
        #expect(DurationText.format(6 * Self.day + 20 * Self.hour + 59 * 60) == "6 d 20 h")
        #expect(DurationText.format(7 * Self.day) == "7 d")
        #expect(DurationText.format(2 * Self.hour) == "2 h")
        #expect(DurationText.format(59.9) == "59 s")
        // Never a trap, whatever time arithmetic produced.
        #expect(DurationText.format(1e300) == "36525 d")
        #expect(DurationText.format(.infinity) == "0 s" && DurationText.format(.nan) == "0 s" && DurationText.format(-1e300) == "0 s")
        #expect(DurationText.format(-5) == "0 s")
        #expect(DurationText.relative(at(90 * 60), now: at(0)) == "in 1 h 30 min")
        #expect(DurationText.relative(at(0), now: at(90 * 60)) == "1 h 30 min ago")
    }

    // MARK: Messenger and Instagram

    @Test func messengerIsOpenForAnyoneWithin24HoursAndSaysWhenItCloses() {
        let window = MessagingWindow.evaluate(messenger(.automatic), now: at(20 * Self.hour + 48 * 60))
        #expect(window.canSend)
        #expect(window.requires == .none)
        #expect(window.until == at(Self.day))
        #expect(window.then == nil)
        #expect(window.rule == .standardWindow)
        #expect(window.explanation == "window closes in 3 h 12 min")
    }

    @Test func aHumanInsideTheWindowIsToldTheTaggedWindowFollows() {
        let window = MessagingWindow.evaluate(messenger(), now: at(Self.hour))
        #expect(window.canSend && window.requires == .none)
        #expect(window.then == SendWindow.Phase(requires: .humanAgentTag, until: at(7 * Self.day)))
        #expect(window.closesAt == at(7 * Self.day))
        #expect(window.explanation.hasPrefix("window closes in 23 h; then a human agent can answer with the HUMAN_AGENT tag"))
    }

    @Test func exactlyAt24HoursTheStandardWindowIsClosed() {
        let justBefore = MessagingWindow.evaluate(messenger(), now: at(Self.day - 1))
        #expect(justBefore.requires == .none)
        let exactly = MessagingWindow.evaluate(messenger(), now: at(Self.day))
        #expect(exactly.canSend && exactly.requires == .humanAgentTag && exactly.rule == .humanAgentTag)
        let automatic = MessagingWindow.evaluate(messenger(.automatic), now: at(Self.day))
        #expect(!automatic.canSend)
    }

    @Test func after24HoursOnlyAHumanWithTheTagMayAnswerUntil7Days() {
        let human = MessagingWindow.evaluate(messenger(), now: at(Self.day + 1))
        #expect(human.canSend)
        #expect(human.requires == .humanAgentTag)
        #expect(human.until == at(7 * Self.day))
        #expect(human.explanation == "only a human agent can answer now, with the HUMAN_AGENT tag; window closes in 5 d 23 h")

        let automatic = MessagingWindow.evaluate(messenger(.automatic), now: at(Self.day + 1))
        #expect(!automatic.canSend)
        #expect(automatic.explanation.contains("automatic messages are not allowed after it"))

        let unapproved = MessagingWindow.evaluate(messenger(approved: false), now: at(Self.day + 1))
        #expect(!unapproved.canSend)
        #expect(unapproved.explanation.contains("no Human Agent permission"))
    }

    @Test func at7DaysNothingCanBeSentUntilTheCustomerWritesAgain() {
        #expect(MessagingWindow.evaluate(messenger(), now: at(7 * Self.day - 1)).canSend)
        let closed = MessagingWindow.evaluate(messenger(), now: at(7 * Self.day))
        #expect(!closed.canSend)
        #expect(closed.closesAt == at(7 * Self.day))
        #expect(closed.explanation == "the window closed 0 s ago; Messenger accepts nothing until the customer writes again")
        let reopened = MessagingWindow.evaluate(messenger(lastWrote: at(7 * Self.day + 60)), now: at(7 * Self.day + 120))
        #expect(reopened.canSend && reopened.requires == .none)
    }

    @Test func instagramDirectMessagesFollowTheMessengerRules() {
        let context = SendContext(kind: .instagram, thread: .private, author: .human, customerLastWroteAt: Self.wrote)
        #expect(MessagingWindow.evaluate(context, now: at(2 * Self.day)).requires == .humanAgentTag)
        #expect(!MessagingWindow.evaluate(context, now: at(8 * Self.day)).canSend)
    }

    @Test func aMessengerCustomerWhoNeverWroteGetsNothing() {
        let window = MessagingWindow.evaluate(messenger(lastWrote: nil), now: at(0))
        #expect(!window.canSend)
        #expect(window.rule == .unsolicited)
        #expect(window.explanation.contains("Parley sends no unsolicited messages"))
    }

    // MARK: Private replies

    func comment(_ kind: ChannelKind = .facebookPage, sent: Date? = nil, author: SendContext.Author = .human) -> SendContext {
        SendContext(kind: kind, thread: .public, reply: .private, author: author, customerLastWroteAt: Self.wrote,
                    comment: CommentFacts(createdAt: Self.wrote, privateReplySentAt: sent))
    }

    @Test func onePrivateReplyPerCommentWithin7Days() {
        let first = MessagingWindow.evaluate(comment(author: .automatic), now: at(6 * Self.day))
        #expect(first.canSend && first.rule == .privateReply)
        #expect(first.until == at(7 * Self.day))
        #expect(first.explanation == "one private reply to this comment can be sent; window closes in 1 d")

        let second = MessagingWindow.evaluate(comment(sent: at(Self.hour)), now: at(2 * Self.hour))
        #expect(!second.canSend)
        #expect(second.explanation.contains("already sent 1 h ago"))
        #expect(second.explanation.contains("one per comment"))

        let late = MessagingWindow.evaluate(comment(.instagram), now: at(7 * Self.day))
        #expect(!late.canSend)
        #expect(late.explanation.contains("Instagram allows a private reply only within 7 d"))
    }

    @Test func aPublicReplyHasNoWindow() {
        let context = SendContext(kind: .facebookPage, thread: .public, author: .automatic, customerLastWroteAt: Self.wrote)
        let window = MessagingWindow.evaluate(context, now: at(30 * Self.day))
        #expect(window.canSend && window.rule == .publicReply && window.closesAt == nil)
    }

    // MARK: WhatsApp

    func whatsApp(lastWrote: Date? = wrote, template: Bool = false) -> SendContext {
        SendContext(kind: .whatsapp, thread: .private, author: .human, customerLastWroteAt: lastWrote, usesTemplate: template)
    }

    @Test func whatsAppIsFreeFormFor24HoursThenTemplatesOnly() {
        let inside = MessagingWindow.evaluate(whatsApp(), now: at(Self.day - 1))
        #expect(inside.canSend && inside.requires == .none && inside.rule == .customerServiceWindow)
        #expect(inside.then == SendWindow.Phase(requires: .template, until: nil))
        #expect(inside.explanation == "window closes in 1 s")

        let exactly = MessagingWindow.evaluate(whatsApp(), now: at(Self.day))
        #expect(!exactly.canSend)
        #expect(exactly.requires == .template)
        #expect(exactly.explanation == "only a template can be sent now: the 24-hour window closed 0 s ago")

        let template = MessagingWindow.evaluate(whatsApp(template: true), now: at(Self.day + 1))
        #expect(template.canSend && template.requires == .template && template.rule == .templateOnly)
    }

    @Test func whatsAppMayStartAConversationOnlyWithATemplate() {
        #expect(!MessagingWindow.evaluate(whatsApp(lastWrote: nil), now: at(0)).canSend)
        let template = MessagingWindow.evaluate(whatsApp(lastWrote: nil, template: true), now: at(0))
        #expect(template.canSend && template.requires == .template)
    }

    // MARK: LINE

    func line(token: LineReplyToken?, lastWrote: Date? = wrote) -> SendContext {
        SendContext(kind: .line, thread: .private, author: .human, customerLastWroteAt: lastWrote, lineReplyToken: token)
    }

    @Test func aLineReplyTokenIsUsedFor50SecondsThenPush() {
        let token = LineReplyToken(issuedAt: Self.wrote)
        let fresh = MessagingWindow.evaluate(line(token: token), now: at(10))
        #expect(fresh.canSend && fresh.requires == .none && fresh.rule == .lineReplyToken)
        #expect(fresh.until == at(50))
        #expect(fresh.explanation.hasPrefix("the reply token is valid for 40 s more (free)"))

        let expired = MessagingWindow.evaluate(line(token: token), now: at(50))
        #expect(expired.canSend && expired.requires == .pushMessage && expired.rule == .linePush)
        #expect(expired.explanation.contains("counted against the monthly quota"))

        let used = MessagingWindow.evaluate(line(token: LineReplyToken(issuedAt: Self.wrote, used: true)), now: at(1))
        #expect(used.requires == .pushMessage)
        #expect(MessagingWindow.evaluate(line(token: nil), now: at(Self.day * 30)).canSend)
        #expect(!MessagingWindow.evaluate(line(token: nil, lastWrote: nil), now: at(0)).canSend)
    }

    // MARK: X

    func xDM(thread: Visibility = .public, author: SendContext.Author = .human, recipient: XRecipient, lastWrote: Date? = wrote) -> SendContext {
        SendContext(kind: .x, thread: thread, reply: .private, author: author, customerLastWroteAt: lastWrote, xRecipient: recipient)
    }

    @Test func xDirectMessagesNeedAFollowerAnOpenInboxOrAnEarlierDM() {
        let stranger = MessagingWindow.evaluate(xDM(recipient: XRecipient()), now: at(60))
        #expect(!stranger.canSend && stranger.rule == .xDirectMessage)
        #expect(stranger.explanation.contains("ask them to follow and send a DM"))

        let notFollowing = XRecipient(acceptsDirectMessagesFromAnyone: false, followsAccount: false)
        #expect(!MessagingWindow.evaluate(xDM(recipient: notFollowing), now: at(60)).canSend)
        #expect(MessagingWindow.evaluate(xDM(recipient: XRecipient(followsAccount: true)), now: at(60)).canSend)
        #expect(MessagingWindow.evaluate(xDM(recipient: XRecipient(acceptsDirectMessagesFromAnyone: true)), now: at(60)).canSend)
        #expect(MessagingWindow.evaluate(xDM(recipient: XRecipient(hasDirectMessagedAccount: true)), now: at(60)).canSend)
        // A DM conversation the customer started needs nothing more, however old.
        #expect(MessagingWindow.evaluate(xDM(thread: .private, recipient: XRecipient()), now: at(90 * Self.day)).canSend)
    }

    @Test func automaticXDirectMessagesGoOnlyToPeopleWhoDMedFirst() {
        let follower = MessagingWindow.evaluate(xDM(author: .automatic, recipient: XRecipient(followsAccount: true)), now: at(60))
        #expect(!follower.canSend)
        #expect(follower.explanation.hasPrefix("automatic direct messages go only to people who have sent the account a DM"))
        #expect(MessagingWindow.evaluate(xDM(thread: .private, author: .automatic, recipient: XRecipient()), now: at(60)).canSend)
        #expect(!MessagingWindow.evaluate(xDM(recipient: XRecipient(followsAccount: true), lastWrote: nil), now: at(60)).canSend)
    }

    // MARK: Own channels

    @Test func webMessagingNeedsOnlyACustomerWhoWrote() {
        let wrote = SendContext(kind: .webMessaging, thread: .private, author: .automatic, customerLastWroteAt: Self.wrote)
        #expect(MessagingWindow.evaluate(wrote, now: at(365 * Self.day)).rule == .ownChannel)
        let never = SendContext(kind: .open, thread: .private, author: .human, customerLastWroteAt: nil)
        #expect(MessagingWindow.evaluate(never, now: at(0)).rule == .unsolicited)
    }

    @Test func theContextOfAnInteractionUsesItsThreadAndLastCustomerMessage() {
        let customer = Identity.Key(platform: .whatsapp, id: "16505551234")
        let interaction = Interaction(id: "i-1", channelID: "c-1", threadKey: .conversation(customer: customer), visibility: .private,
                                      contactID: "k-1", createdAt: Self.wrote, lastCustomerMessageAt: Self.wrote)
        let context = SendContext(interaction: interaction, kind: .whatsapp, author: .human)
        #expect(context.thread == .private && context.reply == .private)
        #expect(context.customerLastWroteAt == Self.wrote)
    }
}
