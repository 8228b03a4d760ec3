import Domain
import Foundation
import Storage

extension Normaliser {
    /// LINE (platforms.md §6.1): a customer's message in a one-to-one chat with the bot, or a postback (the customer
    /// tapped a button: its `data` is what they chose). User ids are provider-scoped; the bot's id stands in for the
    /// provider until channels carry it. Group and room chats are not routed (an answer there is public to the
    /// group). The reply token is kept with the message, except on a redelivery: LINE resends the event with its
    /// original, by then stale, token.
    static func lineMessage(_ object: JSONObject, _ event: InboxEvent) -> InboundMessage? {
        guard let source = object.object("source"), source.string("type") == "user", let user = source.string("userId") else { return nil }
        let author = Identity(key: Identity.Key(platform: .line, scope: event.channel.accountID, id: user))
        let redelivered = object.object("deliveryContext")?.bool("isRedelivery") ?? false
        let replyToken = redelivered ? nil : object.string("replyToken")
        let sentAt = event.occurredAt ?? Date(timeIntervalSince1970: 0)
        if object.string("type") == "postback", let postback = object.object("postback") {
            return InboundMessage(channel: event.channel, platformMessageID: event.dedupeKey, author: author,
                                  threadKey: .conversation(customer: author.key), text: postback.string("data") ?? "", sentAt: sentAt,
                                  replyToken: replyToken)
        }
        guard let message = object.object("message"), let id = message.string("id") else { return nil }
        let (text, attachments) = lineContent(message, id: id)
        return InboundMessage(channel: event.channel, platformMessageID: id, author: author, threadKey: .conversation(customer: author.key),
                              text: text, attachments: attachments, sentAt: sentAt, replyToken: replyToken)
    }

    /// A LINE message object's text and attachments. Media sent through LINE is fetched from the content endpoint
    /// by id (`line-content:<id>`); media from an external provider has its own URL.
    static func lineContent(_ message: JSONObject, id: String) -> (String, [Attachment]) {
        switch message.string("type") ?? "text" {
        case "text":
            return (message.string("text") ?? "", [])
        case let type where ["image", "video", "audio", "file"].contains(type):
            let provider = message.object("contentProvider")
            let url = provider?.string("type") == "external" ? provider?.string("originalContentUrl") : "line-content:\(id)"
            return ("", [Attachment(kind: Attachment.Kind(rawValue: type) ?? .file, url: url, filename: message.string("fileName"))])
        case "sticker":
            // No text: the sticker is the message. Its package and id name it in LINE's sticker shop.
            let sticker = "line-sticker:\(message.string("packageId") ?? "?")/\(message.string("stickerId") ?? "?")"
            return ("", [Attachment(kind: .sticker, url: sticker)])
        case "location":
            let place = [message.string("title"), message.string("address")].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            let point = message.double("latitude").flatMap { latitude in message.double("longitude").map { "geo:\(latitude),\($0)" } }
            return ("📍 " + (place.isEmpty ? "Location" : place), point.map { [Attachment(kind: .location, url: $0)] } ?? [])
        case let type:
            return ("", [Attachment(kind: .other, url: "line-content:\(id)", filename: type)])
        }
    }
}

extension ChangeNormaliser {
    /// LINE: the customer unsent a message (`unsend.messageId`, platforms.md §6.1); the agent sees it removed.
    static func lineUnsend(_ object: JSONObject, _ event: InboxEvent) -> MessageChange? {
        guard object.string("type") == "unsend", let id = object.object("unsend")?.string("messageId") else { return nil }
        return MessageChange(channel: event.channel, platformMessageID: id, kind: .removed, at: event.occurredAt)
    }
}
