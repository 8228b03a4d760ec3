import Domain
import Storage

/// Messenger, Facebook page comments and Instagram, all through the Graph API: the Send API for direct
/// messages and private replies (platforms.md §1.5, §2.4, §3), comment edges for public replies (§2.2, §3).
enum MetaComposer {
    // platforms.md §1.5: "Text limit 2000 chars (UTF-8) (per Send API docs; uncertain exact unit)".
    // Counted in Unicode scalars, reading "chars" of UTF-8 text as code points; the unit is unconfirmed.
    static let messengerText = TextLimit(label: "a Messenger message", maximum: 2000, unit: .unicodeScalars)
    // platforms.md §3 states no limit for Instagram messages; 1000 is the figure the composer's brief gives.
    // Counted like Messenger, in Unicode scalars.
    static let instagramText = TextLimit(label: "an Instagram message", maximum: 1000, unit: .unicodeScalars)
    // Public comment replies (§2.2, §3) have no limit in platforms.md, so none is checked here.

    /// The §1.5 attachment types an agent sends (`template` is not one).
    static let sendAPIKinds: Set<Attachment.Kind> = [.image, .video, .audio, .file]

    static func messenger(_ reply: OutboundReply) throws(ComposeError) -> OutboundRequest {
        guard case .conversation = reply.threadKey else { throw .threadNotOnChannel(reply.threadKey, .messenger) }
        let (message, upload) = try directMessage(reply, limit: messengerText, uploads: true)
        let body = SendAPIBody(recipient: .init(id: reply.recipient.id), tag: reply.messageTag, message: message)
        let request = ReplyComposer.post("/\(ReplyComposer.segment(reply.channel.accountID))/messages", body, for: reply)
        return upload.map(request.uploading) ?? request
    }

    /// A public reply goes under the comment (or the visitor post) being answered; a private reply is the
    /// one-shot Messenger message to its author, addressed by that comment or post (§2.4).
    static func facebookPage(_ reply: OutboundReply) throws(ComposeError) -> OutboundRequest {
        let target: String
        let privateRecipient: SendAPIBody.Recipient
        switch reply.threadKey {
        case .comment(_, let commentID):
            target = reply.inReplyTo ?? commentID
            privateRecipient = .init(commentID: target)
        case .customerPost(let postID):
            target = reply.inReplyTo ?? postID
            privateRecipient = target == postID ? .init(postID: postID) : .init(commentID: target)
        case .tweet, .conversation:
            throw .threadNotOnChannel(reply.threadKey, .facebookPage)
        }
        switch reply.visibility {
        case .public:
            let media = try ReplyComposer.media(of: reply, accepting: [.image],
                                                hint: "a Facebook comment takes one image; share other files as a link in the text")
            guard media.count <= 1 else { throw .tooManyParts(.facebookPage, attachments: media.count, withText: reply.hasText) }
            let body = CommentBody(message: reply.textToSend, attachmentURL: media.first?.url)
            return ReplyComposer.post("/\(ReplyComposer.segment(target))/comments", body, for: reply)
        case .private:
            let path = "/\(ReplyComposer.segment(reply.channel.accountID))/messages"
            return try privateReply(reply, to: privateRecipient, path: path, limit: messengerText)
        }
    }

    /// Direct messages and private replies go to `/me/messages`: with a Page token on graph.facebook.com
    /// `me` is the page the Instagram account is linked to (§3), whose id the channel does not hold.
    static func instagram(_ reply: OutboundReply) throws(ComposeError) -> OutboundRequest {
        switch reply.threadKey {
        case .conversation:
            let body = SendAPIBody(recipient: .init(id: reply.recipient.id), tag: reply.messageTag,
                                   message: try directMessage(reply, limit: instagramText).message)
            return ReplyComposer.post("/me/messages", body, for: reply)
        case .comment(_, let commentID):
            let target = reply.inReplyTo ?? commentID
            if reply.visibility == .private {
                return try privateReply(reply, to: .init(commentID: target), path: "/me/messages", limit: instagramText)
            }
            try ReplyComposer.textOnly(reply, hint: "an Instagram comment reply is text only")
            return ReplyComposer.post("/\(ReplyComposer.segment(target))/replies", CommentBody(message: reply.text), for: reply)
        case .customerPost, .tweet:
            throw .threadNotOnChannel(reply.threadKey, .instagram)
        }
    }

