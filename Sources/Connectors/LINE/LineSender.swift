import Domain
import Foundation
import Storage

/// Delivers LINE answers the cheap way when it can (platforms.md §6.2). The outbox stores every LINE answer as a
/// push (`LineComposer`); at send time, on the item's first attempt, a fresh reply token of the customer turns it
/// into a reply (free). A refused token ("Invalid reply token": expired, or used) falls back to the push. A push
/// carries `X-Line-Retry-Key` derived from the outbox item, so a retried push is accepted once: LINE answers a
/// repeat with 409 and `x-line-accepted-request-id`, which `ResponseClassifier` counts as sent.
///
/// A reply whose answer is lost (a timeout) is retried as a push: LINE has no retry key for replies, so in that
/// rare case the customer may see the answer twice. Everything else is the inner sender's.
public struct LineSender: PlatformSender {
    let inner: any PlatformSender
    let tokens: LineReplyTokens
    let clock: any WallClock

    public init(inner: any PlatformSender, tokens: LineReplyTokens, clock: any WallClock) {
        self.inner = inner
        self.tokens = tokens
        self.clock = clock
    }

    public func send(_ dispatch: OutboxDispatch) async -> SendOutcome {
        guard dispatch.channel.kind == .line, let push = LinePush(dispatch.request) else { return await inner.send(dispatch) }
        let customer = Identity.Key(platform: .line, scope: dispatch.channel.accountID, id: push.to)
        if dispatch.attempt <= 1, let token = tokens.take(customer: customer, now: clock.now()) {
            var reply = dispatch
            reply.request = push.reply(token: token, headers: dispatch.request.headers)
            let outcome = await inner.send(reply)
            guard case .permanent(let reason) = outcome, reason.contains("Invalid reply token") else { return outcome }
        }
        var pushed = dispatch
        pushed.request.headers["X-Line-Retry-Key"] = LineRetryKey.make(dispatch.idempotencyKey)
        return await inner.send(pushed)
    }
}

/// A stored LINE push: its recipient and message objects, as `LineComposer` wrote them.
struct LinePush {
    static let path = "/v2/bot/message/push"
    static let replyPath = "/v2/bot/message/reply"

    var to: String
    var messages: [Any]
    var notificationDisabled: Bool?

    init?(_ request: OutboundRequest) {
        guard request.path == Self.path,
            let body = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any],
            let to = body["to"] as? String, let messages = body["messages"] as? [Any]
        else { return nil }
        self.to = to
        self.messages = messages
        self.notificationDisabled = body["notificationDisabled"] as? Bool
    }

    /// The same messages as a reply with `token`.
    func reply(token: String, headers: [String: String]) -> OutboundRequest {
        var body: [String: Any] = ["replyToken": token, "messages": messages]
        if let notificationDisabled { body["notificationDisabled"] = notificationDisabled }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return OutboundRequest(method: "POST", path: Self.replyPath, headers: headers, body: data)
    }
}
