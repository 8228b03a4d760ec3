import Domain
import Foundation
import Storage
import Testing

/// Facebook threads (DESIGN.md "Interaction"): a customer's post with all comments on it is one thread, a
/// top-level comment on the company's post with its replies another; and which comment each private reply answered.
extension StoreConformance {
    static let page = ChannelKey(kind: .facebookPage, accountID: "page-9")

    /// A feed item as the normaliser gives it: a post is its own thread, a comment is threaded by its top-level comment.
    static func feedItem(_ id: String, by customer: String, thread: ThreadKey, at date: Date) -> IngestRequest {
        let author = Identity(key: Identity.Key(platform: .facebook, scope: "", id: customer))
        return IngestRequest(message: InboundMessage(channel: page, platformMessageID: id, author: author, threadKey: thread, text: id, sentAt: date),
                             channelID: "fb", inactivityTimeout: 3600)
    }

    static func commentsOnACustomersPostJoinItsInteraction(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let ids = SequentialIDGenerator(prefix: "t")
        // One batch lists a comment before the post it is on: both still make one interaction, the post's.
        let batch = try await store.ingest([
            feedItem("p1_c1", by: "bob", thread: .comment(postID: "p1", commentID: "p1_c1"), at: start + 1),
            feedItem("p1", by: "ann", thread: .customerPost(postID: "p1"), at: start),
        ], at: start + 2, ids: ids)
        #expect(batch[0].interactionID == batch[1].interactionID && batch[1].createdInteraction && !batch[0].createdInteraction)
        let post = try #require(try await store.interaction(batch[1].interactionID))
        #expect(post.threadKey == .customerPost(postID: "p1") && post.contactID == batch[1].contactID, "the post's author is the contact")

        // A reply under that comment, later, joins too; a replay changes nothing.
        let reply = feedItem("p1_c2", by: "cy", thread: .comment(postID: "p1", commentID: "p1_c1"), at: start + 5)
        let joined = try await store.ingest([reply], at: start + 5, ids: ids)[0]
        #expect(joined.interactionID == post.id && !joined.createdInteraction)
        #expect(try await store.ingest([reply], at: start + 6, ids: ids)[0].duplicate)
        // The page's own comment there, known from its echo, is part of the post's thread as well.
        let echo = PlatformEcho(channel: page, platformMessageID: "p1_c9", threadKey: .comment(postID: "p1", commentID: "p1_c1"),
                                text: "We are on it", sentAt: start + 6)
        #expect(try await store.recordEchoes([echo], at: start + 6, ids: ids).count == 1)
        #expect(try await store.messages(of: post.id, after: nil, limit: 10).map(\.platformMessageID) == ["p1", "p1_c1", "p1_c2", "p1_c9"])

        // Comments on the company's post (no customer post known) are threaded by their top-level comment.
        let company = try await store.ingest([
            feedItem("p2_c1", by: "bob", thread: .comment(postID: "p2", commentID: "p2_c1"), at: start + 7),
            feedItem("p2_c2", by: "cy", thread: .comment(postID: "p2", commentID: "p2_c2"), at: start + 8),
            feedItem("p2_c3", by: "ann", thread: .comment(postID: "p2", commentID: "p2_c1"), at: start + 9),
        ], at: start + 9, ids: ids)
        #expect(company[0].interactionID == company[2].interactionID && company[0].interactionID != company[1].interactionID)
        #expect(try await store.interaction(company[1].interactionID)?.threadKey == .comment(postID: "p2", commentID: "p2_c2"))
        // Each thread of the post knows the others that are open; a post whose id extends this one's is another post.
        let otherPost = try await store.ingest([feedItem("p20_c1", by: "eve", thread: .comment(postID: "p20", commentID: "p20_c1"), at: start + 9)],
                                               at: start + 9, ids: ids)[0]
        #expect(try await store.openSiblings(of: company[0].interactionID, limit: 10).map(\.id) == [company[1].interactionID])
        #expect(try await store.openSiblings(of: company[1].interactionID, limit: 10).map(\.id) == [company[0].interactionID])
        #expect(try await store.openSiblings(of: otherPost.interactionID, limit: 10).isEmpty)
        #expect(try await store.openSiblings(of: post.id, limit: 10).isEmpty, "a customer's post is one thread")
        #expect(try await store.openSiblings(of: "nothing", limit: 10).isEmpty)

        // Once the post's interaction closed, a new comment opens the post's thread again (a new interaction).
        let late = try await store.ingest([feedItem("p1_c3", by: "dee", thread: .comment(postID: "p1", commentID: "p1_c3"), at: start + 4000)],
                                          at: start + 4000, ids: ids)[0]
        #expect(late.createdInteraction && late.closedInteractionID == post.id)
        #expect(try await store.interaction(late.interactionID)?.threadKey == .customerPost(postID: "p1"))
    }

    static func privateRepliesAreKnownByTheCommentTheyAnswer(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let ids = SequentialIDGenerator(prefix: "pr")
        let held = try await heldInteraction(store, id: "pr1", at: start)
        func privateReply(_ key: String, _ clientKey: String) async throws -> Message.ID {
            let delivery = NewOutboxItem(channel: channel, idempotencyKey: key, request: OutboundRequest(path: "/me/messages", body: Data("{}".utf8)),
                                         createdAt: start, deadline: start + 3600)
            return try await store.reply(NewReply(interactionID: held, agentID: agent, text: "dm", visibility: .private, clientKey: clientKey,
                                                  delivery: delivery), at: start + 1, ids: ids).message.id
        }
        let first = try await privateReply(PrivateReplyKey.make(interaction: held, comment: "p_c1", unique: "u1"), "k1")
        let second = try await privateReply(PrivateReplyKey.make(interaction: held, comment: "p_c2", unique: "u2"), "k2")
        _ = try await privateReply("reply-u3", "k3")
        #expect(try await store.privateReplyTargets(of: held) == [first: "p_c1", second: "p_c2"])
        #expect(try await store.privateReplyTargets(of: "another").isEmpty)
    }
}
