import Domain

/// An agent's reply as `ReplyComposer` needs it: where it goes, who gets it, and what it says.
public struct OutboundReply: Sendable, Hashable {
    public var channel: ChannelKey
    public var threadKey: ThreadKey
    /// The customer being answered.
    public var recipient: Identity.Key
    public var text: String
    public var attachments: [Attachment]
    /// `.public` answers in the open (a comment, a reply tweet); `.private` answers in a DM, which on a
    /// public Facebook or Instagram thread is the one-shot private reply to the customer's comment.
    public var visibility: Visibility
    /// The platform id of the message being answered: the comment a public reply goes under (or a private
    /// reply addresses), the tweet a reply tweet answers. Nil: the thread's own comment, post or tweet.
    /// Direct messages ignore it.
    public var inReplyTo: String?
    /// Sent as `Authorization: Bearer …` when present.
    public var accessToken: String?
    /// Messenger and Instagram direct messages: the message tag to send with (`messaging_type: MESSAGE_TAG`),
    /// which a human agent's answer after the 24-hour window needs (platforms.md §1.6). Other channels and
    /// private replies to comments take no tag and refuse one.
    public var messageTag: MessageTag?
    /// WhatsApp: send this approved template instead of the text (the text is its rendering, for the record).
    public var template: TemplateSend?

    public init(channel: ChannelKey, threadKey: ThreadKey, recipient: Identity.Key, text: String,
                attachments: [Attachment] = [], visibility: Visibility, inReplyTo: String? = nil, accessToken: String? = nil,
                messageTag: MessageTag? = nil, template: TemplateSend? = nil) {
        self.channel = channel
        self.threadKey = threadKey
        self.recipient = recipient
        self.text = text
        self.attachments = attachments
        self.visibility = visibility
        self.inReplyTo = inReplyTo
        self.accessToken = accessToken
        self.messageTag = messageTag
        self.template = template
    }

    /// Whether there is text worth sending: platforms refuse text that is only spaces and newlines.
    var hasText: Bool { !text.allSatisfy(\.isWhitespace) }

    /// The text as written, or nil when there is none worth sending.
    var textToSend: String? { hasText ? text : nil }
}

extension OutboundReply: CustomStringConvertible {
    /// For logs and test output: never the access token, and not the customer's text.
    public var description: String {
        "reply on \(channel) in \(threadKey) to \(recipient), \(visibility.rawValue), \(text.unicodeScalars.count) scalars, "
            + "\(attachments.count) attachment(s), token \(accessToken == nil ? "absent" : "redacted")"
    }
}

/// A Messenger/Instagram message tag (platforms.md §1.6). Only the one Parley's agents need.
public enum MessageTag: String, Sendable, Hashable, Codable {
    /// A person's answer up to 7 days after the customer's last message; never automated content.
    case humanAgent = "HUMAN_AGENT"
}

/// Why a reply cannot become a platform call. Each message says what was wrong and what to do instead.
public enum ComposeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Web messaging replies are delivered by Parley itself, not through a platform's API.
    case notAPlatformChannel(ChannelKind)
    /// No text (or only whitespace) and no attachments.
    case emptyMessage(ChannelKind)
    case textTooLong(ChannelKind, length: Int, limit: TextLimit)
    case unsupportedAttachment(ChannelKind, Attachment.Kind, hint: String)
    case attachmentWithoutURL(ChannelKind, Attachment.Kind)
    /// A file uploaded to Parley, on a channel whose platform Parley cannot upload it to (`MediaUpload`).
    case uploadNotSupported(ChannelKind, hint: String)
    /// One call carries less than the reply holds (Messenger: one attachment and no text beside it).
    case tooManyParts(ChannelKind, attachments: Int, withText: Bool)
    /// A public answer was asked for on a private conversation.
    case publicReplyOnPrivateThread(ChannelKind)
    /// The thread is not one this channel kind has (a tweet thread on a LINE channel).
    case threadNotOnChannel(ThreadKey, ChannelKind)
    /// The customer's identity belongs to another platform than the channel.
    case recipientNotOnPlatform(Identity.Key, ChannelKind)
    /// A message tag on a reply that cannot carry one (another platform, or a private reply to a comment).
    case messageTagNotAllowed(MessageTag, ChannelKind)
    /// Message templates are WhatsApp's; other platforms have none, and a template carries no attachments.
    case templateNotAllowed(ChannelKind)

    public var description: String {
        switch self {
        case .notAPlatformChannel(let kind):
            "\(kind.platformName) replies are delivered by Parley itself; they are not composed as platform calls"
        case .emptyMessage(let kind):
            "the \(kind.platformName) reply has no text and no attachments; write a message or attach a file"
        case .textTooLong(_, let length, let limit):
            "\(limit.label) holds at most \(limit.maximum) \(limit.unit.rawValue); this text has \(length): "
                + "shorten it by \(length - limit.maximum) or send it as two replies"
        case .unsupportedAttachment(let kind, let attachment, let hint):
            "\(kind.platformName) replies cannot carry \(attachment.rawValue.first.map { "aeiou".contains($0) } == true ? "an" : "a") "
                + "\(attachment.rawValue) attachment: \(hint)"
        case .uploadNotSupported(let kind, let hint):
            "\(kind.platformName) replies cannot carry a file uploaded to Parley: \(hint)"
        case .attachmentWithoutURL(let kind, let attachment):
            "the \(attachment.rawValue) attachment has no URL for \(kind.platformName) to fetch it from; upload it first"
        case .tooManyParts(let kind, let attachments, let withText):
            "\(kind.onePartRule); this reply has \(withText ? "text and " : "")\(attachments) attachment"
                + "\(attachments == 1 ? "" : "s"): send them as separate replies"
        case .publicReplyOnPrivateThread(let kind):
            "\(kind.platformName) conversations are private: answer with a private reply"
        case .threadNotOnChannel(let thread, let kind):
            "\(kind.platformName) channels have no thread like \(thread); check the interaction's channel"
        case .recipientNotOnPlatform(let recipient, let kind):
            "\(recipient) is not a \(kind.platform.rawValue) identity, so the \(kind.platformName) channel cannot reach it"
        case .templateNotAllowed(let kind):
            kind == .whatsapp ? "a WhatsApp template is sent on its own, without attachments"
                : "message templates are WhatsApp's; \(kind.platformName) replies are written, not picked from templates"
        case .messageTagNotAllowed(let tag, let kind):
            "the \(tag.rawValue) tag goes only with Messenger and Instagram direct messages, not with a \(kind.platformName) "
                + "reply on this thread; send it without the tag"
        }
    }
}

extension ChannelKind {
    /// The platform's own name for the channel, for messages people read.
    var platformName: String {
        switch self {
        case .webMessaging: "web messaging"
        case .facebookPage: "Facebook page"
        case .messenger: "Messenger"
        case .instagram: "Instagram"
        case .whatsapp: "WhatsApp"
        case .x: "X"
        case .line: "LINE"
        case .open: "open channel"
        }
    }

    /// What one call can carry, where that is less than any mix of text and attachments.
    fileprivate var onePartRule: String {
        switch self {
        case .messenger, .instagram: "a \(platformName) message is either text or one attachment"
        case .whatsapp: "a WhatsApp message is text or one media item, with text only as an image, video or document caption"
        case .facebookPage: "a Facebook comment carries text and at most one image"
        default: "a \(platformName) message carries text only"
        }
    }
}
