import Domain
import Foundation
import Storage

extension ChangeNormaliser {
    /// A deleted tweet (`tweet_delete_events`, platforms.md §5.3): the status id is a string there.
    static func xChange(_ object: JSONObject, _ event: InboxEvent) -> MessageChange? {
        guard let status = object.object("tweet_delete_event")?.object("status"), let id = status.string("id") else { return nil }
        return MessageChange(channel: event.channel, platformMessageID: id, kind: .removed, at: event.occurredAt)
    }

    /// The account's own DM or tweet, as X delivers it back (`sender_id` or `user.id_str` is `for_user_id`):
    /// Parley's sends are confirmed by their id, not stored again as customer messages. A DM belongs to the
    /// recipient's conversation; a tweet to the thread of the tweet it answers (a tweet that answers none
    /// starts no thread Parley has).
    static func xEcho(_ object: JSONObject, _ event: InboxEvent) -> PlatformEcho? {
        let sentAt = event.occurredAt ?? Date(timeIntervalSince1970: 0)
        if let dm = object.object("direct_message_event"), let id = dm.string("id"), let create = dm.object("message_create"),
            let customer = create.object("target")?.string("recipient_id") {
            return PlatformEcho(channel: event.channel, platformMessageID: id,
                                threadKey: .conversation(customer: Identity.Key(platform: .x, id: customer)),
                                text: (create.object("message_data")?.string("text") ?? "").withoutNUL, attachments: [], sentAt: sentAt)
        }
        if let line = object.object("stream_tweet_event") {
            guard let tweet = line.object("data"), let id = tweet.string("id"), let answered = Normaliser.xAnswered(tweet) else { return nil }
            return PlatformEcho(channel: event.channel, platformMessageID: id, threadKey: .tweet(conversationID: answered),
                                text: Normaliser.xStreamText(of: tweet).withoutNUL, attachments: [], sentAt: sentAt)
        }
        guard let tweet = object.object("tweet_create_event"), let id = tweet.string("id_str"),
            let answered = tweet.string("in_reply_to_status_id_str") else { return nil }
        return PlatformEcho(channel: event.channel, platformMessageID: id, threadKey: .tweet(conversationID: answered),
                            text: Normaliser.xText(of: tweet).withoutNUL, attachments: [], sentAt: sentAt)
    }
}
