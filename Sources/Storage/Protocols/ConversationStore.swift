import Domain
import Foundation

/// What agents and visitors do inside an interaction once it exists: replies, wrap-up, the inactivity close,
/// and a web visitor's view of their own thread.
public protocol ConversationStore: Sendable {
    /// In one transaction: checks the interaction is open and held by the agent, stores the outbound message,
    /// enqueues its platform call (when it has one) and moves the interaction to waiting-for-customer. A reply
    /// whose `clientKey` was already used on this interaction returns the message stored the first time.
    func reply(_ reply: NewReply, at: Date, ids: any IDGenerator) async throws -> ReplyResult

    /// Closes the agent's interaction with a wrap-up code and records `interaction.wrapped_up`.
    func wrapUp(_ interaction: Interaction.ID, by agent: User.ID, code: WrapUpCode.ID, at: Date) async throws -> Interaction

    /// Closes every open interaction of these channels silent for longer than the channel's inactivity period:
    /// waiting ones are abandoned, held ones auto-closed. Returns the interactions it closed.
    func closeInactive(_ channels: [Channel], at: Date) async throws -> [Interaction]

    /// One thread's messages across all its interactions (a returning web visitor sees everything), in the order
    /// they were stored, strictly after `after` when given.
    func threadMessages(channel: ChannelKey, threadKey: ThreadKey, after: Message.ID?, limit: Int) async throws -> [Message]

    func message(_ id: Message.ID) async throws -> Message?

    /// The newest customer message of an interaction: whom a reply answers, and which platform message.
    func latestInbound(of interaction: Interaction.ID) async throws -> Message?

    /// The comment (or visitor post) each of the interaction's private replies answered, by the reply's message id,
    /// as their outbox keys name it (`PrivateReplyKey`). Messages enqueued under other keys are absent.
    func privateReplyTargets(of interaction: Interaction.ID) async throws -> [Message.ID: String]

    /// Applies platform receipts to outbound messages in one transaction: a status only moves forward
    /// (`Message.DeliveryStatus.advances`), each change with `message.status_changed` (or `message.failed`).
    /// Returns how many messages changed; receipts for messages Parley does not know change nothing.
    @discardableResult
    func applyReceipts(_ receipts: [DeliveryReceipt], at: Date) async throws -> Int
}

public struct NewReply: Sendable, Hashable {
    public var interactionID: Interaction.ID
    public var agentID: User.ID
    public var text: String
    public var attachments: [Attachment]
    public var visibility: Visibility
    /// The caller's `Idempotency-Key`.
    public var clientKey: String?
    /// The platform call that delivers it; nil when Parley delivers it itself (web messaging), in which case
    /// the message is stored as sent.
    public var delivery: NewOutboxItem?

    public init(interactionID: Interaction.ID, agentID: User.ID, text: String, attachments: [Attachment] = [],
                visibility: Visibility, clientKey: String? = nil, delivery: NewOutboxItem? = nil) {
        self.interactionID = interactionID
        self.agentID = agentID
        self.text = text
        self.attachments = attachments
        self.visibility = visibility
        self.clientKey = clientKey
        self.delivery = delivery
    }
}

public struct ReplyResult: Sendable, Hashable {
    public var message: Message
    /// False when the client key had been used already: nothing new was stored.
    public var created: Bool

    public init(message: Message, created: Bool) {
        self.message = message
        self.created = created
    }
}

/// Why a conversation change was refused.
public enum ConversationError: Error, Equatable, CustomStringConvertible {
    /// No such interaction, or not held by this agent.
    case notYours(Interaction.ID)
    /// The interaction is in a state that does not allow it (offered, closed…).
    case wrongState(Interaction.ID, Interaction.State)
    case unknownCode(WrapUpCode.ID)
    case inactiveCode(WrapUpCode.ID)

    public var description: String {
        switch self {
        case .notYours(let id): "interaction \(id) is not held by this agent"
        case .wrongState(let id, let state): "interaction \(id) is \(state.rawValue)"
        case .unknownCode(let id): "no wrap-up code '\(id)'"
        case .inactiveCode(let id): "wrap-up code '\(id)' is no longer in use"
        }
    }
}

/// What a platform reports about messages Parley sent.
public enum DeliveryReceipt: Sendable, Hashable {
    /// One message by its platform id (WhatsApp statuses, Messenger `delivery.mids`). `reason`: a failure's.
    case message(channel: ChannelKey, platformMessageID: String, status: Message.DeliveryStatus, reason: String?)
    /// Every outbound message of a conversation sent up to `watermark` (Messenger `read` and `delivery`
    /// watermarks).
    case upTo(channel: ChannelKey, thread: ThreadKey, watermark: Date, status: Message.DeliveryStatus)
    /// One message by Parley's own id: the open channel, whose integrator names a message by the id Parley posted
    /// it with — and may report on it before Parley has read the answer to the post.
    case parleyMessage(channel: ChannelKey, messageID: Message.ID, status: Message.DeliveryStatus, reason: String?)
}
