import Domain
import Storage

/// X API v2 writes (platforms.md §5.4): a public answer is a reply tweet, a private one a direct message to
/// the customer — on a tweet thread too, where it moves the conversation out of public view.
enum XComposer {
    // Neither limit is in platforms.md; both come from the composer's brief. A tweet is counted as X counts it
    // (`XWeightedLength`: CJK and emoji weigh 2, a link 23); a direct message in plain code points.
    static let tweet = TextLimit(label: "a reply tweet", maximum: 280, unit: .xWeighted)
    static let directMessage = TextLimit(label: "an X direct message", maximum: 10_000, unit: .unicodeScalars)

    static func compose(_ reply: OutboundReply) throws(ComposeError) -> OutboundRequest {
        // §5.4: tweets and DMs take uploaded `media_id`s, and a reply holds only URLs.
        try ReplyComposer.textOnly(reply, hint: "X takes media uploaded to it first; share the file as a link in the text")
        switch (reply.threadKey, reply.visibility) {
        case (.tweet(let conversationID), .public):
            try tweet.check(reply.text, on: .x)
            let body = TweetBody(text: reply.text, reply: .init(inReplyToTweetID: reply.inReplyTo ?? conversationID))
            return ReplyComposer.post("/2/tweets", body, for: reply)
        case (.tweet, .private), (.conversation, .private):
            try directMessage.check(reply.text, on: .x)
            let path = "/2/dm_conversations/with/\(ReplyComposer.segment(reply.recipient.id))/messages"
            return ReplyComposer.post(path, DirectMessageBody(text: reply.text), for: reply)
        case (.conversation, .public), (.customerPost, _), (.comment, _):
            throw .threadNotOnChannel(reply.threadKey, .x)
        }
    }

    struct TweetBody: Encodable {
        struct Reply: Encodable {
            var inReplyToTweetID: String

            enum CodingKeys: String, CodingKey { case inReplyToTweetID = "in_reply_to_tweet_id" }
        }

        var text: String
        var reply: Reply
    }

    struct DirectMessageBody: Encodable {
        var text: String
    }
}
