import Domain
import Foundation
import Storage
import Testing

@testable import Connectors

/// Edits, removals, hides and echoes as Meta sends them (research/platforms.md §1.4, §2.1, §3), read into what
/// Parley applies to its stored messages.
@Suite struct ChangeNormaliserTests {
    static let page = "103149398319188"
    let messenger = ChannelKey(kind: .messenger, accountID: page)
    let feed = ChannelKey(kind: .facebookPage, accountID: page)

    func split(_ fixture: String) throws -> (events: [InboxEvent], normalised: [ChangeNormaliser.Normalised]) {
        let body = try Fixture.data(fixture)
        let events = try DeliverySplitter.split(body, from: .meta)
        return (events, events.map { ChangeNormaliser.normalise($0, deliveryBody: body, source: .meta) })
    }

    @Test func messengerEditsUnsendsAndEchoesNameTheirMessage() throws {
        let (events, normalised) = try split("meta_changes.json")
        #expect(events.map(\.category) == [.messageChange, .messageChange, .echo, .echo, .reaction])
        #expect(events.map(\.dedupeKey).prefix(4) == ["edit:m_customer_1:1", "deleted:m_customer_2", "mid:m_echo_parley", "mid:m_echo_inbox"])
        let customer = ThreadKey.conversation(customer: Identity.Key(platform: .facebook, scope: Self.page, id: "6543210987654321"))
        #expect(normalised == [
            .change(MessageChange(channel: messenger, platformMessageID: "m_customer_1", kind: .edited(text: "my order 1234 is late", sequence: 1),
                                  at: Date(timeIntervalSince1970: 1_767_225_700))),
            .change(MessageChange(channel: messenger, platformMessageID: "m_customer_2", kind: .removed,
                                  at: Date(timeIntervalSince1970: 1_767_225_710))),
            .echo(PlatformEcho(channel: messenger, platformMessageID: "m_echo_parley", threadKey: customer, text: "We are on it",
                               sentAt: Date(timeIntervalSince1970: 1_767_225_720))),
            .echo(PlatformEcho(channel: messenger, platformMessageID: "m_echo_inbox", threadKey: customer, text: "Hi, Dana from the shop 👋",
                               attachments: [Attachment(kind: .image, url: "https://scontent.example/shop.jpg")],
                               sentAt: Date(timeIntervalSince1970: 1_767_225_730))),
            .skipped("reaction events are not message changes or echoes"),
        ])
    }

    /// The customer's reactions (and taking them back) change the message they are on; the page's own do not.
    @Test func customersReactionsNameTheirMessageAndThePagesOwnAreOnlyRecorded() throws {
        let (events, normalised) = try split("meta_reactions.json")
        #expect(events.map(\.category) == [.messageChange, .messageChange, .messageChange, .reaction])
        #expect(events.prefix(2).map(\.dedupeKey) == ["reaction:m_agent_reply_1:react:1767225760000", "reaction:m_agent_reply_1:unreact:1767225770000"],
                "a reaction and taking it back are two events, and reacting again later is a third")
        func change(_ id: String, _ reaction: String?, _ at: TimeInterval) -> ChangeNormaliser.Normalised {
            .change(MessageChange(channel: messenger, platformMessageID: id, kind: .reacted(reaction), at: Date(timeIntervalSince1970: at)))
        }
        #expect(normalised == [
            change("m_agent_reply_1", "❤️", 1_767_225_760), change("m_agent_reply_1", nil, 1_767_225_770),
            change("m_agent_reply_2", "wow", 1_767_225_780), .skipped("reaction events are not message changes or echoes"),
        ])
    }

    @Test func whatsAppReactionsAreChangesOfTheMessageTheyName() throws {
        let body = try Fixture.data("whatsapp_reactions.json")
        let events = try DeliverySplitter.split(body, from: .meta)
        #expect(events.map(\.category) == [.messageChange, .messageChange])
        let number = ChannelKey(kind: .whatsapp, accountID: "106540352242922")
        #expect(events.map { ChangeNormaliser.normalise($0, deliveryBody: body, source: .meta) } == [
            .change(MessageChange(channel: number, platformMessageID: "wamid.AGENT1", kind: .reacted("🙏"), at: Date(timeIntervalSince1970: 1_767_225_800))),
            .change(MessageChange(channel: number, platformMessageID: "wamid.AGENT1", kind: .reacted(nil), at: Date(timeIntervalSince1970: 1_767_225_810))),
        ])
        let asMessages = events.map { Normaliser.normalise($0, deliveryBody: body, source: .meta) }
        #expect(asMessages.allSatisfy { if case .skipped = $0 { true } else { false } }, "a reaction is never a customer message of its own")
    }

    @Test func feedEditsHidesRemovalsAndThePagesOwnCommentsFollowTheirComment() throws {
        let (events, normalised) = try split("meta_feed_changes.json")
        #expect(events.map(\.category) == [.messageChange, .messageChange, .messageChange, .messageChange, .echo, .echo, .reaction, .messageChange])
        let comment = "244445617083583_1122334455"
        func change(_ id: String, _ kind: MessageChange.Kind) -> ChangeNormaliser.Normalised {
            .change(MessageChange(channel: feed, platformMessageID: id, kind: kind, at: nil))
        }
        #expect(normalised == [
            change(comment, .edited(text: "Still waiting — order 1234", sequence: nil)),
            change(comment, .hidden(true)),
            change(comment, .hidden(false)),
            change(comment, .removed),
            // The page's reply joins the customer's comment thread; its top-level comment, the customer's post.
            .echo(PlatformEcho(channel: feed, platformMessageID: "244445617083583_9988",
                               threadKey: .comment(postID: "103149398319188_244445617083583", commentID: comment),
                               text: "Sorry Susie, we are on it", sentAt: Date(timeIntervalSince1970: 1_767_225_960))),
            .echo(PlatformEcho(channel: feed, platformMessageID: "5566_7788", threadKey: .customerPost(postID: "103149398319188_5566"),
                               text: "Thanks for your post!", sentAt: Date(timeIntervalSince1970: 1_767_225_970))),
            // The page's own like is a reaction: never routed, never applied, no loop.
            .skipped("reaction events are not message changes or echoes"),
            change("103149398319188_5566", .edited(text: "My parcel arrived damaged (photo below)", sequence: nil)),
        ])
    }

    @Test func instagramEchoesAndUnsendsAreReadCommentEchoesAreNotYet() throws {
        let (events, normalised) = try split("instagram_changes.json")
        let account = ChannelKey(kind: .instagram, accountID: "17841400000000001")
        #expect(events.map(\.category) == [.echo, .messageChange, .echo])
        #expect(normalised == [
            .echo(PlatformEcho(channel: account, platformMessageID: "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx",
                               threadKey: .conversation(customer: Identity.Key(platform: .instagram, scope: account.accountID, id: "998877665544")),
                               text: "Thanks for writing!", sentAt: Date(timeIntervalSince1970: 1_767_225_800))),
            .change(MessageChange(channel: account, platformMessageID: "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjI5OTk", kind: .removed,
                                  at: Date(timeIntervalSince1970: 1_767_225_810))),
            .skipped("nothing Parley follows in this instagram echo event"),
        ])
    }

    /// Two edits of one comment differ in key even when Meta gives both the comment's own `created_time`; the same
    /// edit redelivered keeps its key. Hide, unhide and hide again are three events.
    @Test func feedChangeKeysTellRepeatedChangesApartAndRedeliveriesNot() throws {
        func body(_ verb: String, _ message: String?, entryTime: Int) -> Data {
            let text = message.map { #","message":"\#($0)""# } ?? ""
            return Data(#"{"object":"page","entry":[{"id":"\#(Self.page)","time":\#(entryTime),"changes":[{"field":"feed","value":{"item":"comment","verb":"\#(verb)","from":{"id":"4455667788"},"post_id":"1_2","comment_id":"2_3","parent_id":"1_2","created_time":1767225800\#(text)}}]}]}"#.utf8)
        }
        func key(_ data: Data) throws -> String { try #require(try DeliverySplitter.split(data, from: .meta).first).dedupeKey }
        let first = try key(body("edited", "first edit", entryTime: 1_767_225_900))
        #expect(first.hasPrefix("feed:2_3:edited:1767225800:") && first.count == "feed:2_3:edited:1767225800:".count + 8)
        #expect(try key(body("edited", "first edit", entryTime: 1_767_225_950)) == first, "a redelivery dedupes")
        #expect(try key(body("edited", "second edit", entryTime: 1_767_225_990)) != first)
        let hides = try [body("hide", nil, entryTime: 1), body("unhide", nil, entryTime: 2), body("hide", nil, entryTime: 3)].map(key)
        #expect(Set(hides).count == 3)
    }

    @Test func anEditWithoutTextOrAnUnknownVerbChangesNothing() {
        let event = InboxEvent(channel: messenger, dedupeKey: "edit:m_1", category: .messageChange, occurredAt: nil)
        let noText: JSONObject = ["sender": ["id": "1"], "message_edit": ["mid": "m_1", "num_edit": 2]]
        #expect(ChangeNormaliser.normalise(event, object: noText) == .skipped("nothing Parley follows in this messenger message_change event"))
        let feedEvent = InboxEvent(channel: feed, dedupeKey: "feed:x", category: .messageChange, occurredAt: nil)
        let mute: JSONObject = ["field": "feed", "value": ["item": "comment", "verb": "mute", "comment_id": "2_3"]]
        #expect(ChangeNormaliser.normalise(feedEvent, object: mute) == .skipped("nothing Parley follows in this facebook_page message_change event"))
    }
}
