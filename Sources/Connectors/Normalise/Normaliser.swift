import Domain
import Foundation

/// Turns one stored inbox event into what the pipeline acts on. Pure: the same event always gives the same
/// answer, which is what makes replays after a crash safe.
public enum NormalisedEvent: Sendable, Hashable {
    case message(InboundMessage)
    /// Known and deliberately not acted on yet (echoes of our own sends, receipts, reactions…), with why.
    case skipped(String)
}

public enum Normaliser {
    /// `payload` is the event's JSON as `DeliverySplitter.payload(of:from:index:)` cuts it out.
    public static func normalise(_ event: InboxEvent, payload: Data, source: WebhookSource) -> NormalisedEvent {
        guard let object = (try? JSONSerialization.jsonObject(with: payload)) as? JSONObject else {
            return .skipped("the event's JSON could not be read")
        }
        return normalise(event, object: object)
    }

    /// Normalises the stored event at its index of the stored delivery body (split again: the splitter is pure).
    public static func normalise(_ event: InboxEvent, deliveryBody: Data, source: WebhookSource) -> NormalisedEvent {
        guard event.category == .message else { return .skipped("\(event.category.rawValue) events are recorded, not routed") }
        guard let objects = try? DeliverySplitter.collect(deliveryBody, from: source, withPayloads: false).objects,
            objects.indices.contains(event.index)
        else { return .skipped("the stored delivery no longer yields this event") }
        return normalise(event, object: objects[event.index])
    }

    static func normalise(_ event: InboxEvent, object: JSONObject) -> NormalisedEvent {
        guard event.category == .message else { return .skipped("\(event.category.rawValue) events are recorded, not routed") }
        let message: InboundMessage?
        switch event.channel.kind {
        case .messenger: message = messaging(object, event)
        case .instagram: message = object["field"] == nil ? messaging(object, event) : instagramComment(object, event)
        case .facebookPage: message = feed(object, event)
        case .whatsapp: message = whatsapp(object, event)
        case .x:
            message = object["stream_tweet_event"] != nil ? xStreamTweet(object, event)
                : object["tweet_create_event"] == nil ? xDirectMessage(object, event) : xTweet(object, event)
        case .line: message = lineMessage(object, event)
        case .open: message = open(object, event)
        case .webMessaging: message = web(object, event)
        }
        return message.map { NormalisedEvent.message($0.withoutNUL()) }
            ?? .skipped("no customer message in this \(event.channel.kind.rawValue) event yet")
    }

    /// Messenger and Instagram DMs: the sender's id is page-scoped (PSID / IGSID).
    /// A postback (the customer pressed a button Parley or a bot sent) is a message too: its title is what the
    /// customer chose, and it opens the 24-hour window like any message (platforms.md §1.4, §1.6).
    static func messaging(_ object: JSONObject, _ event: InboxEvent) -> InboundMessage? {
        guard let sender = object.object("sender")?.string("id") else { return nil }
        let platform: Platform = event.channel.kind == .instagram ? .instagram : .facebook
        let author = Identity(key: Identity.Key(platform: platform, scope: event.channel.accountID, id: sender))
        let sentAt = event.occurredAt ?? Date(timeIntervalSince1970: 0)
        if let postback = object.object("postback") {
            return InboundMessage(channel: event.channel, platformMessageID: postback.string("mid") ?? event.dedupeKey, author: author,
                                  threadKey: .conversation(customer: author.key), text: postback.string("title") ?? postback.string("payload") ?? "",
                                  sentAt: sentAt)
        }
        guard let message = object.object("message"), let mid = message.string("mid") else { return nil }
        let attachments = message.objects("attachments").map { attachment in
            Attachment(kind: messagingKind(attachment.string("type") ?? ""),
                       url: attachment.object("payload")?.string("url") ?? attachment.string("url"), filename: attachment.string("title"))
        }
        return InboundMessage(channel: event.channel, platformMessageID: mid, author: author,
                              threadKey: .conversation(customer: author.key), text: message.string("text") ?? "",
                              attachments: attachments, sentAt: sentAt)
    }

    /// Messenger and Instagram attachment types: shared posts, reels and links (`fallback`) are links.
    static func messagingKind(_ type: String) -> Attachment.Kind {
        switch type {
        case "fallback", "share", "post", "ig_post", "reel", "ig_reel", "story_mention": .link
        default: Attachment.Kind(rawValue: type) ?? .other
        }
    }

    /// Instagram comments on the account's media (platforms.md §3): threaded like Facebook comments, by the
    /// media and the top-level comment; the commenter's id is scoped to the account (IGSID), their username kept.
    static func instagramComment(_ change: JSONObject, _ event: InboxEvent) -> InboundMessage? {
        guard ["comments", "live_comments"].contains(change.string("field") ?? ""), let value = change.object("value"),
            let id = value.string("id"), let from = value.object("from"), let authorID = from.string("id"),
            let media = value.object("media")?.string("id")
        else { return nil }
        let author = Identity(key: Identity.Key(platform: .instagram, scope: event.channel.accountID, id: authorID), handle: from.string("username"))
        return InboundMessage(channel: event.channel, platformMessageID: id, author: author,
                              threadKey: .comment(postID: media, commentID: value.string("parent_id") ?? id), text: value.string("text") ?? "",
                              sentAt: event.occurredAt ?? Date(timeIntervalSince1970: 0))
    }