    /// §1.5: a message is text, or one attachment the platform fetches from its URL — not both.
    /// `uploads`: a file uploaded to Parley goes through the Attachment Upload API first (Messenger only).
    static func directMessage(_ reply: OutboundReply, limit: TextLimit,
                              uploads: Bool = false) throws(ComposeError) -> (message: SendAPIBody.Message, upload: MediaUpload?) {
        let media = try ReplyComposer.media(of: reply, accepting: sendAPIKinds,
                                            hint: "it sends images, video, audio and files; share other content as a link in the text",
                                            uploads: uploads)
        switch (reply.textToSend, media.first) {
        case (let text?, nil):
            try limit.check(text, on: reply.channel.kind)
            return (.init(text: text), nil)
        case (nil, let item?) where media.count == 1:
            guard let file = item.localFile else {
                return (.init(attachment: .init(type: item.kind.rawValue, payload: .init(url: item.url))), nil)
            }
            let placeholder = MediaUpload.placeholder(for: file)
            let form = #"{"attachment":{"type":"\#(item.kind.rawValue)","payload":{"is_reusable":false}}}"#
            let upload = MediaUpload(path: "/me/message_attachments", file: file, mimeType: item.mimeType ?? MediaUpload.mimeType(of: file),
                                     fileField: "filedata", fields: ["message": form], answerKey: "attachment_id", placeholder: placeholder)
            return (.init(attachment: .init(type: item.kind.rawValue, payload: .init(attachmentID: placeholder))), upload)
        default:
            throw .tooManyParts(reply.channel.kind, attachments: media.count, withText: reply.hasText)
        }
    }

    /// §2.4 and §3: text only, no `messaging_type`; one per comment, within 7 days of it.
    static func privateReply(_ reply: OutboundReply, to recipient: SendAPIBody.Recipient, path: String,
                             limit: TextLimit) throws(ComposeError) -> OutboundRequest {
        try ReplyComposer.textOnly(reply, hint: "a private reply to a comment is text only")
        try limit.check(reply.text, on: reply.channel.kind)
        return ReplyComposer.post(path, SendAPIBody(recipient: recipient, message: .init(text: reply.text)), for: reply)
    }
}

/// The Send API body (§1.5). `recipient` is the customer's page-scoped id or, for a private reply, the
/// comment or visitor post being answered (§2.4).
struct SendAPIBody: Encodable {
    struct Recipient: Encodable {
        var id: String?
        var commentID: String?
        var postID: String?

        enum CodingKeys: String, CodingKey {
            case id
            case commentID = "comment_id"
            case postID = "post_id"
        }
    }

    struct Message: Encodable {
        var text: String?
        var attachment: Media?
    }

    struct Media: Encodable {
        var type: String
        var payload: Payload
    }

    /// A URL Meta fetches, or the id of an attachment uploaded first (`MediaUpload`).
    struct Payload: Encodable {
        var url: String?
        var attachmentID: String?

        enum CodingKeys: String, CodingKey {
            case url
            case attachmentID = "attachment_id"
        }
    }

    var recipient: Recipient
    var messagingType: String?
    var tag: String?
    var message: Message

    enum CodingKeys: String, CodingKey {
        case recipient
        case messagingType = "messaging_type"
        case tag
        case message
    }

    /// A private reply: no `messaging_type` (§2.4).
    init(recipient: Recipient, message: Message) {
        self.recipient = recipient
        self.message = message
    }

    /// A direct message: `RESPONSE`, or `MESSAGE_TAG` with its tag (§1.5, §1.6).
    init(recipient: Recipient, tag: MessageTag?, message: Message) {
        self.recipient = recipient
        self.messagingType = tag == nil ? "RESPONSE" : "MESSAGE_TAG"
        self.tag = tag?.rawValue
        self.message = message
    }
}

/// A public comment reply (§2.2, §3): `message`, and on Facebook an optional `attachment_url`.
struct CommentBody: Encodable {
    var message: String?
    var attachmentURL: String?

    enum CodingKeys: String, CodingKey {
        case message
        case attachmentURL = "attachment_url"
    }
}
