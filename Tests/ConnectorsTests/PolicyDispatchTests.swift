import Domain
import Foundation
import Storage
import Testing

@testable import Connectors

/// Facts from a fixed table, as App's store-backed implementation would give them.
struct TableFacts: PolicyFacts {
    var context: SendContext?
    var tier: WhatsAppTier = .tier1K
    var failure: String?

    struct LookupFailed: Error, CustomStringConvertible {
        var description: String
    }

    func context(for dispatch: OutboxDispatch, now: Date) async throws -> SendContext? {
        if let failure { throw LookupFailed(description: failure) }
        return context
    }

    func whatsAppTier(of channel: ChannelKey) async throws -> WhatsAppTier { tier }
}

@Suite struct PolicyDispatchTests {
    static let wrote = Date(timeIntervalSince1970: 1_767_225_600)
    static let day: TimeInterval = 24 * 3600
    typealias Fixtures = ReplyComposerTests

    func at(_ offset: TimeInterval) -> Date { Self.wrote + offset }

    func dispatch(_ reply: OutboundReply) throws -> OutboxDispatch {
        OutboxDispatch(itemID: 1, channel: reply.channel, idempotencyKey: "reply-1", request: try ReplyComposer.compose(reply), attempt: 1)
    }

    func dispatch(_ kind: ChannelKind, _ account: String, path: String, body: String, method: String = "POST") -> OutboxDispatch {
        OutboxDispatch(itemID: 1, channel: ChannelKey(kind: kind, accountID: account), idempotencyKey: "auto-1",
                       request: OutboundRequest(method: method, path: path, body: Data(body.utf8)), attempt: 1)
    }

    func messengerContext(_ author: SendContext.Author = .human) -> SendContext {
        SendContext(kind: .messenger, thread: .private, author: author, customerLastWroteAt: Self.wrote)
    }

    func policy(_ context: SendContext?, tier: WhatsAppTier = .tier1K) -> PlatformPolicy {
        PlatformPolicy(facts: TableFacts(context: context, tier: tier))
    }

    func reason(_ decision: PolicyDecision) -> String? {
        if case .deny(let reason) = decision { reason } else { nil }
    }

    /// The decision for a call at a time, with the given conversation facts.
    func decide(_ request: OutboxDispatch, _ context: SendContext?, at offset: TimeInterval) async -> PolicyDecision {
        await policy(context).evaluate(request, now: at(offset))
    }

    // MARK: Messenger

    @Test func aMessengerReplyInsideTheWindowIsAllowed() async throws {
        let request = try dispatch(Fixtures.messenger())
        let decision = await decide(request, messengerContext(), at: Self.day - 1)
        #expect(decision == .allow)
    }

    @Test func after24HoursAHumanReplyNeedsTheHumanAgentTag() async throws {
        let untagged = await decide(try dispatch(Fixtures.messenger()), messengerContext(), at: Self.day + 1)
        #expect(reason(untagged)?.contains("composed without the tag: send it again") == true)

        var reply = Fixtures.messenger()
        reply.messageTag = .humanAgent
        let tagged = try dispatch(reply)
        let inTime = await decide(tagged, messengerContext(), at: Self.day + 1)
        #expect(inTime == .allow)
        let tooLate = await decide(tagged, messengerContext(), at: 7 * Self.day)
        #expect(reason(tooLate)?.contains("accepts nothing until the customer writes again") == true)
    }

    @Test func automaticMessagesNeverCarryTheHumanAgentTag() async throws {
        var reply = Fixtures.messenger()
        reply.messageTag = .humanAgent
        let tagged = await decide(try dispatch(reply), messengerContext(.automatic), at: 60)
        #expect(reason(tagged) == "the HUMAN_AGENT tag is for messages written by a person; this one is automatic")
        let late = await decide(try dispatch(Fixtures.messenger()), messengerContext(.automatic), at: Self.day)
        #expect(reason(late)?.contains("automatic messages are not allowed") == true)
    }

    // MARK: Unsolicited

    @Test func aMessageToACustomerWhoNeverWroteIsDenied() async throws {
        let request = try dispatch(Fixtures.messenger())
        let never = SendContext(kind: .messenger, thread: .private, author: .human, customerLastWroteAt: nil)
        let decision = await decide(request, never, at: 0)
        #expect(reason(decision)?.contains("Parley sends no unsolicited messages") == true)
        let unknown = await decide(request, nil, at: 0)
        #expect(reason(unknown)?.contains("not linked to a conversation Parley knows") == true)
    }

