import Domain
import Foundation

/// What `PlatformPolicy` asks the store about an outbox item before it is sent. `App` implements it over
/// the store: the outbox row's `message_id` leads to the message (its `agentID` says human or automatic)
/// and its interaction (thread, `lastCustomerMessageAt`), the channel (kind, Human Agent permission,
/// WhatsApp tier), the contact (X follow state) and the thread's history (the comment's time, an earlier
/// private reply, the LINE reply token of the customer's last event).
public protocol PolicyFacts: Sendable {
    /// The conversation the item writes into. Nil: the item is not linked to a conversation Parley knows,
    /// so any message to a person in it is refused (it cannot be shown that the customer wrote). Throwing
    /// also refuses the send, naming the error: the policy fails closed.
    func context(for dispatch: OutboxDispatch, now: Date) async throws -> SendContext?

    /// The tier of a WhatsApp number. The default is the lowest tier.
    func whatsAppTier(of channel: ChannelKey) async throws -> WhatsAppTier
}

extension PolicyFacts {
    public func whatsAppTier(of channel: ChannelKey) async throws -> WhatsAppTier { .tier1K }
}
