import Domain
import Foundation

/// What the platform rules need to know about one conversation to say what may be sent to it now. Built by
/// the caller (the API per interaction, `PolicyFacts` per outbox item); `MessagingWindow` decides from it.
public struct SendContext: Sendable, Hashable {
    /// Who writes the message: platforms treat people and automation differently (Messenger's
    /// `HUMAN_AGENT` tag is for people only; X's automation rules are for automation only).
    public enum Author: String, Sendable, Hashable, Codable {
        case human
        case automatic
    }

    public var kind: ChannelKind
    /// The thread's visibility: a public comment, post or tweet, or a private conversation.
    public var thread: Visibility
    /// How the answer goes. `.private` on a public thread is Facebook's and Instagram's private reply to the
    /// comment, or an X direct message to the tweet's author.
    public var reply: Visibility
    public var author: Author
    /// The customer's last message in this conversation; nil when the customer never wrote in it.
    public var customerLastWroteAt: Date?
    /// For a private reply on a Facebook or Instagram comment (or visitor post).
    public var comment: CommentFacts?
    /// LINE: the reply token of the customer's last event, if it had one.
    public var lineReplyToken: LineReplyToken?
    /// X: whether the customer can receive a direct message from the company's account.
    public var xRecipient: XRecipient
    /// WhatsApp: the message is an approved template (the only kind allowed outside the service window).
    public var usesTemplate: Bool
    /// Messenger and Instagram: whether the app holds the Human Agent permission (§1.6). Without it the
    /// `HUMAN_AGENT` tag is refused by Meta, so nothing can be sent after 24 h.
    public var humanAgentTagApproved: Bool
    /// A public reply: the customer removed the message it would answer (an X tweet deleted while the agent
    /// worked). The platform cannot thread a reply under it.
    public var answersRemovedMessage = false

    public init(kind: ChannelKind, thread: Visibility, reply: Visibility? = nil, author: Author, customerLastWroteAt: Date?,
                comment: CommentFacts? = nil, lineReplyToken: LineReplyToken? = nil, xRecipient: XRecipient = XRecipient(),
                usesTemplate: Bool = false, humanAgentTagApproved: Bool = true) {
        self.kind = kind
        self.thread = thread
        self.reply = reply ?? thread
        self.author = author
        self.customerLastWroteAt = customerLastWroteAt
        self.comment = comment
        self.lineReplyToken = lineReplyToken
        self.xRecipient = xRecipient
        self.usesTemplate = usesTemplate
        self.humanAgentTagApproved = humanAgentTagApproved
    }

    /// The context of an interaction as stored: its thread and the customer's last message. Comment, LINE
    /// and X facts are added by the caller where it has them.
    public init(interaction: Interaction, kind: ChannelKind, author: Author, reply: Visibility? = nil) {
        self.init(kind: kind, thread: interaction.threadKey.visibility, reply: reply, author: author,
                  customerLastWroteAt: interaction.lastCustomerMessageAt)
    }
}

/// The comment (or visitor post) a private reply answers (platforms.md §2.4).
public struct CommentFacts: Sendable, Hashable {
    public var createdAt: Date
    /// When Parley sent this comment's one private reply; nil if none was sent.
    public var privateReplySentAt: Date?

    public init(createdAt: Date, privateReplySentAt: Date? = nil) {
        self.createdAt = createdAt
        self.privateReplySentAt = privateReplySentAt
    }
}

/// A LINE reply token (platforms.md §6.2): single use, valid about a minute after its webhook event.
public struct LineReplyToken: Sendable, Hashable {
    public var issuedAt: Date
    public var used: Bool

    public init(issuedAt: Date, used: Bool = false) {
        self.issuedAt = issuedAt
        self.used = used
    }
}

/// Whether X lets the company's account send this person a direct message (seed 004 lines 3420–3426,
/// seed 000 lines 282–292). Nil: not known, which counts as no.
public struct XRecipient: Sendable, Hashable {
    /// The person's "Receive Direct Messages from anyone" setting.
    public var acceptsDirectMessagesFromAnyone: Bool?
    /// The person follows the company's account.
    public var followsAccount: Bool?
    /// The person has sent the account a direct message before: a DM conversation is established.
    public var hasDirectMessagedAccount: Bool

    public init(acceptsDirectMessagesFromAnyone: Bool? = nil, followsAccount: Bool? = nil, hasDirectMessagedAccount: Bool = false) {
        self.acceptsDirectMessagesFromAnyone = acceptsDirectMessagesFromAnyone
        self.followsAccount = followsAccount
        self.hasDirectMessagedAccount = hasDirectMessagedAccount
    }
}