    @Test func aFactLookupThatFailsRefusesTheSendAndSaysWhy() async throws {
        let policy = PlatformPolicy(facts: TableFacts(context: messengerContext(), failure: "database is locked"))
        let decision = await policy.evaluate(try dispatch(Fixtures.messenger()), now: at(0))
        #expect(reason(decision) == "the platform rules could not be checked (database is locked); send the message again")
    }

    @Test func publicRepliesAndActionsNeedNoWindowButUnknownCallsAreRefused() async throws {
        let old = SendContext(kind: .facebookPage, thread: .public, author: .human, customerLastWroteAt: Self.wrote)
        let comment = await decide(try dispatch(Fixtures.pageComment(visibility: .public)), old, at: 30 * Self.day)
        #expect(comment == .allow)
        let like = await decide(dispatch(.facebookPage, Fixtures.page, path: "/244445617083583_1122334455/likes", body: "{}"), nil, at: 0)
        #expect(like == .allow)
        let odd = await decide(dispatch(.facebookPage, Fixtures.page, path: "/103149398319188/feed", body: #"{"message": "Sale!"}"#), old, at: 0)
        #expect(reason(odd)?.contains("does not know the call POST /103149398319188/feed") == true)
    }

    // MARK: Private replies

    @Test func theSecondPrivateReplyToACommentIsDenied() async throws {
        var context = SendContext(kind: .facebookPage, thread: .public, author: .human, customerLastWroteAt: Self.wrote,
                                  comment: CommentFacts(createdAt: Self.wrote))
        let request = try dispatch(Fixtures.pageComment(visibility: .private))
        let first = await decide(request, context, at: 60)
        #expect(first == .allow)
        context.comment?.privateReplySentAt = at(60)
        let second = await decide(request, context, at: 120)
        #expect(reason(second)?.contains("already sent") == true)
        context.comment?.privateReplySentAt = nil
        let late = await decide(request, context, at: 7 * Self.day)
        #expect(reason(late)?.contains("only within 7 d") == true)
    }

    // MARK: WhatsApp

    static let template = """
        {"messaging_product": "whatsapp", "to": "16505551234", "type": "template",
         "template": {"name": "order_update", "language": {"code": "en_US"}}}
        """

    func whatsAppContext(lastWrote: Date?) -> SendContext {
        SendContext(kind: .whatsapp, thread: .private, author: .human, customerLastWroteAt: lastWrote)
    }

    var templateCall: OutboxDispatch {
        dispatch(.whatsapp, Fixtures.phoneNumberID, path: "/\(Fixtures.phoneNumberID)/messages", body: Self.template)
    }

    @Test func whatsAppAfter24HoursTakesOnlyATemplate() async throws {
        let text = try dispatch(Fixtures.whatsapp())
        let inside = await decide(text, whatsAppContext(lastWrote: Self.wrote), at: Self.day - 1)
        #expect(inside == .allow)
        let late = await decide(text, whatsAppContext(lastWrote: Self.wrote), at: Self.day)
        #expect(reason(late)?.hasPrefix("only a template can be sent now") == true)
        let template = await decide(templateCall, whatsAppContext(lastWrote: Self.wrote), at: Self.day)
        #expect(template == .allow)
        let opening = await decide(templateCall, whatsAppContext(lastWrote: nil), at: 0)
        #expect(opening == .allow)
        let unsolicited = await decide(text, whatsAppContext(lastWrote: nil), at: 0)
        #expect(reason(unsolicited)?.contains("only a template can start a conversation") == true)
    }

    @Test func businessInitiatedTemplatesStopAtTheNumbersTier() async throws {
        let policy = policy(whatsAppContext(lastWrote: nil))
        let channel = ChannelKey(kind: .whatsapp, accountID: Fixtures.phoneNumberID)
        for index in 0..<1000 { policy.recordWhatsAppStart(on: channel, customer: "c\(index)", tier: .tier1K, at: at(0)) }
        #expect(policy.whatsAppUsage(of: channel, now: at(60))?.used == 1000)
        let full = await policy.evaluate(templateCall, now: at(60))
        #expect(reason(full)?.contains("its tier's limit of 1000") == true)
        let nextDay = await policy.evaluate(templateCall, now: at(Self.day))
        #expect(nextDay == .allow)
        #expect(policy.whatsAppUsage(of: channel, now: at(Self.day))?.used == 1)
        #expect(policy.whatsAppUsage(of: channel, now: at(Self.day))?.limit == 1000)
        // Inside the service window a template starts no new conversation, so it is not counted.
        let inWindow = self.policy(whatsAppContext(lastWrote: at(0)))
        let answer = await inWindow.evaluate(templateCall, now: at(60))
        #expect(answer == .allow)
        #expect(inWindow.whatsAppUsage(of: channel, now: at(60)) == nil)
    }

    // MARK: LINE

    @Test func aLineReplyWithAnExpiredTokenIsDeniedButAPushGoes() async throws {
        let context = SendContext(kind: .line, thread: .private, author: .human, customerLastWroteAt: Self.wrote,
                                  lineReplyToken: LineReplyToken(issuedAt: Self.wrote))
        let reply = dispatch(.line, Fixtures.lineBot, path: "/v2/bot/message/reply",
                             body: #"{"replyToken": "757913772c", "messages": [{"type": "text", "text": "Hi"}]}"#)
        let fresh = await decide(reply, context, at: 49)
        #expect(fresh == .allow)
        let stale = await decide(reply, context, at: 50)
        #expect(reason(stale)?.contains("send the answer as a push message") == true)
        let push = await decide(try dispatch(Fixtures.line()), context, at: 50)
        #expect(push == .allow)
    }

    // MARK: X

    func xContext(_ author: SendContext.Author, recipient: XRecipient) -> SendContext {
        SendContext(kind: .x, thread: .public, author: author, customerLastWroteAt: Self.wrote, xRecipient: recipient)
    }

    @Test func anXDirectMessageToSomeoneWhoCannotReceiveItIsDenied() async throws {
        let dm = try dispatch(Fixtures.tweetReply(visibility: .private))
        let stranger = await decide(dm, xContext(.human, recipient: XRecipient()), at: 60)
        #expect(reason(stranger)?.contains("ask them to follow and send a DM") == true)
        let follower = await decide(dm, xContext(.human, recipient: XRecipient(followsAccount: true)), at: 60)
        #expect(follower == .allow)
    }

    func xCall(_ path: String, _ body: String) -> OutboxDispatch {
        dispatch(.x, Fixtures.xAccount, path: path, body: body)
    }

    @Test func identicalAutomaticMessagesToManyPeopleOnXAreDeniedAfterTheThird() async throws {
        let policy = policy(xContext(.automatic, recipient: XRecipient(hasDirectMessagedAccount: true)))
        for person in ["101", "102", "103"] {
            let sent = await policy.evaluate(xCall("/2/dm_conversations/with/\(person)/messages", #"{"text": "We're on it!"}"#), now: at(60))
            #expect(sent == .allow)
        }
        let fourth = await policy.evaluate(xCall("/2/dm_conversations/with/104/messages", #"{"text": "We're on it!"}"#), now: at(61))
        #expect(reason(fourth)?.contains("identical automated messages") == true)
        for tweet in ["t1", "t2", "t3"] {
            let sent = await policy.evaluate(xCall("/2/tweets", #"{"text": "Thanks!", "reply": {"in_reply_to_tweet_id": "\#(tweet)"}}"#), now: at(60))
            #expect(sent == .allow)
        }
        let reply = await policy.evaluate(xCall("/2/tweets", #"{"text": "Thanks!", "reply": {"in_reply_to_tweet_id": "t4"}}"#), now: at(60))
        #expect(reply != .allow)
    }

    // MARK: Shapes

    @Test func shapesAreReadFromTheComposedCalls() throws {
        func shape(_ reply: OutboundReply) throws -> OutboundShape {
            OutboundShape(kind: reply.channel.kind, request: try ReplyComposer.compose(reply))
        }
        #expect(try shape(Fixtures.messenger()) == .directMessage(recipient: "6543210987654321", text: "Thanks, we're on it", tag: nil))
        #expect(try shape(Fixtures.pageComment(visibility: .private)) == .privateReply(target: Fixtures.commentID))
        #expect(try shape(Fixtures.pageComment(visibility: .public)) == .publicReply(target: Fixtures.commentID, text: "Sorry to hear that"))
        #expect(try shape(Fixtures.whatsapp()) == .directMessage(recipient: "16505551234", text: "Yes, in blue", tag: nil))
        #expect(try shape(Fixtures.tweetReply()) == .publicReply(target: "1580000000000000001", text: "We're on it"))
        #expect(try shape(Fixtures.tweetReply(visibility: .private)) == .directMessage(recipient: "944480690", text: "We're on it", tag: nil))
        #expect(try shape(Fixtures.line()) == .linePush(recipient: "U4af4980629abcdef", text: "Thanks!"))
    }
}
