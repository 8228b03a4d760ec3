import Domain
import Foundation
import Storage
import Testing

@testable import Connectors

/// X Account Activity events (research/platforms.md §5.3, fixture ideas 2–4) read into what Parley acts on.
@Suite struct XNormaliserTests {
    static let account = "2244994945"
    let channel = ChannelKey(kind: .x, accountID: account)

    func split(_ fixture: String) throws -> (events: [InboxEvent], body: Data) {
        let body = try Fixture.data(fixture)
        return (try DeliverySplitter.split(body, from: .x, withPayloads: true), body)
    }

    @Test func aLongMentionKeepsItsFullTextAndIdsAbove2To53() throws {
        let (events, body) = try split("x_tweets.json")
        #expect(events.map(\.category) == [.message, .message, .message, .echo, .echo])
        #expect(events[0].dedupeKey == "tweet:1850000000000000001")
        guard case .message(let mention) = Normaliser.normalise(events[0], deliveryBody: body, source: .x) else {
            Issue.record("the mention was not normalised")
            return
        }
        // 1850000000000000001 through a Double is 1850000000000000000: the id must come from `id_str`.
        #expect(mention.platformMessageID == "1850000000000000001")
        #expect(mention.threadKey == .tweet(conversationID: "1850000000000000001"))
        #expect(mention.text.hasPrefix("@acmecare my order 4471 arrived broken 😡📦"))
        #expect(mention.text.contains("طلبي وصل مكسور") && mention.text.hasSuffix("the last time I order from you!"))
        #expect(mention.text.count > 140, "the full text of a truncated tweet, not its 140-character cut")
        #expect(mention.author.key == Identity.Key(platform: .x, id: "944480690") && mention.author.handle == "ann")
        #expect(mention.attachments == [Attachment(kind: .image, url: "https://pbs.twimg.com/media/broken-box.jpg")])
        #expect(mention.visibility == .public)
        #expect(mention.sentAt == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(mention.authorProfile?.followerCount == 1843)
    }

    @Test func aReplyIsThreadedByTheTweetItAnswersAndRetweetsAndOthersTweetsAreNotRouted() throws {
        let (events, body) = try split("x_tweets.json")
        guard case .message(let reply) = Normaliser.normalise(events[1], deliveryBody: body, source: .x) else {
            Issue.record("the reply was not normalised")
            return
        }
        #expect(reply.threadKey == .tweet(conversationID: "1850000000000000002"))
        #expect(reply.text == "@acmecare still waiting")
        #expect(Normaliser.normalise(events[2], deliveryBody: body, source: .x) == .skipped("no customer message in this x event yet"))
        // A tweet that neither mentions nor answers the account is not for it.
        let unrelated = #"{"for_user_id":"2244994945","tweet_create_events":[{"id_str":"1","text":"@bob hi","user":{"id_str":"777"},"entities":{"user_mentions":[{"id_str":"777"}]}}]}"#
        let event = try DeliverySplitter.split(Data(unrelated.utf8), from: .x)[0]
        #expect(Normaliser.normalise(event, deliveryBody: Data(unrelated.utf8), source: .x) == .skipped("no customer message in this x event yet"))
        // Quoting one of the account's tweets is addressing it.
        let quote = #"{"for_user_id":"2244994945","tweet_create_events":[{"id_str":"2","text":"this broke again","user":{"id_str":"777"},"quoted_status":{"id_str":"1","user":{"id_str":"2244994945"}}}]}"#
        let quoted = try DeliverySplitter.split(Data(quote.utf8), from: .x)[0]
        guard case .message(let message) = Normaliser.normalise(quoted, deliveryBody: Data(quote.utf8), source: .x) else {
            Issue.record("a quote of the account's tweet was not routed")
            return
        }
        #expect(message.threadKey == .tweet(conversationID: "2") && message.text == "this broke again")
    }

    @Test func theAccountsOwnTweetsAndDMsAreEchoesOfItsThreads() throws {
        let (events, body) = try split("x_tweets.json")
        #expect(ChangeNormaliser.normalise(events[3], deliveryBody: body, source: .x) == .echo(PlatformEcho(
            channel: channel, platformMessageID: "1850000000000000005", threadKey: .tweet(conversationID: "1850000000000000001"),
            text: "@ann We are sorry, we are on it", sentAt: Date(timeIntervalSince1970: 1_767_225_780))))
        // A tweet of its own that answers nothing starts no thread.
        #expect(ChangeNormaliser.normalise(events[4], deliveryBody: body, source: .x) == .skipped("nothing Parley follows in this x echo event"))

        let (dms, dmBody) = try split("x_dm_and_echo.json")
        #expect(dms.map(\.category) == [.message, .echo, .relationship])
        #expect(Normaliser.normalise(dms[1], deliveryBody: dmBody, source: .x) == .skipped("echo events are recorded, not routed"))
        #expect(ChangeNormaliser.normalise(dms[1], deliveryBody: dmBody, source: .x) == .echo(PlatformEcho(
            channel: channel, platformMessageID: "1582838499983564807",
            threadKey: .conversation(customer: Identity.Key(platform: .x, id: "944480690")), text: "Hello Ann, how can we help?",
            sentAt: Date(timeIntervalSince1970: 1_666_213_090))))
    }

    @Test func deletesRemoveTheTweetFollowsAreTrackedAndLikesAreOnlyRecorded() throws {
        let (events, body) = try split("x_activity.json")
        #expect(events.map(\.category) == [.messageChange, .reaction, .relationship, .relationship, .relationship])
        #expect(ChangeNormaliser.normalise(events[0], deliveryBody: body, source: .x) == .change(MessageChange(
            channel: channel, platformMessageID: "1850000000000000001", kind: .removed, at: Date(timeIntervalSince1970: 1_767_226_000))))
        #expect(Normaliser.normalise(events[1], deliveryBody: body, source: .x) == .skipped("reaction events are recorded, not routed"))
        let follows = events.map { FollowNormaliser.normalise($0, deliveryBody: body, source: .x) }
        #expect(follows == [
            nil, nil,
            FollowChange(channel: channel, person: "944480690", follows: true, at: Date(timeIntervalSince1970: 1_767_225_960)),
            nil, // the account following someone is not someone following the account
            FollowChange(channel: channel, person: "555", follows: false, at: Date(timeIntervalSince1970: 1_767_225_980)),
        ])
    }
}
