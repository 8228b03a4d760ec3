import Domain
import Foundation
import Testing

@testable import Connectors

@Suite struct NormaliserTests {
    func normalise(_ fixture: String, _ source: WebhookSource, index: Int = 0) throws -> NormalisedEvent {
        let body = try Fixture.data(fixture)
        let events = try DeliverySplitter.split(body, from: source, withPayloads: true)
        return Normaliser.normalise(events[index], payload: try #require(events[index].payload), source: source)
    }

    func message(_ fixture: String, _ source: WebhookSource, index: Int = 0) throws -> InboundMessage {
        guard case .message(let message) = try normalise(fixture, source, index: index) else {
            throw CocoaError(.coderInvalidValue)
        }
        return message
    }

    @Test func messengerTextBecomesAPrivateConversationWithAPageScopedIdentity() throws {
        let message = try message("meta_batched.json", .meta)
        #expect(message.text == "hello, my order is late")
        #expect(message.author.key == Identity.Key(platform: .facebook, scope: "103149398319188", id: "6543210987654321"))
        #expect(message.threadKey == .conversation(customer: message.author.key))
        #expect(message.visibility == .private)
        #expect(try normalise("meta_batched.json", .meta, index: 2) == .skipped("echo events are recorded, not routed"))
    }

    @Test func aCommentThreadsUnderItsTopLevelComment() throws {
        let comment = try message("meta_feed.json", .meta)
        #expect(comment.threadKey == .comment(postID: "103149398319188_244445617083583", commentID: "244445617083583_1122334455"))
        #expect(comment.text == "\u{2764}\u{fe0f}")
        #expect(comment.author.displayName == "Susie A.")
        #expect(comment.visibility == .public)
    }

    @Test func whatsappCarriesTheProfileNameAndPhone() throws {
        let message = try message("whatsapp_mixed.json", .meta)
        #expect(message.author.key == Identity.Key(platform: .whatsapp, id: "16505551234"))
        #expect(message.author.displayName == "Sheena N.")
        #expect(message.author.phone == "+16505551234")
        #expect(message.text == "Does it come in another color?")
    }

    @Test func xLINEAndOpenMessagesNormalise() throws {
        let dm = try message("x_dm_and_echo.json", .x)
        #expect(dm.author.handle == "ann" && dm.text == "Hi there" && dm.author.key.scope == "")
        #expect(dm.authorProfile == ContactProfile(displayName: "Ann", avatarURL: "https://pbs.twimg.com/profile_images/1/ann_normal.jpg",
                                                   followerCount: 1843, verified: false), "X gives the audience that influence is scored from")
        let line = try message("line_redelivery.json", .line)
        #expect(line.author.key == Identity.Key(platform: .line, scope: "U0123456789abcdef0123456789abcdef", id: "U4af4980629abcdef"))
        #expect(line.platformMessageID == "444573844083572737")
        let open = try message("open_message.json", .open)
        #expect(open.author.displayName == "Ann Lee" && open.platformMessageID == "ext-778899" && open.text.hasPrefix("مرحبا"))
    }

    @Test func nulIsRemovedFromTextAndNamesAndEveryOtherCharacterIsKept() throws {
        func normalised(_ text: String) throws -> InboundMessage {
            let object: [String: Any] = ["object": "page", "entry": [["id": "103149398319188", "time": 1767225600000, "messaging": [[
                "sender": ["id": "6543210987654321"], "recipient": ["id": "103149398319188"], "timestamp": 1767225600000,
                "message": ["mid": "m_nul", "text": text]]]]]]
            let body = try JSONSerialization.data(withJSONObject: object)
            let events = try DeliverySplitter.split(body, from: .meta)
            guard case .message(let message) = Normaliser.normalise(events[0], deliveryBody: body, source: .meta) else {
                throw CocoaError(.coderInvalidValue)
            }
            return message
        }
        #expect(try normalised("a\u{0}b\u{0}\u{0}c").text == "abc")
        #expect(try normalised("\u{0}").text == "")
        let odd = "e\u{301} \u{202E}gnirts\u{202C} 👩‍👩‍👧 \u{FEFF}<script>alert(1)</script>"
        #expect(try normalised(odd).text == odd, "only U+0000 is taken out")
    }
}
