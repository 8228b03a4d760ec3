import Domain
import Foundation
import Storage
import Testing

@testable import Connectors

/// The `HUMAN_AGENT` tag in composed Send API bodies (platforms.md §1.5, §1.6).
@Suite struct PolicyComposerTests {
    typealias Fixtures = ReplyComposerTests

    func body(_ reply: OutboundReply) throws -> JSONObject {
        try JSON.parseObject(try ReplyComposer.compose(reply).body)
    }

    @Test func aTaggedMessengerReplyIsSentAsMessageTagHumanAgent() throws {
        var reply = Fixtures.messenger()
        reply.messageTag = .humanAgent
        let body = try body(reply)
        #expect(body.string("messaging_type") == "MESSAGE_TAG")
        #expect(body.string("tag") == "HUMAN_AGENT")
        #expect(body.object("recipient")?.string("id") == "6543210987654321")
        #expect(body.object("message")?.string("text") == "Thanks, we're on it")
    }

    @Test func aTaggedInstagramDirectMessageCarriesTheTagToo() throws {
        var reply = Fixtures.reply(.instagram, Fixtures.igAccount, thread: .conversation(customer: Fixtures.igsid), to: Fixtures.igsid)
        reply.messageTag = .humanAgent
        let body = try body(reply)
        #expect(body.string("messaging_type") == "MESSAGE_TAG")
        #expect(body.string("tag") == "HUMAN_AGENT")
    }

    @Test func anUntaggedReplyStaysAResponse() throws {
        let body = try body(Fixtures.messenger())
        #expect(body.string("messaging_type") == "RESPONSE")
        #expect(body["tag"] == nil)
    }

    @Test func theTagIsRefusedWherePlatformsTakeNone() throws {
        var privateReply = Fixtures.pageComment(visibility: .private)
        privateReply.messageTag = .humanAgent
        #expect(throws: ComposeError.messageTagNotAllowed(.humanAgent, .facebookPage)) { try ReplyComposer.compose(privateReply) }
        var whatsapp = Fixtures.whatsapp()
        whatsapp.messageTag = .humanAgent
        #expect(throws: ComposeError.messageTagNotAllowed(.humanAgent, .whatsapp)) { try ReplyComposer.compose(whatsapp) }
        #expect("\(ComposeError.messageTagNotAllowed(.humanAgent, .whatsapp))"
            == "the HUMAN_AGENT tag goes only with Messenger and Instagram direct messages, not with a WhatsApp reply on this thread; send it without the tag")
    }
}
