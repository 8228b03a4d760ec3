import Domain
import Foundation
import Testing

@testable import Connectors

/// A filtered-stream tweet stored as Parley wraps it (`XStreamMessage.delivery`) and read like a mention.
@Suite struct XStreamNormaliserTests {
    static let account = "2244994945"

    @Test func aStreamTweetIsAPublicMessageWithStringIdsItsAuthorAndItsThread() throws {
        let line = try XStreamLineBufferTests.tweetLine()
        let body = XStreamMessage.delivery(account: Self.account, line: line)
        let events = try DeliverySplitter.split(body, from: .x, withPayloads: true)
        #expect(events.count == 1)
        #expect(events[0].channel == ChannelKey(kind: .x, accountID: Self.account))
        #expect(events[0].dedupeKey == "tweet:1862000000000000002")
        #expect(events[0].category == .message)
        #expect(events[0].occurredAt == Date(timeIntervalSince1970: 1_795_724_102))
        guard case .message(let tweet) = Normaliser.normalise(events[0], deliveryBody: body, source: .x) else {
            Issue.record("the stream tweet was not normalised")
            return
        }
        // 19-digit ids survive as strings (through a Double, 1862000000000000002 would end in 000).
        #expect(tweet.platformMessageID == "1862000000000000002")
        #expect(tweet.author.key == Identity.Key(platform: .x, id: "1850000000000000777"))
        #expect(tweet.author.handle == "ann_c" && tweet.author.displayName == "Ann C")
        #expect(tweet.text == "my acme router died again 😡📦 الراوتر لا يعمل #acmehelp")
        #expect(tweet.threadKey == .tweet(conversationID: "1862000000000000001"), "threaded by the tweet it answers, like a mention")
        #expect(tweet.visibility == .public)
    }

    @Test func aTweetNotAnsweringAnyIsItsOwnThreadAndLongPostsKeepTheirWholeText() throws {
        let line = #"{"data":{"id":"1862000000000000010","author_id":"42","text":"acme is down? https://t.co/x","note_tweet":{"text":"acme is down? I tried everything, and here is the whole story of it..."}},"includes":{"users":[{"id":"42","username":"bo","name":"Bo"}]},"matching_rules":[{"id":"9","tag":"parley:acme-x"}]}"#
        let body = XStreamMessage.delivery(account: Self.account, line: Data(line.utf8))
        let event = try DeliverySplitter.split(body, from: .x)[0]
        guard case .message(let tweet) = Normaliser.normalise(event, deliveryBody: body, source: .x) else {
            Issue.record("the stream tweet was not normalised")
            return
        }
        #expect(tweet.threadKey == .tweet(conversationID: "1862000000000000010"))
        #expect(tweet.text.hasSuffix("the whole story of it..."))
    }

    @Test func theSameTweetByWebhookAndByStreamHasOneDedupeKey() throws {
        let webhook = #"{"for_user_id":"2244994945","tweet_create_events":[{"id_str":"1862000000000000002","text":"@acmesupport my acme router died","user":{"id_str":"1850000000000000777"},"entities":{"user_mentions":[{"id_str":"2244994945"}]}}]}"#
        let byWebhook = try DeliverySplitter.split(Data(webhook.utf8), from: .x)[0]
        let byStream = try DeliverySplitter.split(XStreamMessage.delivery(account: Self.account, line: try XStreamLineBufferTests.tweetLine()), from: .x)[0]
        #expect(byWebhook.channel == byStream.channel && byWebhook.dedupeKey == byStream.dedupeKey)
    }

    @Test func theAccountsOwnTweetFromTheStreamIsAnEchoAndRetweetsAreNotRouted() throws {
        let own = #"{"data":{"id":"1862000000000000020","author_id":"2244994945","text":"@ann_c sorry about your acme router","referenced_tweets":[{"type":"replied_to","id":"1862000000000000002"}]},"matching_rules":[{"id":"9","tag":"parley:acme-x"}]}"#
        let body = XStreamMessage.delivery(account: Self.account, line: Data(own.utf8))
        let event = try DeliverySplitter.split(body, from: .x)[0]
        #expect(event.category == .echo && event.dedupeKey == "tweet:1862000000000000020")
        let echo = ChangeNormaliser.xEcho(try #require(try DeliverySplitter.collect(body, from: .x, withPayloads: false).objects.first), event)
        #expect(echo?.threadKey == .tweet(conversationID: "1862000000000000002") && echo?.platformMessageID == "1862000000000000020")

        let retweet = #"{"data":{"id":"1862000000000000030","author_id":"42","text":"RT @x: acme","referenced_tweets":[{"type":"retweeted","id":"1"}]},"matching_rules":[]}"#
        let retweeted = XStreamMessage.delivery(account: Self.account, line: Data(retweet.utf8))
        let retweetEvent = try DeliverySplitter.split(retweeted, from: .x)[0]
        #expect(Normaliser.normalise(retweetEvent, deliveryBody: retweeted, source: .x) == .skipped("no customer message in this x event yet"))
    }
}
