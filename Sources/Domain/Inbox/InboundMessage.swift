import Foundation

/// One customer message as every platform's normaliser hands it to the pipeline.
public struct InboundMessage: Sendable, Hashable {
    public var channel: ChannelKey
    /// The platform's id of the message; with the channel it makes redeliveries no-ops.
    public var platformMessageID: String
    public var author: Identity
    public var threadKey: ThreadKey
    public var text: String
    public var attachments: [Attachment]
    public var sentAt: Date
    /// The author's profile as the platform gave it with this message (name, avatar, followers…), if it did.
    public var authorProfile: ContactProfile?
    /// LINE: the event's reply token, with which the first answer goes free for about a minute (platforms.md
    /// §6.2). Nil elsewhere, and for redelivered events, whose token is stale.
    public var replyToken: String?

    public init(channel: ChannelKey, platformMessageID: String, author: Identity, threadKey: ThreadKey, text: String,
                attachments: [Attachment] = [], sentAt: Date, authorProfile: ContactProfile? = nil, replyToken: String? = nil) {
        self.channel = channel
        self.platformMessageID = platformMessageID
        self.author = author
        self.threadKey = threadKey
        self.text = text
        self.attachments = attachments
        self.sentAt = sentAt
        self.authorProfile = authorProfile
        self.replyToken = replyToken
    }

    public var visibility: Visibility { threadKey.visibility }
}

/// What the pipeline did with an inbound message.
public struct IngestResult: Sendable, Hashable {
    public var contactID: Contact.ID
    public var interactionID: Interaction.ID
    public var messageID: Message.ID
    public var createdContact: Bool
    public var createdInteraction: Bool
    /// The message was already stored (a replay after a crash, or the same message by another path).
    public var duplicate: Bool
    /// The thread's previous interaction, closed because it had been inactive too long.
    public var closedInteractionID: Interaction.ID?

    public init(contactID: Contact.ID, interactionID: Interaction.ID, messageID: Message.ID, createdContact: Bool,
                createdInteraction: Bool, duplicate: Bool, closedInteractionID: Interaction.ID? = nil) {
        self.contactID = contactID
        self.interactionID = interactionID
        self.messageID = messageID
        self.createdContact = createdContact
        self.createdInteraction = createdInteraction
        self.duplicate = duplicate
        self.closedInteractionID = closedInteractionID
    }
}
