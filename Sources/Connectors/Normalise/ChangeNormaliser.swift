import Domain
import Foundation
import Storage

/// Changes to messages Parley stored (edited, removed, hidden) and the page's own messages echoed back
/// (research/platforms.md §1.4, §2.1, §3). Pure, like `Normaliser`: the same stored event always gives the same
/// answer. The page's own reactions are `.reaction` events and never reach it: nothing loops back.
public enum ChangeNormaliser {
    public enum Normalised: Sendable, Hashable {
        case change(MessageChange)
        case echo(PlatformEcho)
        /// Known and deliberately not acted on, with why.
        case skipped(String)
    }

    /// `payload` is the event's JSON as `DeliverySplitter.split(_:from:withPayloads:)` cuts it out.
    public static func normalise(_ event: InboxEvent, payload: Data, source: WebhookSource) -> Normalised {
        guard event.category == .messageChange || event.category == .echo else {
            return .skipped("\(event.category.rawValue) events are not message changes or echoes")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: payload)) as? JSONObject else {
            return .skipped("the event's JSON could not be read")
        }
        return normalise(event, object: object)
    }

    /// Normalises the stored event at its index of the stored delivery body (split again: the splitter is pure).
    public static func normalise(_ event: InboxEvent, deliveryBody: Data, source: WebhookSource) -> Normalised {
        guard event.category == .messageChange || event.category == .echo else {
            return .skipped("\(event.category.rawValue) events are not message changes or echoes")
        }
        guard let objects = try? DeliverySplitter.collect(deliveryBody, from: source, withPayloads: false).objects,
            objects.indices.contains(event.index)
        else { return .skipped("the stored delivery no longer yields this event") }
        return normalise(event, object: objects[event.index])
    }

    static func normalise(_ event: InboxEvent, object: JSONObject) -> Normalised {
        let result: Normalised?
        switch (event.channel.kind, event.category) {
        case (.messenger, .messageChange), (.instagram, .messageChange): result = messagingChange(object, event).map(Normalised.change)
        case (.messenger, .echo), (.instagram, .echo): result = messagingEcho(object, event).map(Normalised.echo)
        case (.facebookPage, .messageChange): result = feedChange(object, event).map(Normalised.change)
        case (.facebookPage, .echo): result = feedEcho(object, event).map(Normalised.echo)
        case (.whatsapp, .messageChange): result = whatsappReaction(object, event).map(Normalised.change)
        case (.x, .messageChange): result = xChange(object, event).map(Normalised.change)
        case (.x, .echo): result = xEcho(object, event).map(Normalised.echo)
        case (.line, .messageChange): result = lineUnsend(object, event).map(Normalised.change)
        default: result = nil
        }
        // Instagram comment edits are not signalled (§3), and its own comments are not threaded yet.
        return result ?? .skipped("nothing Parley follows in this \(event.channel.kind.rawValue) \(event.category.rawValue) event")
    }

    /// Messenger and Instagram: an unsent message (`message.is_deleted`) or an edit (`message_edit`, whose
    /// `num_edit` orders edits; its shape is marked uncertain in §1.4, so every field is optional but `mid`).
    static func messagingChange(_ object: JSONObject, _ event: InboxEvent) -> MessageChange? {
        if let reaction = object.object("reaction"), let mid = reaction.string("mid") {
            // §1.4: `{mid, action: react|unreact, emoji}`; `reaction` names it ("love") where no emoji is given.
            let now = reaction.string("action") == "unreact" ? nil : reaction.string("emoji") ?? reaction.string("reaction")
            return MessageChange(channel: event.channel, platformMessageID: mid, kind: .reacted(now.map(reactionText)), at: event.occurredAt)
        }
        if let message = object.object("message"), message.bool("is_deleted"), let mid = message.string("mid") {
            return MessageChange(channel: event.channel, platformMessageID: mid, kind: .removed, at: event.occurredAt)
        }
        guard let edit = object.object("message_edit"), let mid = edit.string("mid"), let text = edit.string("text") else { return nil }
        let sequence = edit.double("num_edit").flatMap { Int(exactly: $0) }
        return MessageChange(channel: event.channel, platformMessageID: mid, kind: .edited(text: text.withoutNUL, sequence: sequence),
                             at: event.occurredAt)
    }

    /// WhatsApp `type: reaction`: `{message_id, emoji}` about an earlier message; an empty emoji takes it back (§4.1).
    static func whatsappReaction(_ object: JSONObject, _ event: InboxEvent) -> MessageChange? {
        guard let reaction = object.object("message")?.object("reaction"), let id = reaction.string("message_id") else { return nil }
        let emoji = reaction.string("emoji").map(reactionText).flatMap { $0.isEmpty ? nil : $0 }
        return MessageChange(channel: event.channel, platformMessageID: id, kind: .reacted(emoji), at: event.occurredAt)
    }

    /// Messenger and Instagram `is_echo`: sent by the page (`sender`) to the customer (`recipient`), whose
    /// conversation it belongs to.
    static func messagingEcho(_ object: JSONObject, _ event: InboxEvent) -> PlatformEcho? {
        guard let message = object.object("message"), message.bool("is_echo"), let mid = message.string("mid"),
            let customer = object.object("recipient")?.string("id") else { return nil }
        let platform: Platform = event.channel.kind == .instagram ? .instagram : .facebook
        let attachments = message.objects("attachments").map { attachment in
            Attachment(kind: Attachment.Kind(rawValue: attachment.string("type") ?? "") ?? .other, url: attachment.object("payload")?.string("url"))
        }
        return PlatformEcho(channel: event.channel, platformMessageID: mid,
                            threadKey: .conversation(customer: Identity.Key(platform: platform, scope: event.channel.accountID, id: customer)),
                            text: (message.string("text") ?? "").withoutNUL, attachments: attachments,
                            sentAt: event.occurredAt ?? Date(timeIntervalSince1970: 0))
    }

    /// Page feed verbs on a comment or post (§2.1). No time is taken from the change: `created_time` may be the
    /// comment's own rather than the change's, so the store records when it applied it.
    static func feedChange(_ change: JSONObject, _ event: InboxEvent) -> MessageChange? {
        guard let value = change.object("value"), let id = value.string("comment_id") ?? value.string("post_id") else { return nil }
        let kind: MessageChange.Kind
        switch value.string("verb") {
        case "edited", "edit":
            guard let text = value.string("message") else { return nil }
            kind = .edited(text: text.withoutNUL, sequence: nil)
        case "remove", "delete": kind = .removed
        case "hide": kind = .hidden(true)
        case "unhide": kind = .hidden(false)
        default: return nil
        }
        return MessageChange(channel: event.channel, platformMessageID: id, kind: kind, at: nil)
    }

    /// The page's own comment, in the thread a customer's comment there would join. A top-level comment of the
    /// page can only answer a customer's post (on the page's own posts it starts no thread Parley has).
    static func feedEcho(_ change: JSONObject, _ event: InboxEvent) -> PlatformEcho? {
        guard let comment = Normaliser.feed(change, event)?.withoutNUL() else { return nil }
        var thread = comment.threadKey
        if case .comment(let post, let topLevel) = thread, topLevel == comment.platformMessageID { thread = .customerPost(postID: post) }
        return PlatformEcho(channel: event.channel, platformMessageID: comment.platformMessageID, threadKey: thread, text: comment.text,
                            attachments: comment.attachments, sentAt: comment.sentAt)
    }

    /// An emoji (a few scalars joined) or a reaction's name: anything longer is not one, and is cut.
    private static func reactionText(_ text: String) -> String { String(text.withoutNUL.prefix(16)) }
}
