import Domain
import Foundation
import Storage
import Testing

@testable import Connectors

/// LINE events as platforms.md §6 describes them (fixture ideas 1–5): one body with many events, each normalised
/// on its own; stickers and media without text; postbacks; follows; group chats; unsend; redelivery.
@Suite struct LineNormaliserTests {
    static let bot = "U0123456789abcdef0123456789abcdef"
    static let user = Identity.Key(platform: .line, scope: bot, id: "U4af4980629abcdef4af4980629abcdef")

    func events(_ fixture: String = "line_events.json") throws -> [InboxEvent] {
        try DeliverySplitter.split(try Fixture.data(fixture), from: .line, withPayloads: true)
    }

    func normalise(_ index: Int, _ fixture: String = "line_events.json") throws -> NormalisedEvent {
        let event = try events(fixture)[index]
        return Normaliser.normalise(event, payload: try #require(event.payload), source: .line)
    }

    func message(_ index: Int, _ fixture: String = "line_events.json") throws -> InboundMessage {
        guard case .message(let message) = try normalise(index, fixture) else {
            Issue.record("event \(index) is not a message: \(try normalise(index, fixture))")
            throw CocoaError(.coderInvalidValue)
        }
        return message
    }

    @Test func oneBodyWithManyEventsSplitsIntoOneEventEachKeyedByWebhookEventID() throws {
        let events = try events()
        #expect(events.count == 11)
        #expect(Set(events.map(\.dedupeKey)).count == 11)
        #expect(events[0].dedupeKey == "event:01HG1B2C3D4E5F6G7H8J9K0M1N")
        #expect(events.map(\.category) == [.message, .message, .message, .message, .message, .message, .message,
                                           .relationship, .relationship, .message, .messageChange])
        #expect(events.allSatisfy { $0.channel == ChannelKey(kind: .line, accountID: Self.bot) })
        #expect(events[0].occurredAt == Date(timeIntervalSince1970: 1_700_000_000.123))
    }

    @Test func textKeepsItsEmojiAndMentionAndItsReplyToken() throws {
        let text = try message(0)
        #expect(text.text == "$ Hello @Acme 😀")
        #expect(text.author.key == Self.user && text.threadKey == .conversation(customer: Self.user) && text.visibility == .private)
        #expect(text.platformMessageID == "444573844083572737" && text.attachments.isEmpty)
        #expect(text.replyToken == "757913772c4646b784d4b7ce46d12671")
    }

    @Test func aStickerHasNoTextButNamesTheSticker() throws {
        let sticker = try message(1)
        #expect(sticker.text.isEmpty)
        #expect(sticker.attachments == [Attachment(kind: .sticker, url: "line-sticker:446/1988")])
    }

    @Test func mediaIsFetchedByIDOrFromTheExternalProvider() throws {
        #expect(try message(2).attachments == [Attachment(kind: .image, url: "line-content:444573844083572739")])
        #expect(try message(4).attachments == [Attachment(kind: .video, url: "https://cdn.example.com/v.mp4")])
        #expect(try message(5).attachments == [Attachment(kind: .file, url: "line-content:444573844083572742", filename: "invoice.pdf")])
    }

    @Test func aLocationReadsAsThePlaceWithItsCoordinates() throws {
        let location = try message(3)
        #expect(location.text == "📍 Acme Store, 1-2-3 Shibuya, Tokyo")
        #expect(location.attachments == [Attachment(kind: .location, url: "geo:35.658034,139.701636")])
    }

    @Test func aPostbackIsTheCustomersChoiceKeyedByItsEvent() throws {
        let postback = try message(6)
        #expect(postback.text == "action=track&order=4471")
        #expect(postback.platformMessageID == "event:01HG1B2C3D4E5F6G7H8J9K0M1V")
        #expect(postback.replyToken == "b60d432864f44d079f6d8efe86cf4050")
    }

    @Test func followsAndGroupChatsAreNotRoutedAsMessages() throws {
        #expect(try normalise(7) == .skipped("relationship events are recorded, not routed"))
        #expect(try normalise(8) == .skipped("relationship events are recorded, not routed"))
        // A group message has no one-to-one conversation to answer in (and here no userId): not routed.
        guard case .skipped = try normalise(9) else {
            Issue.record("a group chat message was routed")
            return
        }
    }

    @Test func anUnsendRemovesTheMessage() throws {
        let event = try events()[10]
        let change = ChangeNormaliser.normalise(event, deliveryBody: try Fixture.data("line_events.json"), source: .line)
        #expect(change == .change(MessageChange(channel: event.channel, platformMessageID: "444573844083572737", kind: .removed,
                                                at: Date(timeIntervalSince1970: 1_700_000_010))))
    }

    @Test func aRedeliveredEventKeepsItsKeyButNotItsStaleReplyToken() throws {
        let redelivered = try message(0, "line_redelivery.json")
        #expect(redelivered.text == "hello")
        #expect(redelivered.replyToken == nil)
        #expect(try events("line_redelivery.json")[0].dedupeKey == "event:01FZ74A0TDDPYRVKNK77XKC3ZR")
    }

    /// §6 fixture 1: LINE signs the bytes it sends. A body that escapes its emoji (`\ud83d\ude00`) verifies as
    /// sent, and no longer once re-encoded with the emoji as UTF-8: the signature is checked before any decoding.
    @Test func theSignatureMatchesOnlyTheRawBytes() throws {
        let body = try Fixture.data("line_events.json")
        let scheme = WebhookSignature.of(.line)
        let signature = scheme.sign(body, secret: "channel-secret")
        #expect(scheme.header == "x-line-signature" && !signature.hasPrefix("sha256="))
        #expect(scheme.verify(body, headerValue: signature, secret: "channel-secret"))
        let decoded = try JSONSerialization.jsonObject(with: body)
        let reencoded = try JSONSerialization.data(withJSONObject: decoded)
        #expect(String(decoding: reencoded, as: UTF8.self).contains("😀"))
        #expect(!scheme.verify(reencoded, headerValue: signature, secret: "channel-secret"))
        #expect(!scheme.verify(body, headerValue: signature, secret: "another-secret"))
        #expect(!scheme.verify(body, headerValue: nil, secret: "channel-secret"))
    }
}
