import Domain
import Foundation

/// Splits Meta webhook deliveries: `object` page (Messenger and page feed), instagram (DMs and comments) and
/// whatsapp_business_account. One POST may batch many entries; each entry's events become inbox events.
/// Dedupe keys follow research/platforms.md §8.
enum MetaSplitter {
    static func split(_ body: Data) throws(SplitError) -> [InboxEvent] {
        let root = try JSON.parseObject(body)
        guard let object = root.string("object") else { throw SplitError.malformed("missing 'object'") }
        guard let entries = root["entry"] as? [Any] else { throw SplitError.malformed("missing 'entry' array") }
        var events: [InboxEvent] = []
        for case let entry as JSONObject in entries {
            guard let account = entry.string("id") else { throw SplitError.malformed("entry without 'id'") }
            switch object {
            case "page":
                events += entry.objects("messaging").map { messaging($0, kind: .messenger, account: account) }
                events += entry.objects("standby").map { messaging($0, kind: .messenger, account: account) }
                events += entry.objects("changes").map { feedChange($0, account: account) }
            case "instagram":
                events += entry.objects("messaging").map { messaging($0, kind: .instagram, account: account) }
                events += entry.objects("changes").map { instagramChange($0, account: account) }
            case "whatsapp_business_account":
                events += entry.objects("changes").flatMap { whatsappChange($0, account: account) }
            default:
                events.append(unknown(entry, kind: .messenger, account: account))
            }
        }
        return events
    }

    private static func messaging(_ event: JSONObject, kind: ChannelKind, account: String) -> InboxEvent {
        let payload = JSON.encode(event)
        let at = JSON.millis(event.double("timestamp"))
        let channel = ChannelKey(kind: kind, accountID: account)
        func make(_ key: String, _ category: InboxEvent.Category) -> InboxEvent {
            InboxEvent(channel: channel, dedupeKey: key, category: category, occurredAt: at, payload: payload)
        }
        if let message = event.object("message"), let mid = message.string("mid") {
            if message.bool("is_deleted") { return make("deleted:\(mid)", .messageChange) }
            return make("mid:\(mid)", message.bool("is_echo") ? .echo : .message)
        }
        if let edit = event.object("message_edit"), let mid = edit.string("mid") {
            return make("edit:\(mid):\(edit.string("num_edit") ?? JSON.contentHash(payload))", .messageChange)
        }
        if let postback = event.object("postback") {
            if let mid = postback.string("mid") { return make("postback:\(mid)", .action) }
            return make(JSON.contentHash(payload), .action)
        }
        if event["delivery"] != nil || event["read"] != nil { return make(JSON.contentHash(payload), .receipt) }
        if event["reaction"] != nil { return make(JSON.contentHash(payload), .reaction) }
        if event["referral"] != nil || event["optin"] != nil { return make(JSON.contentHash(payload), .action) }
        return make(JSON.contentHash(payload), .unknown)
    }

    /// Page feed: posts, comments, reactions. Key `(comment_id or post_id, verb, created_time)`.
    private static func feedChange(_ change: JSONObject, account: String) -> InboxEvent {
        let payload = JSON.encode(change)
        let channel = ChannelKey(kind: .facebookPage, accountID: account)
        let value = change.object("value") ?? [:]
        let at = JSON.seconds(value.double("created_time"))
        guard change.string("field") == "feed" else {
            return InboxEvent(channel: channel, dedupeKey: JSON.contentHash(payload), category: .unknown, occurredAt: at, payload: payload)
        }
        let item = value.string("item") ?? ""
        let verb = value.string("verb") ?? ""
        let author = value.object("from")?.string("id") ?? value.string("sender_id")
        let category: InboxEvent.Category
        switch (item, verb) {
        case ("reaction", _), ("like", _): category = .reaction
        case (_, "add"): category = author == account ? .echo : .message
        case (_, "edited"), (_, "edit"), (_, "remove"), (_, "delete"), (_, "hide"), (_, "unhide"): category = .messageChange
        default: category = .unknown
        }
        let subject = value.string("comment_id") ?? value.string("post_id")
        let key: String
        if let subject, category != .reaction {
            key = "feed:\(subject):\(verb):\(value.string("created_time") ?? "")"
        } else {
            key = JSON.contentHash(payload)
        }
        return InboxEvent(channel: channel, dedupeKey: key, category: category, occurredAt: at, payload: payload)
    }

    private static func instagramChange(_ change: JSONObject, account: String) -> InboxEvent {
        let payload = JSON.encode(change)
        let channel = ChannelKey(kind: .instagram, accountID: account)
        let value = change.object("value") ?? [:]
        let field = change.string("field") ?? ""
        if ["comments", "live_comments"].contains(field), let id = value.string("id") {
            let mine = value.object("from")?.string("id") == account
            return InboxEvent(channel: channel, dedupeKey: "comment:\(id)", category: mine ? .echo : .message, occurredAt: nil, payload: payload)
        }
        if field == "mentions", let id = value.string("comment_id") ?? value.string("media_id") {
            return InboxEvent(channel: channel, dedupeKey: "mention:\(id)", category: .message, occurredAt: nil, payload: payload)
        }
        return InboxEvent(channel: channel, dedupeKey: JSON.contentHash(payload), category: .unknown, occurredAt: nil, payload: payload)
    }

    /// WhatsApp: one change may hold several messages and statuses; each becomes its own event with the
    /// change's `metadata` and `contacts` kept beside it. The channel is our phone number id.
    private static func whatsappChange(_ change: JSONObject, account: String) -> [InboxEvent] {
        let value = change.object("value") ?? [:]
        let phoneNumberID = value.object("metadata")?.string("phone_number_id") ?? account
        let channel = ChannelKey(kind: .whatsapp, accountID: phoneNumberID)
        var context: JSONObject = [:]
        context["metadata"] = value["metadata"]
        context["contacts"] = value["contacts"]
        var events: [InboxEvent] = []
        for message in value.objects("messages") {
            var body = context
            body["message"] = message
            let payload = JSON.encode(body)
            let key = message.string("id").map { "wamid:\($0)" } ?? JSON.contentHash(payload)
            events.append(InboxEvent(channel: channel, dedupeKey: key, category: .message,
                                     occurredAt: JSON.seconds(message.double("timestamp")), payload: payload))
        }
        for status in value.objects("statuses") {
            var body = context
            body["status"] = status
            let payload = JSON.encode(body)
            let key: String
            if let id = status.string("id"), let state = status.string("status") {
                key = "status:\(id):\(state)"
            } else {
                key = JSON.contentHash(payload)
            }
            events.append(InboxEvent(channel: channel, dedupeKey: key, category: .receipt,
                                     occurredAt: JSON.seconds(status.double("timestamp")), payload: payload))
        }
        if value["messages"] == nil && value["statuses"] == nil {
            let payload = JSON.encode(change)
            events.append(InboxEvent(channel: channel, dedupeKey: JSON.contentHash(payload), category: .unknown, occurredAt: nil, payload: payload))
        }
        return events
    }

    private static func unknown(_ entry: JSONObject, kind: ChannelKind, account: String) -> InboxEvent {
        let payload = JSON.encode(entry)
        return InboxEvent(channel: ChannelKey(kind: kind, accountID: account), dedupeKey: JSON.contentHash(payload),
                          category: .unknown, occurredAt: nil, payload: payload)
    }
}
