import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Storage
import Testing

/// Facebook threads with several customers, end to end against the Meta sandbox: each commenter of a thread can
/// get their one private reply (Meta's rule is per comment, platforms.md §2.4), and a comment on a customer's post
/// joins that post's interaction (DESIGN.md "Interaction").
@Suite struct FacebookThreadFlowTests {
    typealias World = MetaSurfaceWorld
    static let companyPost = "\(World.page)_700"

    /// A signed page-feed webhook with these changes (each a `value` object's inner JSON).
    static func feed(_ values: [String], at seconds: Int) -> String {
        let changes = values.map { #"{"field":"feed","value":{\#($0)}}"# }.joined(separator: ",")
        return #"{"object":"page","entry":[{"id":"\#(World.page)","time":\#(seconds * 1000),"changes":[\#(changes)]}]}"#
    }

    static func comment(_ id: String, on post: String, parent: String? = nil, by author: String, at seconds: Int) -> String {
        #""item":"comment","verb":"add","from":{"id":"\#(author)","name":"Customer \#(author)"},"post_id":"\#(post)","comment_id":"\#(id)","parent_id":"\#(parent ?? post)","created_time":\#(seconds),"message":"comment \#(id)""#
    }

    static func deliver(_ world: World, _ body: String) async throws {
        let response = try await world.parley.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body),
                                                      body: ByteBuffer(string: body))
        #expect(response.status == .ok, "\(response.text)")
    }

    func privateReply(_ world: World, _ interaction: String, _ text: String, inReplyTo: String? = nil) async throws -> TestResponse {
        let target = inReplyTo.map { #","inReplyTo":"\#($0)""# } ?? ""
        return try await world.parley.execute(uri: "/api/v1/interactions/\(interaction)/messages", method: .post,
                                              headers: world.ann.headers(json: true),
                                              body: ByteBuffer(string: #"{"text":"\#(text)","visibility":"private"\#(target)}"#))
    }

    func window(_ world: World, _ interaction: String, inReplyTo: String? = nil) async throws -> [String: Any] {
        let query = "visibility=private" + (inReplyTo.map { "&inReplyTo=\($0)" } ?? "")
        return try await world.parley.execute(uri: "/api/v1/interactions/\(interaction)/reply-window?\(query)", method: .get,
                                              headers: world.ann.headers()).json()
    }

    @Test func eachCommenterOfAThreadGetsOnePrivateReply() async throws {
        try await World.run { world in
            let now = Int(Date().timeIntervalSince1970)
            // Bob comments on the company's post and Cy replies under it (one thread); Dee comments on her own (another).
            try await Self.deliver(world, Self.feed([Self.comment("700_1", on: Self.companyPost, by: "5101", at: now - 30),
                                                     Self.comment("700_2", on: Self.companyPost, parent: "700_1", by: "5102", at: now - 20),
                                                     Self.comment("700_3", on: Self.companyPost, by: "5103", at: now - 10)], at: now))
            let thread = try await world.accept(channel: "page", thread: "comment:\(Self.companyPost)/700_1")
            let messages = try await world.messages(of: thread) { $0.count == 2 }
            let bob = try #require(messages.first { $0.platformMessageID == "700_1" })

            // Cy's reply is the latest: the default private reply goes to Cy.
            let toCy = try await privateReply(world, thread, "Cy, a word in private?")
            #expect(toCy.status == .created, "\(toCy.text)")
            _ = try await world.settled(.init(try #require(try toCy.json()["id"] as? String)))
            // Bob's comment still has its own private reply to give, and the window says so before the agent writes.
            #expect(try await window(world, thread, inReplyTo: bob.id.rawValue)["canSend"] as? Bool == true)
            #expect(try await window(world, thread)["canSend"] as? Bool == false, "Cy's comment had its private reply")
            let toBob = try await privateReply(world, thread, "Bob, a word in private?", inReplyTo: bob.id.rawValue)
            #expect(toBob.status == .created, "\(toBob.text)")
            let sentToBob = try await world.settled(.init(try #require(try toBob.json()["id"] as? String)))
            #expect(sentToBob.deliveryStatus == .sent, "\(sentToBob)")
            let calls = await world.calls(path: "/\(World.page)/messages")
            #expect(calls.map { World.body($0)["recipient"]["comment_id"].string } == ["700_2", "700_1"])

            // A second one to Bob's comment is refused before Meta is called, with the rule's sentence.
            let again = try await privateReply(world, thread, "Bob, one more thing", inReplyTo: bob.id.rawValue)
            try MessageActionTests.expectRefused(again, .conflict, "window_closed")
            #expect(again.text.contains("private reply to this comment was already sent"), "\(again.text)")
            #expect(try await window(world, thread, inReplyTo: bob.id.rawValue)["canSend"] as? Bool == false)
            #expect(await world.calls(path: "/\(World.page)/messages").count == 2)
            // inReplyTo must be a customer message of this interaction.
            try MessageActionTests.expectRefused(try await privateReply(world, thread, "x", inReplyTo: "nope"), .unprocessableContent,
                                                 "unknown_message")

            // Dee's top-level comment is a thread of its own, with its own private reply.
            let dee = try await world.accept(channel: "page", thread: "comment:\(Self.companyPost)/700_3")
            #expect(dee != thread)
            let toDee = try await privateReply(world, dee, "Dee, a word in private?")
            #expect(toDee.status == .created, "\(toDee.text)")
            #expect(try await world.settled(.init(try #require(try toDee.json()["id"] as? String))).deliveryStatus == .sent)
        }
    }

    /// The agent on one thread of a busy company post is told how the post's other threads stand.
    @Test func theAgentOnOneThreadOfABusyPostIsToldOfTheOthers() async throws {
        try await World.run { world in
            let now = Int(Date().timeIntervalSince1970)
            try await Self.deliver(world, Self.feed([Self.comment("700_1", on: Self.companyPost, by: "5101", at: now - 30),
                                                     Self.comment("700_2", on: Self.companyPost, by: "5102", at: now - 20),
                                                     Self.comment("700_3", on: Self.companyPost, by: "5103", at: now - 10),
                                                     Self.comment("701_1", on: "\(World.page)_701", by: "5104", at: now - 5)], at: now))
            let thread = try await world.accept(channel: "page", thread: "comment:\(Self.companyPost)/700_1")
            var threads: [String: Any] = [:]
            for _ in 0..<100 {
                threads = try await world.parley.execute(uri: "/api/v1/interactions/\(thread)/post/threads", method: .get,
                                                         headers: world.ann.headers()).json()
                if (threads["waiting"] as? Int ?? 0) + (threads["heldByYou"] as? Int ?? 0) == 2 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(threads["postId"] as? String == Self.companyPost)
            #expect((threads["waiting"] as? Int ?? 0) + (threads["heldByYou"] as? Int ?? 0) == 2, "the other post's comment does not count: \(threads)")
            #expect(threads["heldByOthers"] as? Int == 0 && threads["truncated"] as? Bool == false)
            // Admins and supervisors see it too.
            let other = try await world.parley.execute(uri: "/api/v1/interactions/\(thread)/post/threads", method: .get,
                                                       headers: world.admin.headers())
            #expect(other.status == .ok)
        }
    }

    @Test func commentsOnACustomersPostJoinThePostsInteraction() async throws {
        try await World.run { world in
            let now = Int(Date().timeIntervalSince1970)
            let post = "\(World.page)_800"
            // The post and a comment on it in one delivery, then a reply under the comment in another.
            let posted = #""item":"status","verb":"add","from":{"id":"6201","name":"Eve"},"post_id":"\#(post)","created_time":\#(now - 30),"message":"My order never came""#
            try await Self.deliver(world, Self.feed([posted, Self.comment("800_1", on: post, by: "6202", at: now - 20)], at: now - 20))
            try await Self.deliver(world, Self.feed([Self.comment("800_2", on: post, parent: "800_1", by: "6201", at: now - 10)], at: now - 10))
            let id = try await world.accept(channel: "page", thread: "post:\(post)")
            let messages = try await world.messages(of: id) { $0.count == 3 }
            #expect(messages.map(\.platformMessageID) == [post, "800_1", "800_2"])
            let open = try await world.store.interactions(openOnly: true, assignedTo: nil, limit: 50)
            #expect(!open.contains { $0.threadKey.description.hasPrefix("comment:\(post)") }, "no comment opened an interaction of its own")

            // The agent answers the post itself, publicly, by naming it.
            let answer = try await world.parley.execute(uri: "/api/v1/interactions/\(id)/messages", method: .post, headers: world.ann.headers(json: true),
                                                        body: ByteBuffer(string: #"{"text":"We are on it, Eve.","inReplyTo":"\#(messages[0].id.rawValue)"}"#))
            #expect(answer.status == .created, "\(answer.text)")
            _ = try await world.settled(.init(try #require(try answer.json()["id"] as? String)))
            #expect(await world.calls(path: "/\(post)/comments").count == 1, "the answer goes under the customer's post")
        }
    }
}