    /// Facebook page feed: a customer's post (thread: the post) or a comment (thread: its top-level comment).
    static func feed(_ change: JSONObject, _ event: InboxEvent) -> InboundMessage? {
        guard let value = change.object("value"), let postID = value.string("post_id"),
            let from = value.object("from"), let authorID = from.string("id") else { return nil }
        let author = Identity(key: Identity.Key(platform: .facebook, scope: "", id: authorID), displayName: from.string("name"))
        let text = value.string("message") ?? ""
        let attachments = [value.string("photo").map { Attachment(kind: .image, url: $0) },
                           value.string("video").map { Attachment(kind: .video, url: $0) }].compactMap { $0 }
        let sentAt = event.occurredAt ?? Date(timeIntervalSince1970: 0)
        if let commentID = value.string("comment_id") {
            let parent = value.string("parent_id") ?? postID
            let topLevel = parent == postID ? commentID : parent
            return InboundMessage(channel: event.channel, platformMessageID: commentID, author: author,
                                  threadKey: .comment(postID: postID, commentID: topLevel), text: text, attachments: attachments, sentAt: sentAt)
        }
        return InboundMessage(channel: event.channel, platformMessageID: postID, author: author,
                              threadKey: .customerPost(postID: postID), text: text, attachments: attachments, sentAt: sentAt)
    }

    /// WhatsApp: ids are phone numbers (global); newer payloads may carry only a business-scoped user id.
    static func whatsapp(_ object: JSONObject, _ event: InboxEvent) -> InboundMessage? {
        guard let message = object.objects("message").first ?? object.object("message"), let id = message.string("id") else { return nil }
        let contact = object.objects("contacts").first
        guard let from = message.string("from") ?? contact?.string("wa_id") ?? contact?.string("user_id") else { return nil }
        let author = Identity(key: Identity.Key(platform: .whatsapp, id: from), displayName: contact?.object("profile")?.string("name"),
                              phone: message.string("from").map { "+" + $0 })
        let type = message.string("type") ?? "text"
        var text = message.object("text")?.string("body") ?? ""
        var attachments: [Attachment] = []
        if let media = message.object(type), ["image", "video", "audio", "document", "sticker"].contains(type) {
            text = media.string("caption") ?? text
            attachments.append(Attachment(kind: type == "document" ? .file : Attachment.Kind(rawValue: type) ?? .other,
                                          url: media.string("id").map { "whatsapp-media:\($0)" }, mimeType: media.string("mime_type"),
                                          filename: media.string("filename")))
        }
        if type == "interactive", let interactive = message.object("interactive") {
            text = (interactive.object("button_reply") ?? interactive.object("list_reply"))?.string("title") ?? text
        }
        if type == "button" { text = message.object("button")?.string("text") ?? text }
        if type == "location", let place = message.object("location"), let latitude = place.double("latitude"),
            let longitude = place.double("longitude") {
            // A shared place: its name and address as text, the coordinates as a geo: URI (RFC 5870).
            text = "📍 " + ([place.string("name"), place.string("address")].compactMap { $0 }.joined(separator: ", ").nilIfEmpty ?? "Location")
            attachments.append(Attachment(kind: .location, url: "geo:\(latitude),\(longitude)"))
        }
        if type == "contacts" {
            let cards = message.objects("contacts").map { card in
                let name = card.object("name")?.string("formatted_name") ?? "a contact"
                let phones = card.objects("phones").compactMap { $0.string("phone") }
                return phones.isEmpty ? name : "\(name) (\(phones.joined(separator: ", ")))"
            }
            text = "Shared contact: " + cards.joined(separator: "; ")
        }
        return InboundMessage(channel: event.channel, platformMessageID: id, author: author,
                              threadKey: .conversation(customer: author.key), text: text, attachments: attachments,
                              sentAt: event.occurredAt ?? Date(timeIntervalSince1970: 0))
    }

    /// X direct messages: user ids are global; names come from the delivery's `users` map.
    static func xDirectMessage(_ object: JSONObject, _ event: InboxEvent) -> InboundMessage? {
        guard let dm = object.object("direct_message_event"), let id = dm.string("id"),
            let create = dm.object("message_create"), let sender = create.string("sender_id") else { return nil }
        let user = object.object("users")?.object(sender)
        let author = Identity(key: Identity.Key(platform: .x, id: sender), handle: user?.string("screen_name"), displayName: user?.string("name"))
        return InboundMessage(channel: event.channel, platformMessageID: id, author: author,
                              threadKey: .conversation(customer: author.key), text: create.object("message_data")?.string("text") ?? "",
                              sentAt: event.occurredAt ?? Date(timeIntervalSince1970: 0), authorProfile: user.map(xProfile))
    }

    /// What X says of a user beside the event (the v1.1 user object): name, picture, audience, verification —
    /// the contact's profile and the influence score read them. Absent fields stay unknown, not zero.
    static func xProfile(_ user: JSONObject) -> ContactProfile {
        ContactProfile(displayName: user.string("name"), avatarURL: user.string("profile_image_url_https"),
                       followerCount: user.double("followers_count").map { Int($0) },
                       verified: user["verified"] == nil ? nil : user.bool("verified"))
    }
}

extension InboundMessage {
    /// U+0000 carries no meaning in a message and PostgreSQL text cannot store it: a customer's NUL must not make
    /// the message unstorable (and the pipeline retry it forever). Removed from text and names alike.
    func withoutNUL() -> InboundMessage {
        var message = self
        message.text = text.withoutNUL
        message.author.displayName = author.displayName?.withoutNUL
        message.author.handle = author.handle?.withoutNUL
        message.attachments = attachments.map { attachment in
            var attachment = attachment
            attachment.filename = attachment.filename?.withoutNUL
            return attachment
        }
        return message
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
