import Domain
import Foundation

extension Normaliser {
    /// A tweet from the filtered stream (keyword monitoring; platforms.md §5.5, the API v2 shape): `data` with
    /// string ids, the author in `includes.users`. It matched the channel's rule, so it is for the channel even
    /// without naming the account. Threaded like a mention: by the tweet it answers (`referenced_tweets`
    /// `replied_to`), else by itself; the store follows an answered tweet to the interaction it belongs to.
    /// Retweets carry no words of the customer (the rule excludes them; a rule written by hand might not).
    static func xStreamTweet(_ object: JSONObject, _ event: InboxEvent) -> InboundMessage? {
        guard let line = object.object("stream_tweet_event"), let tweet = line.object("data"), let id = tweet.string("id"),
            let authorID = tweet.string("author_id"),
            !tweet.objects("referenced_tweets").contains(where: { $0.string("type") == "retweeted" })
        else { return nil }
        let user = line.object("includes")?.objects("users").first { $0.string("id") == authorID }
        let author = Identity(key: Identity.Key(platform: .x, id: authorID), handle: user?.string("username"), displayName: user?.string("name"))
        return InboundMessage(channel: event.channel, platformMessageID: id, author: author,
                              threadKey: .tweet(conversationID: xAnswered(tweet) ?? id), text: xStreamText(of: tweet),
                              sentAt: event.occurredAt ?? Date(timeIntervalSince1970: 0),
                              authorProfile: user.map { ContactProfile(displayName: $0.string("name")) })
    }

    /// The id of the tweet a v2 tweet answers, if any.
    static func xAnswered(_ tweet: JSONObject) -> String? {
        tweet.objects("referenced_tweets").first { $0.string("type") == "replied_to" }?.string("id")
    }

    /// A v2 tweet's whole text: a long post's is in `note_tweet.text`.
    static func xStreamText(of tweet: JSONObject) -> String {
        tweet.object("note_tweet")?.string("text") ?? tweet.string("text") ?? ""
    }
}

/// X's v2 timestamps: ISO 8601 with milliseconds, `2026-11-26T20:30:00.000Z`.
enum XTime {
    static func iso8601(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
