import Domain
import Foundation
import Storage
import Testing

@testable import Connectors

/// LINE answers: a fresh reply token makes the stored push a reply; an expired, used or refused token falls back
/// to the push, which carries a retry key derived from the outbox item; LINE's 409 for a repeated key is "sent".
@Suite struct LineSenderTests {
    let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))
    let channel = ChannelKey(kind: .line, accountID: "U0123456789abcdef0123456789abcdef")
    let customer = "U4af4980629abcdef4af4980629abcdef"
    var key: Identity.Key { Identity.Key(platform: .line, scope: channel.accountID, id: customer) }

    func push(attempt: Int = 1, key: String = "reply-01J") throws -> OutboxDispatch {
        let reply = OutboundReply(channel: channel, threadKey: .conversation(customer: Identity.Key(platform: .line, scope: channel.accountID, id: customer)),
                                  recipient: Identity.Key(platform: .line, scope: channel.accountID, id: customer), text: "Hi 😀",
                                  visibility: .private)
        return OutboxDispatch(itemID: 1, channel: channel, idempotencyKey: key, request: try ReplyComposer.compose(reply), attempt: attempt)
    }

    func body(_ dispatch: OutboxDispatch) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: dispatch.request.body)) as? [String: Any] ?? [:]
    }

    @Test func aFreshReplyTokenTurnsTheFirstAttemptIntoAReplyUsedOnce() async throws {
        let tokens = LineReplyTokens()
        tokens.record("tok-1", customer: key, receivedAt: clock.now())
        clock.advance(by: 30)
        let inner = ScriptedSender([.sent(platformMessageID: "590001")])
        let sender = LineSender(inner: inner, tokens: tokens, clock: clock)
        #expect(await sender.send(try push()) == .sent(platformMessageID: "590001"))
        let reply = try #require(inner.calls.first)
        #expect(reply.request.path == "/v2/bot/message/reply" && reply.request.headers["X-Line-Retry-Key"] == nil)
        #expect(body(reply)["replyToken"] as? String == "tok-1" && body(reply)["to"] == nil)
        #expect((body(reply)["messages"] as? [[String: Any]])?.first?["text"] as? String == "Hi 😀")
        // Single use: the next answer to the same customer is a push.
        _ = await sender.send(try push(key: "reply-01K"))
        #expect(inner.calls.last?.request.path == "/v2/bot/message/push")
    }

    @Test func anExpiredTokenIsNotUsedAndThePushCarriesADeterministicRetryKey() async throws {
        let tokens = LineReplyTokens()
        tokens.record("tok-1", customer: key, receivedAt: clock.now())
        clock.advance(by: 51)
        let inner = ScriptedSender([.retryable(reason: "HTTP 503"), .sent(platformMessageID: "590002")])
        let sender = LineSender(inner: inner, tokens: tokens, clock: clock)
        #expect(await sender.send(try push()) == .retryable(reason: "HTTP 503"))
        #expect(await sender.send(try push(attempt: 2)) == .sent(platformMessageID: "590002"))
        let keys = inner.calls.map { $0.request.headers["X-Line-Retry-Key"] }
        #expect(inner.calls.allSatisfy { $0.request.path == "/v2/bot/message/push" })
        #expect(keys[0] != nil && keys[0] == keys[1] && keys[0] == LineRetryKey.make("reply-01J"))
        #expect(body(inner.calls[0])["to"] as? String == customer)
    }

    @Test func aRefusedReplyTokenFallsBackToThePush() async throws {
        let tokens = LineReplyTokens()
        tokens.record("tok-used", customer: key, receivedAt: clock.now())
        let inner = ScriptedSender([.permanent(reason: #"HTTP 400: {"message":"Invalid reply token"}"#), .sent(platformMessageID: "590003")])
        let outcome = await LineSender(inner: inner, tokens: tokens, clock: clock).send(try push())
        #expect(outcome == .sent(platformMessageID: "590003"))
        #expect(inner.calls.map(\.request.path) == ["/v2/bot/message/reply", "/v2/bot/message/push"])
    }

    @Test func otherReplyFailuresAreTheOutboxsToRetryAndARetryIsAPush() async throws {
        let tokens = LineReplyTokens()
        tokens.record("tok-1", customer: key, receivedAt: clock.now())
        let inner = ScriptedSender([.retryable(reason: "transport: timeout")])
        let sender = LineSender(inner: inner, tokens: tokens, clock: clock)
        #expect(await sender.send(try push()) == .retryable(reason: "transport: timeout"))
        tokens.record("tok-2", customer: key, receivedAt: clock.now())
        _ = await sender.send(try push(attempt: 2))
        #expect(inner.calls.map(\.request.path) == ["/v2/bot/message/reply", "/v2/bot/message/push"])
    }

    @Test func aLaterTokenReplacesAnEarlierOneButNotTheOtherWayRound() {
        let tokens = LineReplyTokens()
        tokens.record("newer", customer: key, receivedAt: clock.now() + 5)
        tokens.record("older", customer: key, receivedAt: clock.now())
        #expect(tokens.take(customer: key, now: clock.now() + 10) == "newer")
        #expect(tokens.take(customer: key, now: clock.now() + 10) == nil)
    }

    @Test func retryKeysAreVersion5UUIDsOnePerOutboxItem() {
        let key = LineRetryKey.make("reply-01J")
        #expect(UUID(uuidString: key) != nil && key == key.lowercased())
        #expect(Array(key)[14] == "5" && "89ab".contains(Array(key)[19]))
        #expect(LineRetryKey.make("reply-01J") == key && LineRetryKey.make("reply-01K") != key)
    }

    @Test func lineAnswersA409ForARepeatedRetryKeyAsAlreadySent() {
        let body = Data(#"{"message":"The retry key is already accepted","sentMessages":[{"id":"461230966842064897","quoteToken":"q"}]}"#.utf8)
        let accepted = ResponseClassifier.classify(status: 409, headers: [("X-Line-Accepted-Request-Id", "abc")], body: body, now: Date())
        #expect(accepted == .sent(platformMessageID: "461230966842064897"))
        guard case .permanent = ResponseClassifier.classify(status: 409, headers: [], body: Data(#"{"message":"Conflict"}"#.utf8), now: Date()) else {
            Issue.record("a 409 without LINE's header counted as sent")
            return
        }
    }
}
