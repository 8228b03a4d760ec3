import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Storage
import Testing

/// LINE end to end (issue 8, "LINE redelivery and token expiry"): the sandbox sends LINE's signed webhooks to the
/// channel's endpoint, Parley threads them into one interaction, Ann answers, and the sandbox judges the call —
/// a reply with the customer's fresh token, else a push with a retry key that LINE accepts once.
@Suite struct LineSurfaceFlowTests {
    typealias World = LineSurfaceWorld

    /// follow → text → sticker → image → the text redelivered → postback; the redelivery is stored once.
    func conversation(_ world: World) async throws -> (interaction: String, customer: String, messages: [Message]) {
        let sent = try await world.meta.traffic(#"{"scenario": "line_conversation"}"#)
        #expect(sent["kinds"]["line.redelivery"].int == 1 && sent["delivered"].int == 6)
        let id = try await world.meta.accept(channel: "shop-line", thread: "conversation:")
        let messages = try await world.meta.messages(of: id) { $0.count == 4 }
        #expect(messages.map(\.text) == ["Hi 👋 where is my order #4471?", "", "", "action=talk_to_agent"])
        #expect(messages[1].attachments.first?.kind == .sticker && messages[2].attachments.first?.kind == .image)
        return (id, try #require(messages.first?.author?.id), messages)
    }

    @Test func theFirstAnswerUsesTheReplyTokenAndTheNextIsAPushWithARetryKey() async throws {
        try await World.run { world in
            let (id, customer, _) = try await conversation(world)
            // The agent is told the answer goes free for now.
            let fresh = try await replyWindow(world, id)
            #expect(fresh["rule"].string == "line_reply_token" && fresh["requires"].string == "none", "\(fresh.raw ?? "")")

            let first = try await world.meta.replied(id, "Hello! It left our warehouse today.")
            #expect(first.deliveryStatus == .sent && first.platformMessageID?.hasPrefix("59") == true, "\(first)")
            let reply = try #require(await world.calls("/v2/bot/message/reply").first, "the answer went as a reply")
            #expect(reply.status == 200 && reply.headers["authorization"] == "Bearer line-token" && reply.headers["x-line-retry-key"] == nil)
            let replied = World.body(reply)
            // The token of the customer's latest event (the postback), not the redelivered one's.
            #expect(replied["replyToken"].string?.count == 32 && replied["messages"][0]["text"].string == "Hello! It left our warehouse today.")
            #expect(await world.calls("/v2/bot/message/push").isEmpty)
            let spent = try await replyWindow(world, id)
            #expect(spent["rule"].string == "line_push" && spent["requires"].string == "push_message", "\(spent.raw ?? "")")

            // The token is spent: the next answer is a push to the customer, with a UUID retry key.
            let second = try await world.meta.replied(id, "Anything else?")
            #expect(second.deliveryStatus == .sent, "\(second)")
            let push = try #require(await world.calls("/v2/bot/message/push").first)
            #expect(push.status == 200 && World.body(push)["to"].string == customer)
            #expect(UUID(uuidString: push.headers["x-line-retry-key"] ?? "") != nil, "\(push.headers)")
        }
    }

    @Test func afterTheTokenExpiresTheAnswerGoesAsAPush() async throws {
        let clock = ManualClock(Date())
        try await World.run(clock: clock) { world in
            let (id, customer, _) = try await conversation(world)
            // A minute later for Parley: the token is past its 50 seconds of use.
            clock.advance(by: 60)
            let late = try await world.meta.replied(id, "Sorry for the wait!")
            #expect(late.deliveryStatus == .sent, "\(late)")
            #expect(await world.calls("/v2/bot/message/reply").isEmpty)
            let push = try #require(await world.calls("/v2/bot/message/push").first)
            #expect(World.body(push)["to"].string == customer && push.headers["x-line-retry-key"] != nil)
        }
    }

    /// LINE accepted the push but its answer was lost: the outbox retries with the same retry key, LINE answers
    /// 409 (already accepted), and the message is sent — delivered once.
    @Test func aRetriedPushIsAcceptedOnceAndCountsAsSent() async throws {
        try await World.run { world in
            let (id, _, _) = try await conversation(world)
            _ = try await world.meta.replied(id, "First, by reply token.")
            // The sandbox does the push, then answers only after Parley's 20 s timeout.
            try await world.meta.control(.put, "/_sandbox/failure", #"{"mode": "timeout", "count": 1, "seconds": 22}"#)
            let response = try await world.meta.reply(id, "Second, by push.")
            #expect(response.status == .created, "\(response.text)")
            let messageID = Message.ID(try #require(try response.json()["id"] as? String))
            // Parley gives up on the call after 20 s and retries a second or two later.
            var pushed = try #require(try await world.meta.store.message(messageID))
            for _ in 0..<400 where pushed.deliveryStatus != .sent && pushed.deliveryStatus != .failed {
                try await Task.sleep(for: .milliseconds(100))
                pushed = try #require(try await world.meta.store.message(messageID))
            }
            #expect(pushed.deliveryStatus == .sent, "\(pushed)")
            let pushes = await world.calls("/v2/bot/message/push")
            #expect(pushes.map(\.status) == [200, 409], "\(pushes.map { ($0.status, $0.response) })")
            #expect(Set(pushes.map { $0.headers["x-line-retry-key"] ?? "" }).count == 1)
            #expect(pushed.platformMessageID == World.body(pushes[0], response: true)["sentMessages"][0]["id"].string)
        }
    }
}

extension LineSurfaceFlowTests {
    func replyWindow(_ world: World, _ id: String) async throws -> MetaJSON {
        MetaJSON(try await world.meta.parley.execute(uri: "/api/v1/interactions/\(id)/reply-window", method: .get, headers: world.meta.ann.headers()))
    }

    /// An image the customer sent through LINE is copied from LINE's content endpoint with the channel's token;
    /// the sticker is not fetched.
    @Test func anImageSentThroughLineIsCopiedIntoParley() async throws {
        try await World.run(configure: MediaFetchTests.quick) { world in
            let (id, _, messages) = try await conversation(world)
            let fetches = try await MediaFetchTests.settled(world.meta.store, id)
            let image = try #require(fetches.first { $0.state != .skipped }, "\(fetches)")
            #expect(image.state == .stored && image.mimeType == "image/png", "\(fetches)")
            #expect(fetches.filter { $0.state == .skipped }.map(\.source) == [try #require(messages[1].attachments.first?.url)])
            let lineID = try #require(messages[2].platformMessageID)
            #expect(image.source == "line-content:\(lineID)")
            let downloads = await world.sandbox.recordedCalls().filter { $0.path == "/v2/bot/message/\(lineID)/content" }
            #expect(downloads.map(\.status) == [200] && downloads.first?.headers["authorization"] == "Bearer line-token", "\(downloads)")
            let served = try await world.meta.parley.execute(uri: "/api/v1/media/\(image.id.rawValue)", method: .get, headers: world.meta.ann.headers())
            #expect(served.status == .ok && Data(served.body.readableBytesView).starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
    }
}

extension LineSurfaceWorld {
    static func body(_ call: SandboxState.RecordedCall?, response: Bool = false) -> MetaJSON {
        MetaJSON(Data(((response ? call?.response : call?.body) ?? "").utf8))
    }
}
