import Domain
import Foundation

/// Splits Meta webhook deliveries: `object` page (Messenger and page feed), instagram (DMs and comments) and
/// whatsapp_business_account. One POST may batch many entries; each entry's events become inbox events.
/// Dedupe keys follow research/platforms.md §8.
enum MetaSplitter {
    static func split(_ body: Data, withPayloads: Bool) throws(SplitError) -> EventCollector {
        let root = try JSON.parseObject(body)
        guard let object = root.string("object") else { throw SplitError.malformed("missing 'object'") }
        guard let entries = root["entry"] as? [Any] else { throw SplitError.malformed("missing 'entry' array") }
        var collector = EventCollector(withPayloads: withPayloads)
        for case let entry as JSONObject in entries {
            guard let account = entry.string("id") else { throw SplitError.malformed("entry without 'id'") }
            switch object {
            case "page":
                let channel = ChannelKey(kind: .messenger, accountID: account)
                for event in entry.objects("messaging") + entry.objects("standby") { messaging(event, channel, &collector) }
                for change in entry.objects("changes") { feedChange(change, account: account, entryTime: entry.string("time"), &collector) }
            case "instagram":
                let channel = ChannelKey(kind: .instagram, accountID: account)
                for event in entry.objects("messaging") { messaging(event, channel, &collector) }
                for change in entry.objects("changes") { instagramChange(change, account: account, time: entry.double("time"), &collector) }
            case "whatsapp_business_account":
                for change in entry.objects("changes") { whatsappChange(change, account: account, &collector) }
            default:
                collector.add(entry, channel: ChannelKey(kind: .messenger, accountID: account), key: nil, category: .unknown, at: nil)
            }
        }
        return collector
    }

    private static func messaging(_ event: JSONObject, _ channel: ChannelKey, _ collector: inout EventCollector) {
        let at = JSON.millis(event.double("timestamp"))
        func add(_ key: String?, _ category: InboxEvent.Category) {
            collector.add(event, channel: channel, key: key, category: category, at: at)
        }
        if let message = event.object("message"), let mid = message.string("mid") {
            if message.bool("is_deleted") { return add("deleted:\(mid)", .messageChange) }
            return add("mid:\(mid)", message.bool("is_echo") ? .echo : .message)
        }
        if let edit = event.object("message_edit"), let mid = edit.string("mid") {
            return add(edit.string("num_edit").map { "edit:\(mid):\($0)" }, .messageChange)
        }
        // A pressed button is the customer writing: routed like a message.
        if let postback = event.object("postback") { return add(postback.string("mid").map { "postback:\($0)" }, .message) }
        if event["delivery"] != nil || event["read"] != nil { return add(nil, .receipt) }
        // The customer reacting to a message (or taking it back): a change of that message, keyed by when. The
        // page's own reactions stay `.reaction` events, recorded and not applied: nothing loops back.
        if let reaction = event.object("reaction"), event.object("sender")?.string("id") != channel.accountID {
            let when = event.double("timestamp").flatMap { Int64(exactly: $0.rounded()) }.map(String.init) ?? ""
            let key = reaction.string("mid").map { "reaction:\($0):\(reaction.string("action") ?? "react"):\(when)" }
            return add(key, .messageChange)
        }
        if event["reaction"] != nil { return add(nil, .reaction) }
        if event["referral"] != nil || event["optin"] != nil { return add(nil, .action) }
        add(nil, .unknown)
    }

    /// Page feed: posts, comments, reactions. Key `(comment_id or post_id, verb, created_time)`, and for changes
    /// that may come more than once per comment: the new text's hash for an edit (`created_time` may be the
    /// comment's own, so two edits would share a key), the entry's time for a hide or unhide (hidden, shown,
    /// hidden again). A redelivery repeats both, so it still dedupes.
    private static func feedChange(_ change: JSONObject, account: String, entryTime: String?, _ collector: inout EventCollector) {
        let channel = ChannelKey(kind: .facebookPage, accountID: account)
        let value = change.object("value") ?? [:]
        let at = JSON.seconds(value.double("created_time"))
        guard change.string("field") == "feed" else {
            return collector.add(change, channel: channel, key: nil, category: .unknown, at: at)
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
        var qualifier = ""
        switch verb {
        // 32 bits of the hash: enough to tell one comment's edits apart, too few to recover a masked text from.
        case "edited", "edit": qualifier = ":" + JSON.contentHash(Data((value.string("message") ?? "").utf8)).dropFirst(7).prefix(8)
        case "hide", "unhide": qualifier = ":" + (entryTime ?? "")
        default: break
        }
        let key = category == .reaction ? nil : subject.map { "feed:\($0):\(verb):\(value.string("created_time") ?? "")\(qualifier)" }
        collector.add(change, channel: channel, key: key, category: category, at: at)
    }

    /// Comment changes carry no time of their own: the entry's `time` (seconds) stands for it, so the comment's
    /// 7-day private-reply window is counted from it.
    private static func instagramChange(_ change: JSONObject, account: String, time: Double?, _ collector: inout EventCollector) {
        let at = time.flatMap { $0 > 100_000_000_000 ? JSON.millis($0) : JSON.seconds($0) }
        let channel = ChannelKey(kind: .instagram, accountID: account)
        let value = change.object("value") ?? [:]
        let field = change.string("field") ?? ""
        if ["comments", "live_comments"].contains(field), let id = value.string("id") {
            let mine = value.object("from")?.string("id") == account
            return collector.add(change, channel: channel, key: "comment:\(id)", category: mine ? .echo : .message, at: at)
        }
        if field == "mentions", let id = value.string("comment_id") ?? value.string("media_id") {
            return collector.add(change, channel: channel, key: "mention:\(id)", category: .message, at: at)
        }
        collector.add(change, channel: channel, key: nil, category: .unknown, at: nil)
    }

    /// WhatsApp: one change may hold several messages and statuses; each becomes its own event with the
    /// change's `metadata` and `contacts` kept beside it. The channel is our phone number id.
    private static func whatsappChange(_ change: JSONObject, account: String, _ collector: inout EventCollector) {
        let value = change.object("value") ?? [:]
        let channel = ChannelKey(kind: .whatsapp, accountID: value.object("metadata")?.string("phone_number_id") ?? account)
        var context: JSONObject = [:]
        context["metadata"] = value["metadata"]
        context["contacts"] = value["contacts"]
        for message in value.objects("messages") {
            var body = context
            body["message"] = message
            // A reaction is a message of its own (its own wamid) about an earlier one: a change of that one.
            let reaction = message.string("type") == "reaction"
            collector.add(body, channel: channel, key: message.string("id").map { "wamid:\($0)" }, category: reaction ? .messageChange : .message,
                          at: JSON.seconds(message.double("timestamp")))
        }
        for status in value.objects("statuses") {
            var body = context
            body["status"] = status
            var key: String?
            if let id = status.string("id"), let state = status.string("status") { key = "status:\(id):\(state)" }
            collector.add(body, channel: channel, key: key, category: .receipt, at: JSON.seconds(status.double("timestamp")))
        }
        if value["messages"] == nil && value["statuses"] == nil {
            collector.add(change, channel: channel, key: nil, category: .unknown, at: nil)
        }
    }
}
