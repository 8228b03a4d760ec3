import Connectors
import Domain
import Foundation
import Storage

/// What the platform rules need about one conversation, read from the store: its thread, the customer's last
/// message, and for a private reply to a comment, when the comment was written and whether it already had
/// its one private reply. The API (what may be sent now), the outbox's policy (`StorePolicyFacts`) and
/// window urgency all build their `SendContext` here, so they cannot disagree.
struct ConversationWindow: Sendable {
    let store: any ParleyStore
    var limits = PolicyLimits()
    /// X channels' settings: `dms_open` lets "move to private" DM without waiting for a follow.
    var x: [Channel.ID: XChannelSettings] = [:]
    /// LINE: the customers' reply tokens, so the window says when an answer still goes free.
    var lineReplyTokens: LineReplyTokens?

    /// The context of a message written into `interaction`. `excluding` is the message being sent itself, so
    /// that it does not count as the comment's earlier private reply. `answering` is the platform id of the
    /// comment (or visitor post) a private reply addresses; nil: the one a reply answers by default (`answered`).
    func context(of interaction: Interaction, kind: ChannelKind, author: SendContext.Author, reply: Visibility,
                 excluding: Message.ID? = nil, answering: String? = nil) async throws -> SendContext {
        var context = SendContext(interaction: interaction, kind: kind, author: author, reply: reply)
        if [.facebookPage, .instagram].contains(kind), interaction.threadKey.visibility == .public, reply == .private {
            let messages = try await store.messages(of: interaction.id, after: nil, limit: 1000)
            let chosen = answering.flatMap { id in messages.last { $0.direction == .inbound && $0.platformMessageID == id } }
            if let comment = chosen ?? messages.answered {
                context.comment = try await facts(of: comment, among: messages, in: interaction, excluding: excluding)
            }
        }
        if kind == .line, case .conversation(let customer) = interaction.threadKey {
            context.lineReplyToken = lineReplyTokens?.token(of: customer)
        }
        if kind == .x { context.xRecipient = try await xRecipient(of: interaction, reply: reply) }
        if kind == .x, case .tweet = interaction.threadKey, reply == .public {
            // X threads a reply under one tweet: the named one, else the latest not deleted (`answered`).
            let messages = try await store.messages(of: interaction.id, after: nil, limit: 1000)
            let chosen = answering.flatMap { id in messages.last { $0.direction == .inbound && $0.platformMessageID == id } }
            context.answersRemovedMessage = (chosen ?? messages.answered)?.deletedAt != nil
        }
        return context
    }

    /// X: whether the customer has DMed the account (a direct-message thread exists only because they wrote)
    /// and, for a direct message, whether they follow the account (`FollowerStore`, fed by X's follow events).
    private func xRecipient(of interaction: Interaction, reply: Visibility) async throws -> XRecipient {
        var recipient = XRecipient()
        if x[interaction.channelID]?.directMessagesOpen == true { recipient.acceptsDirectMessagesFromAnyone = true }
        if case .conversation = interaction.threadKey {
            recipient.hasDirectMessagedAccount = interaction.lastCustomerMessageAt != nil
        }
        guard reply == .private else { return recipient }
        let channels = try await store.channels()
        guard let channel = channels.first(where: { $0.id == interaction.channelID })?.key ?? ChannelKey(interaction.channelID.rawValue)
        else { return recipient }
        let person: String?
        if case .conversation(let customer) = interaction.threadKey {
            person = customer.id
        } else {
            let messages = try await store.messages(of: interaction.id, after: nil, limit: 1000)
            person = messages.first { $0.direction == .inbound && $0.author?.platform == .x }?.author?.id
        }
        guard let person else { return recipient }
        recipient.followsAccount = try await store.follows(person, on: channel)
        if !recipient.hasDirectMessagedAccount {
            // A DM conversation with the account exists: the customer wrote there before.
            let thread = ThreadKey.conversation(customer: Identity.Key(platform: .x, id: person))
            recipient.hasDirectMessagedAccount = try await store.threadMessages(channel: channel, threadKey: thread, after: nil, limit: 500)
                .contains { $0.direction == .inbound }
        }
        return recipient
    }

    /// Meta allows one private reply per comment (platforms.md §2.4), not per thread: several customers comment
    /// in one thread and each comment may have its own. An earlier private reply counts against `comment` when its
    /// outbox key names that comment, or when its key names none (sent before keys did: it may have been this one).
    /// Only replies stored before the one being sent count: of two racing for one comment, the first still goes.
    private func facts(of comment: Message, among messages: [Message], in interaction: Interaction,
                       excluding: Message.ID?) async throws -> CommentFacts {
        let targets = try await store.privateReplyTargets(of: interaction.id)
        let before = excluding.flatMap { id in messages.firstIndex { $0.id == id } }.map { messages[..<$0] } ?? messages[...]
        let earlier = before.first {
            $0.direction == .outbound && $0.visibility == .private && $0.id != excluding && $0.deliveryStatus != .failed
                && (targets[$0.id] ?? comment.platformMessageID) == comment.platformMessageID
        }
        return CommentFacts(createdAt: comment.sentAt, privateReplySentAt: earlier?.sentAt)
    }

    /// What a person may send into the interaction now, and until when. `answering`: as for `context`.
    func window(of interaction: Interaction, kind: ChannelKind, reply: Visibility? = nil, answering: String? = nil,
                now: Date) async throws -> SendWindow {
        let context = try await context(of: interaction, kind: kind, author: .human, reply: reply ?? interaction.visibility,
                                        answering: answering)
        return MessagingWindow.evaluate(context, now: now, limits: limits)
    }
}

extension [Message] {
    /// The customer message a reply answers: the latest inbound one its author has not removed (Meta refuses a
    /// reply under, or a private reply to, a removed comment), else the latest inbound one.
    var answered: Message? {
        last { $0.direction == .inbound && $0.deletedAt == nil } ?? last { $0.direction == .inbound }
    }
}

/// The outbox's view of the store for `PlatformPolicy`: an item's stored message leads to its interaction
/// and channel. An item that delivers no stored message is refused (nothing shows the customer wrote).
struct StorePolicyFacts: PolicyFacts {
    let store: any ParleyStore
    let window: ConversationWindow

    init(store: any ParleyStore, limits: PolicyLimits = PolicyLimits(), x: [Channel.ID: XChannelSettings] = [:]) {
        self.store = store
        self.window = ConversationWindow(store: store, limits: limits, x: x)
    }

    func context(for dispatch: OutboxDispatch, now: Date) async throws -> SendContext? {
        guard let messageID = dispatch.messageID, let message = try await store.message(messageID),
            let interaction = try await store.interaction(message.interactionID)
        else { return nil }
        // Messages written by agents carry their id; Parley's automatic answers do not.
        let author: SendContext.Author = message.agentID == nil ? .automatic : .human
        return try await window.context(of: interaction, kind: dispatch.channel.kind, author: author, reply: message.visibility,
                                        excluding: message.id, answering: PrivateReplyTarget.of(dispatch.request))
    }
}
