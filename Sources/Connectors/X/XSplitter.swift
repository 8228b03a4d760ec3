import Domain
import Foundation

/// Splits X Account Activity deliveries: one object per POST keyed by event kind, for the account
/// `for_user_id`. Our own DMs and tweets come back too and are marked as echoes.
enum XSplitter {
    static func split(_ body: Data) throws(SplitError) -> [InboxEvent] {
        let root = try JSON.parseObject(body)
        guard let account = root.string("for_user_id") else { throw SplitError.malformed("missing 'for_user_id'") }
        let channel = ChannelKey(kind: .x, accountID: account)
        var events: [InboxEvent] = []

        for dm in root.objects("direct_message_events") {
            var event: JSONObject = ["direct_message_event": dm]
            event["users"] = root["users"]
            event["apps"] = root["apps"]
            let payload = JSON.encode(event)
            let sender = dm.object("message_create")?.string("sender_id")
            let key = dm.string("id").map { "dm:\($0)" } ?? JSON.contentHash(payload)
            events.append(InboxEvent(channel: channel, dedupeKey: key, category: sender == account ? .echo : .message,
                                     occurredAt: JSON.millis(dm.double("created_timestamp")), payload: payload))
        }
        for tweet in root.objects("tweet_create_events") {
            let payload = JSON.encode(["tweet_create_event": tweet])
            let author = tweet.object("user")?.string("id_str")
            let key = tweet.string("id_str").map { "tweet:\($0)" } ?? JSON.contentHash(payload)
            events.append(InboxEvent(channel: channel, dedupeKey: key, category: author == account ? .echo : .message,
                                     occurredAt: JSON.millis(tweet.double("timestamp_ms")), payload: payload))
        }
        for deletion in root.objects("tweet_delete_events") {
            let payload = JSON.encode(["tweet_delete_event": deletion])
            let key = deletion.object("status")?.string("id").map { "tweet-delete:\($0)" } ?? JSON.contentHash(payload)
            events.append(InboxEvent(channel: channel, dedupeKey: key, category: .messageChange,
                                     occurredAt: JSON.millis(deletion.double("timestamp_ms")), payload: payload))
        }
        for favorite in root.objects("favorite_events") {
            let payload = JSON.encode(["favorite_event": favorite])
            let key = favorite.string("id").map { "favorite:\($0)" } ?? JSON.contentHash(payload)
            events.append(InboxEvent(channel: channel, dedupeKey: key, category: .reaction,
                                     occurredAt: JSON.millis(favorite.double("timestamp_ms")), payload: payload))
        }
        for kind in ["follow_events", "unfollow_events", "block_events", "unblock_events", "mute_events", "unmute_events"] {
            for relation in root.objects(kind) {
                let payload = JSON.encode([kind: relation])
                events.append(InboxEvent(channel: channel, dedupeKey: JSON.contentHash(payload), category: .relationship,
                                         occurredAt: JSON.millis(relation.double("created_timestamp")), payload: payload))
            }
        }
        let known: Set<String> = [
            "for_user_id", "users", "apps", "user_has_blocked", "direct_message_events", "tweet_create_events",
            "tweet_delete_events", "favorite_events", "follow_events", "unfollow_events", "block_events",
            "unblock_events", "mute_events", "unmute_events",
        ]
        for (key, value) in root where !known.contains(key) {
            let payload = JSON.encode([key: value])
            events.append(InboxEvent(channel: channel, dedupeKey: JSON.contentHash(payload), category: .unknown,
                                     occurredAt: nil, payload: payload))
        }
        return events
    }
}
