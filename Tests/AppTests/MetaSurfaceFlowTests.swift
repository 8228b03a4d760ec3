import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Storage
import Testing

/// Every Meta surface end to end (issue 7: "the full path for every surface"): the sandbox generates Meta's signed
/// webhook, Parley stores it and threads it into an interaction, Ann accepts and answers, and the sandbox records
/// the Graph call with the path and body Meta expects; the answer ends `sent` with Meta's id.
@Suite struct MetaSurfaceFlowTests {
    typealias World = MetaSurfaceWorld

    @Test func messengerAnswersGoAsResponsesThenWithTheHumanAgentTagAfterADay() async throws {
        let clock = ManualClock(Date())
        try await World.run(clock: clock) { world in
            #expect(try await world.traffic(#"{"source": "meta"}"#)["kinds"]["messenger.text"].int == 1)
            let id = try await world.accept(channel: "dm", thread: "conversation:")
            let customer = try #require(try await world.messages(of: id) { !$0.isEmpty }.first?.author?.id)

            let first = try await world.replied(id, "Hello! Let me look into it.")
            #expect(first.deliveryStatus == .sent && first.platformMessageID?.hasPrefix("m_") == true, "\(first)")
            let response = try #require(await world.calls(path: "/\(World.page)/messages").last)
            #expect(response.headers["authorization"] == "Bearer page-token")
            let sent = World.body(response)
            #expect(sent["recipient"]["id"].string == customer && sent["messaging_type"].string == "RESPONSE" && !sent["tag"].exists)
            #expect(sent["message"]["text"].string == "Hello! Let me look into it.")

            // A day later for both Meta and Parley: only a person's answer with the HUMAN_AGENT tag may go.
            clock.advance(by: 25 * 3600)
            try await world.control(.put, "/_sandbox/clock", #"{"advance_seconds": 90000}"#)
            let ann = try await Browser.signIn(world.parley, username: "ann", password: "long-enough-pw")
            let late = try await world.replied(id, "Sorry for the wait: it ships today.", as: ann)
            #expect(late.deliveryStatus == .sent && late.platformMessageID?.hasPrefix("m_") == true, "\(late)")
            let tagged = World.body(await world.calls(path: "/\(World.page)/messages").last)
            #expect(tagged["messaging_type"].string == "MESSAGE_TAG" && tagged["tag"].string == "HUMAN_AGENT", "\(tagged.raw ?? "")")
        }
    }

    @Test func aFacebookCommentGetsAPublicReplyThenOnePrivateReplyOnly() async throws {
        try await World.run { world in
            // The page posts, a customer comments, someone replies, the first edits, the reply is removed.
            try await world.traffic(#"{"scenario": "comment_thread"}"#)
            let id = try await world.accept(channel: "page", thread: "comment:")
            let messages = try await world.messages(of: id) { $0.count == 2 && $0.contains { $0.deletedAt != nil } }
            let comment = try #require(messages.first { $0.deletedAt == nil }?.platformMessageID)

            // Publicly, under the customer's comment (not under the reply its author removed).
            let answer = try await world.replied(id, "Thanks, we are on it!")
            let reply = try #require(await world.calls(path: "/\(comment)/comments").first, "public replies go under the comment")
            #expect(World.body(reply)["message"].string == "Thanks, we are on it!")
            #expect(answer.deliveryStatus == .sent && answer.platformMessageID == MetaJSON(Data(reply.response.utf8))["id"].string)

            // Privately: the Send API, addressed by the comment, without a messaging type.
            let dm = try await world.replied(id, "Could you send us your order number?", visibility: "private")
            #expect(dm.deliveryStatus == .sent && dm.platformMessageID?.hasPrefix("m_") == true, "\(dm)")
            let privately = World.body(await world.calls(path: "/\(World.page)/messages").first)
            #expect(privately["recipient"]["comment_id"].string == comment && !privately["messaging_type"].exists)

            // Meta allows one private reply per comment: Parley refuses the second before calling Meta.
            let second = try await world.reply(id, "One more thing…", visibility: "private")
            try MessageActionTests.expectRefused(second, .conflict, "window_closed")
            #expect(second.text.contains("private reply to this comment was already sent"), "\(second.text)")
            #expect(await world.calls(path: "/\(World.page)/messages").count == 1)
            // And Meta (the sandbox) would have refused it too.
            let refused = try await MetaSandboxHarness.graph(world.control, .post, "/\(World.page)/messages",
                                                             #"{"recipient":{"comment_id":"\#(comment)"},"message":{"text":"again"}}"#)
            #expect(refused.status == .badRequest && MetaJSON(refused)["error"]["code"].int == 10)
        }
    }

    @Test func aCustomersPostOnThePageGetsAPublicReplyUnderIt() async throws {
        try await World.run { world in
            // A customer posts, another customer comments on it, the page answers that comment from elsewhere.
            try await world.traffic(#"{"scenario": "customer_post"}"#)
            let id = try await world.accept(channel: "page", thread: "post:")
            // The other customer's comment joins the post's interaction (the page's own answer is not a customer message).
            let thread = try await world.messages(of: id) { $0.filter { $0.direction == .inbound }.count == 2 }
            let post = try #require(thread.first?.platformMessageID)

            // Named by the agent, the post itself is answered (by default the latest comment would be).
            let sent = try await world.parley.execute(
                uri: "/api/v1/interactions/\(id)/messages", method: .post, headers: world.ann.headers(json: true),
                body: ByteBuffer(string: #"{"text":"Happy to help, we sent you a message.","inReplyTo":"\#(try #require(thread.first?.id.rawValue))"}"#))
            #expect(sent.status == .created, "\(sent.text)")
            let answer = try await world.settled(.init(try #require(try sent.json()["id"] as? String)))
            let call = try #require(await world.calls(path: "/\(post)/comments").first, "the answer goes under the customer's post")
            #expect(World.body(call)["message"].string == "Happy to help, we sent you a message.")
            #expect(answer.deliveryStatus == .sent && answer.platformMessageID == MetaJSON(Data(call.response.utf8))["id"].string)
        }
    }

    @Test func instagramDirectMessagesAreAnswered() async throws {
        try await World.run { world in
            // A comment on the account's media, a reply from someone else, then a DM from the first commenter.
            try await world.traffic(#"{"scenario": "instagram_conversation"}"#)
            let dm = try await world.accept(channel: "ig", thread: "conversation:")
            let customer = try #require(try await world.messages(of: dm) { !$0.isEmpty }.first?.author?.id)
            let direct = try await world.replied(dm, "Hi! Yes, it is back in stock.")
            #expect(direct.deliveryStatus == .sent && direct.platformMessageID?.isEmpty == false, "\(direct)")
            // With a Page token `me` is the page the account is linked to (platforms.md §3).
            let sent = World.body(await world.calls(path: "/me/messages").first)
            #expect(sent["recipient"]["id"].string == customer && sent["messaging_type"].string == "RESPONSE")
            #expect(sent["message"]["text"].string == "Hi! Yes, it is back in stock.")
        }
    }

    @Test func instagramCommentsGetAPublicReplyAndCanBeHiddenButNotLiked() async throws {
        try await World.run { world in
            try await world.traffic(#"{"scenario": "instagram_conversation"}"#)
            let thread = try await world.accept(channel: "ig", thread: "comment:")
            let comments = try await world.messages(of: thread) { $0.filter { $0.direction == .inbound }.count == 2 }
            let latest = try #require(comments.last { $0.direction == .inbound }?.platformMessageID)
            let answer = try await world.replied(thread, "Thank you both!")
            let call = try #require(await world.calls(path: "/\(latest)/replies").first, "Instagram comment replies go to /replies")
            #expect(World.body(call)["message"].string == "Thank you both!" && answer.deliveryStatus == .sent)

            let first = try #require(comments.first)
            try MessageActionTests.expectRefused(try await MessageActionTests.act(world, thread, first.id.rawValue, "like"),
                                                 .unprocessableContent, "unsupported_action")
            let hide = try await MessageActionTests.act(world, thread, first.id.rawValue, "hide")
            #expect(hide.status == .created, "\(hide.text)")
            let hidden = try await MessageActionTests.sentAction(world, thread, path: "/\(try #require(first.platformMessageID))")
            #expect(World.body(hidden)["hide"].bool == true && hidden.status == 200)
        }
    }

    @Test func whatsappTextIsAnsweredAndAnImagesCaptionIsItsText() async throws {
        try await World.run { world in
            // Text, an image with a caption, a location and a button reply from one customer.
            try await world.traffic(#"{"scenario": "whatsapp_conversation"}"#)
            let id = try await world.accept(channel: "wa", thread: "conversation:")
            let messages = try await world.messages(of: id) { $0.count == 4 }
            let customer = try #require(messages.first?.author?.id)
            let image = try #require(messages.first { $0.attachments.first?.kind == .image })
            #expect(!image.text.isEmpty, "the generated image's caption is its text")

            // A caption we know, from the same customer: it joins the conversation as the image's text.
            let now = Int(Date().timeIntervalSince1970)
            try await ReceiptFlowTests.whatsapp(world.parley, #""contacts":[{"profile":{"name":"Sheena N."},"wa_id":"\#(customer)"}],"messages":[{"from":"\#(customer)","id":"wamid.IMG1","timestamp":"\#(now)","type":"image","image":{"id":"1479537139650973","mime_type":"image/jpeg","sha256":"abc","caption":"The box arrived like this"}}]"#)
            let captioned = try #require(try await world.messages(of: id) { $0.count == 5 }.last)
            #expect(captioned.text == "The box arrived like this" && captioned.attachments.map(\.kind) == [.image])

            let answer = try await world.replied(id, "Sorry about that! A new one is on its way.")
            #expect(answer.deliveryStatus == .sent && answer.platformMessageID?.hasPrefix("wamid.") == true, "\(answer)")
            let sent = World.body(await world.calls(path: "/\(World.number)/messages").first)
            #expect(sent["messaging_product"].string == "whatsapp" && sent["to"].string == customer && sent["type"].string == "text")
            #expect(sent["text"]["body"].string == "Sorry about that! A new one is on its way.")
        }
    }
}
