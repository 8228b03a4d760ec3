import Domain
import Foundation

extension Normaliser {
    /// An X tweet the account was mentioned in or answered with (platforms.md §5.3, a v1.1 Tweet object). Ids
    /// come only from the `*_str` fields: the numeric `id` is above 2^53 and loses digits in any JSON reader
    /// that goes through a double. A long tweet's text is `extended_tweet.full_text`. The thread is the tweet
    /// it answers; the store follows that tweet to the interaction it belongs to (`ThreadKey.tweet`). Retweets
    /// carry no words of the customer, and tweets that neither mention nor answer the account are not for it.
    static func xTweet(_ object: JSONObject, _ event: InboxEvent) -> InboundMessage? {
        guard let tweet = object.object("tweet_create_event"), let id = tweet.string("id_str"),
            let user = tweet.object("user"), let authorID = user.string("id_str"),
            tweet["retweeted_status"] == nil, isAddressed(tweet, to: event.channel.accountID)
        else { return nil }
        let author = Identity(key: Identity.Key(platform: .x, id: authorID), handle: user.string("screen_name"),
                              displayName: user.string("name"))
        let media = (tweet.object("extended_tweet") ?? tweet).object("extended_entities")?.objects("media")
            ?? tweet.object("extended_entities")?.objects("media") ?? []
        let attachments = media.compactMap { item -> Attachment? in
            guard let url = item.string("media_url_https") else { return nil }
            return Attachment(kind: item.string("type") == "photo" ? .image : (item.string("type") == "video" ? .video : .other), url: url)
        }
        return InboundMessage(channel: event.channel, platformMessageID: id, author: author,
                              threadKey: .tweet(conversationID: tweet.string("in_reply_to_status_id_str") ?? id),
                              text: xText(of: tweet), attachments: attachments,
                              sentAt: event.occurredAt ?? Date(timeIntervalSince1970: 0), authorProfile: xProfile(user))
    }

    /// The whole text: a tweet over 140 characters arrives `truncated` with its text in `extended_tweet`.
    static func xText(of tweet: JSONObject) -> String {
        if let full = tweet.object("extended_tweet")?.string("full_text") { return full }
        return tweet.string("full_text") ?? tweet.string("text") ?? ""
    }

    /// Whether the tweet mentions the account, answers one of its tweets, or quotes one.
    static func isAddressed(_ tweet: JSONObject, to account: String) -> Bool {
        if tweet.string("in_reply_to_user_id_str") == account { return true }
        if tweet.object("quoted_status")?.object("user")?.string("id_str") == account { return true }
        let entities = [tweet.object("entities"), tweet.object("extended_tweet")?.object("entities")].compactMap { $0 }
        return entities.contains { $0.objects("user_mentions").contains { $0.string("id_str") == account } }
    }
}
