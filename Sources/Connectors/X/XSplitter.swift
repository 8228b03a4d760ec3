import Domain
import Foundation

/// Splits X Account Activity deliveries: one object per POST keyed by event kind, for the account
/// `for_user_id`. Our own DMs and tweets come back too and are marked as echoes.
enum XSplitter {
    private static let relationships = ["follow_events", "unfollow_events", "block_events", "unblock_events", "mute_events", "unmute_events"]
    private static let known: Set<String> = Set(relationships + [
        "for_user_id", "users", "apps", "user_has_blocked", "direct_message_events", "tweet_create_events",
        "tweet_delete_events", "favorite_events", "stream_tweet_events",
    ])

    static func split(_ body: Data, withPayloads: Bool) throws(SplitError) -> EventCollector {
        let root = try JSON.parseObject(body)
        guard let account = root.string("for_user_id") else { throw SplitError.malformed("missing 'for_user_id'") }
        let channel = ChannelKey(kind: .x, accountID: account)
        var collector = EventCollector(withPayloads: withPayloads)

        for dm in root.objects("direct_message_events") {
            var event: JSONObject = ["direct_message_event": dm]
            event["users"] = root["users"]
            event["apps"] = root["apps"]
            let sender = dm.object("message_create")?.string("sender_id")
            collector.add(event, channel: channel, key: dm.string("id").map { "dm:\($0)" },
                          category: sender == account ? .echo : .message, at: JSON.millis(dm.double("created_timestamp")))
        }
        for tweet in root.objects("tweet_create_events") {
            let author = tweet.object("user")?.string("id_str")
            collector.add(["tweet_create_event": tweet], channel: channel, key: tweet.string("id_str").map { "tweet:\($0)" },
                          category: author == account ? .echo : .message, at: JSON.millis(tweet.double("timestamp_ms")))
        }
        // Tweets from the filtered stream (keyword monitoring), wrapped by Parley as `XStreamMessage.delivery` does:
        // the same key as the tweet's Account Activity event, so a tweet that both mentions the account and
        // matches a keyword is stored once, whichever way comes first.
        for line in root.objects("stream_tweet_events") {
            let tweet = line.object("data")
            collector.add(["stream_tweet_event": line], channel: channel, key: tweet?.string("id").map { "tweet:\($0)" },
                          category: tweet?.string("author_id") == account ? .echo : .message,
                          at: tweet?.string("created_at").flatMap(XTime.iso8601))
        }
        for deletion in root.objects("tweet_delete_events") {
            collector.add(["tweet_delete_event": deletion], channel: channel,
                          key: deletion.object("status")?.string("id").map { "tweet-delete:\($0)" },
                          category: .messageChange, at: JSON.millis(deletion.double("timestamp_ms")))
        }
        for favorite in root.objects("favorite_events") {
            collector.add(["favorite_event": favorite], channel: channel, key: favorite.string("id").map { "favorite:\($0)" },
                          category: .reaction, at: JSON.millis(favorite.double("timestamp_ms")))
        }
        for kind in relationships {
            for relation in root.objects(kind) {
                collector.add([kind: relation], channel: channel, key: nil, category: .relationship,
                              at: JSON.millis(relation.double("created_timestamp")))
            }
        }
        for key in root.keys.sorted() where !known.contains(key) {
            collector.add([key: root[key] as Any], channel: channel, key: nil, category: .unknown, at: nil)
        }
        return collector
    }
}
