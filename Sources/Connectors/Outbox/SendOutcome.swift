import Domain
import Storage
import Foundation

/// How one attempt to call a platform ended, as the outbox needs to know it.
public enum SendOutcome: Sendable, Hashable {
    /// Delivered. `recipientID`: whom the platform says it delivered to, where it says (Meta's Send API
    /// `recipient_id` — for a private reply to a comment, the commenter's Messenger PSID).
    case sent(platformMessageID: String?, recipientID: String? = nil)
    /// A temporary failure (5xx, timeout, connection refused, "temporary error" codes): back off and retry.
    case retryable(reason: String)
    /// The platform asked us to slow down. `until` is when it says we may try again, if it says.
    case rateLimited(until: Date?, reason: String)
    /// Retrying cannot help (bad recipient, window closed): fail with the reason.
    case permanent(reason: String)
    /// The platform refused the channel's credential (expired or revoked token: Graph code 190, HTTP 401).
    /// Fails like `permanent`, and the channel's health raises an alert: someone must renew the token.
    case unauthorized(reason: String)
}

/// Sends one stored outbound request to its platform.
public protocol PlatformSender: Sendable {
    func send(_ request: OutboxDispatch) async -> SendOutcome
}

/// What a sender gets: the request plus the idempotency key it must pass on where the platform supports one.
public struct OutboxDispatch: Sendable {
    public var itemID: Int64
    public var channel: ChannelKey
    public var idempotencyKey: String
    public var request: OutboundRequest
    public var attempt: Int
    /// The stored message the call delivers: how the policy finds its conversation.
    public var messageID: Message.ID?

    public init(itemID: Int64, channel: ChannelKey, idempotencyKey: String, request: OutboundRequest, attempt: Int,
                messageID: Message.ID? = nil) {
        self.itemID = itemID
        self.channel = channel
        self.idempotencyKey = idempotencyKey
        self.request = request
        self.attempt = attempt
        self.messageID = messageID
    }
}
