import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Realtime
import Sandbox
import Storage
import Testing

/// An agent moderates a public thread from the conversation: likes a Facebook comment as the page, hides and
/// unhides it, each once, through the outbox to the sandbox, in the interaction's timeline and on their stream;
/// what is not theirs, not public or not possible on the channel is refused with the reason.
@Suite struct MessageActionTests {
    typealias World = MetaSurfaceWorld

    static func act(_ world: World, _ interaction: String, _ message: String, _ action: String,
                    as agent: Browser? = nil) async throws -> TestResponse {
        try await world.parley.execute(uri: "/api/v1/interactions/\(interaction)/messages/\(message)/actions", method: .post,
                                       headers: (agent ?? world.ann).headers(json: true), body: ByteBuffer(string: #"{"action":"\#(action)"}"#))
    }

    /// Waits until the interaction's last action on the platform is sent; returns the sandbox's record of its call.
    static func sentAction(_ world: World, _ interaction: String, path: String) async throws -> SandboxState.RecordedCall {
        for _ in 0..<200 {
            let detail = try await world.parley.execute(uri: "/api/v1/interactions/\(interaction)", method: .get, headers: world.ann.headers())
            if MetaJSON(detail)["actions"].array.last?["status"].string == "sent", let call = await world.calls(path: path).last { return call }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("no action on \(path) was sent")
        throw CancellationError()
    }

    /// Expects the one error shape with this status and code.
    static func expectRefused(_ response: TestResponse, _ status: HTTPResponse.Status, _ code: String,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = try response.errorCode()
        #expect(response.status == status && actual == code, "\(response.text)", sourceLocation: sourceLocation)
    }

    /// The comment thread of the `comment_thread` scenario, held by Ann: the customer's comment and the reply its
    /// author removed.
    static func commentThread(_ world: World) async throws -> (id: String, comment: Message, removed: Message) {
        try await world.traffic(#"{"scenario": "comment_thread"}"#)
        let id = try await world.accept(channel: "page", thread: "comment:")
        let messages = try await world.messages(of: id) { $0.count == 2 && $0.contains { $0.deletedAt != nil } }
        return (id, try #require(messages.first { $0.deletedAt == nil }), try #require(messages.first { $0.deletedAt != nil }))
    }

    static func userID(_ world: World, _ browser: Browser) async throws -> String? {
        MetaJSON(try await world.parley.execute(uri: "/api/v1/me", method: .get, headers: browser.headers()))["user"]["id"].string
    }

    @Test func anAgentLikesACommentAsThePageOnce() async throws {
        try await World.run { world in
            let (id, comment, _) = try await Self.commentThread(world)
            let object = try #require(comment.platformMessageID)
            let ann = try await Self.userID(world, world.ann)

            let like = try await Self.act(world, id, comment.id.rawValue, "like")
            #expect(like.status == .created, "\(like.text)")
            let liked = MetaJSON(like)
            #expect(liked["action"].string == "like" && liked["by"].string == "agent" && liked["agentId"].string == ann)
            #expect(liked["target"].string == object && liked["status"].string == "pending")
            // A double click, or a supervisor on the same comment, answers with the same action and sends nothing more.
            let again = try await Self.act(world, id, comment.id.rawValue, "like")
            #expect(again.status == .ok && MetaJSON(again)["id"].string == liked["id"].string)
            let supervisor = try await Self.act(world, id, comment.id.rawValue, "like", as: world.admin)
            #expect(supervisor.status == .ok && MetaJSON(supervisor)["id"].string == liked["id"].string, "\(supervisor.text)")
            let call = try await Self.sentAction(world, id, path: "/\(object)/likes")
            #expect(call.status == 200 && call.headers["authorization"] == "Bearer page-token")
            #expect(await world.calls(path: "/\(object)/likes").count == 1)

            // The timeline and the agent's own stream say who did it.
            let detail = MetaJSON(try await world.parley.execute(uri: "/api/v1/interactions/\(id)", method: .get, headers: world.ann.headers()))
            #expect(detail["actions"].array.map { $0["action"].string } == ["like"] && detail["actions"][0]["status"].string == "sent")
            let taken = try await world.store.events(after: 0, limit: 1000).compactMap { logged -> ActionTaken? in
                if case .interactionActionTaken(let body) = logged.event { body } else { nil }
            }
            #expect(taken.map(\.action) == [.like] && taken.first?.agentID?.rawValue == ann)
            #expect(StreamAudience.agent(User.ID(try #require(ann))).concerns(.interactionActionTaken(try #require(taken.first))))
        }
    }

    @Test func anAgentHidesAndUnhidesACommentOnceEach() async throws {
        try await World.run { world in
            let (id, comment, _) = try await Self.commentThread(world)
            let object = try #require(comment.platformMessageID)
            try Self.expectRefused(try await Self.act(world, id, comment.id.rawValue, "unhide"), .conflict, "not_hidden")

            let hide = try await Self.act(world, id, comment.id.rawValue, "hide")
            #expect(hide.status == .created, "\(hide.text)")
            #expect(World.body(try await Self.sentAction(world, id, path: "/\(object)"))["is_hidden"].bool == true)
            #expect(try await Self.act(world, id, comment.id.rawValue, "hide").status == .ok, "already hidden by this action")
            let unhide = try await Self.act(world, id, comment.id.rawValue, "unhide")
            #expect(unhide.status == .created, "\(unhide.text)")
            #expect(World.body(try await Self.sentAction(world, id, path: "/\(object)"))["is_hidden"].bool == false)
            try Self.expectRefused(try await Self.act(world, id, comment.id.rawValue, "hide"), .conflict, "action_repeated")
            #expect(await world.calls(path: "/\(object)").count == 2)

            let detail = MetaJSON(try await world.parley.execute(uri: "/api/v1/interactions/\(id)", method: .get, headers: world.ann.headers()))
            #expect(detail["actions"].array.map { $0["action"].string } == ["hide", "unhide"])
        }
    }

    @Test func whatIsNotTheAgentsOrNotAPublicCustomerPostIsRefusedWithTheReason() async throws {
        try await World.run { world in
            let (id, comment, removed) = try await Self.commentThread(world)
            let (_, bob) = try await ContactAPITests.createAgent(world.parley, world.admin, name: "bob")
            let notYours = try await Self.act(world, id, comment.id.rawValue, "like", as: bob)
            #expect(notYours.status == .notFound && notYours.text.contains("held by you"), "\(notYours.text)")
            // Retweets are X's: a Facebook comment cannot be retweeted.
            let retweet = try await Self.act(world, id, comment.id.rawValue, "retweet")
            try Self.expectRefused(retweet, .unprocessableContent, "unsupported_action")
            #expect(retweet.text.contains("cannot retweet"), "\(retweet.text)")
            #expect(try await Self.act(world, id, comment.id.rawValue, "share").text.contains("like, retweet, hide, unhide"))
            try Self.expectRefused(try await Self.act(world, id, removed.id.rawValue, "hide"), .conflict, "message_removed")
            #expect(try await Self.act(world, id, "no-such-message", "like").status == .notFound)
            let ours = try await world.replied(id, "Thanks, we are on it!")
            try Self.expectRefused(try await Self.act(world, id, ours.id.rawValue, "like"), .unprocessableContent, "not_public")

            // A Messenger conversation has nothing public to moderate; nor has an Instagram DM.
            try await world.traffic(#"{"source": "meta"}"#)
            let messenger = try await world.accept(channel: "dm", thread: "conversation:")
            let text = try #require(try await world.messages(of: messenger) { !$0.isEmpty }.first).id.rawValue
            let unsupported = try await Self.act(world, messenger, text, "hide")
            try Self.expectRefused(unsupported, .unprocessableContent, "unsupported_action")
            #expect(unsupported.text.contains("Facebook page and Instagram"), "\(unsupported.text)")
            try await world.traffic(#"{"scenario": "instagram_conversation"}"#)
            let dm = try await world.accept(channel: "ig", thread: "conversation:")
            let direct = try #require(try await world.messages(of: dm) { !$0.isEmpty }.first).id.rawValue
            try Self.expectRefused(try await Self.act(world, dm, direct, "hide"), .unprocessableContent, "not_public")
            #expect(await world.sandbox.recordedCalls().map(\.path) == ["/\(try #require(comment.platformMessageID))/comments"],
                    "only the reply reached Meta, nothing refused")
        }
    }
}
