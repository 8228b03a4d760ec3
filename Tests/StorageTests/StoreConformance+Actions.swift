import Domain
import Foundation
import Storage
import Testing

/// Likes and retweets of a customer's post: recorded once per interaction, action and post, with the platform
/// call in the outbox (no message behind it) and an event, and listed with the call's state.
extension StoreConformance {
    static func actionsOnPostsAreRecordedOnceWithTheirPlatformCall(_ store: any ParleyStore) async throws {
        let ids = SequentialIDGenerator(prefix: "ac")
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let first = try await store.ingest(message("post-1", text: "love the new app 😍", at: start), channelID: "c1", inactivityTimeout: 3600,
                                           at: start, ids: ids)
        func like(_ target: String, _ action: AutomaticAction = .like) -> NewInteractionAction {
            NewInteractionAction(interactionID: first.interactionID, action: action, target: target, delivery: NewOutboxItem(
                channel: ChannelKey(kind: .x, accountID: "2244994945"), idempotencyKey: "act-\(action.rawValue)-\(target)",
                request: OutboundRequest(path: "/2/users/2244994945/\(action == .like ? "likes" : "retweets")",
                                         body: Data(#"{"tweet_id":"\#(target)"}"#.utf8)),
                createdAt: start, deadline: start + 3600))
        }
        let liked = try #require(try await store.recordAction(like("146"), at: start + 1, ids: ids))
        #expect(liked.action == .like && liked.agentID == nil && liked.status == "pending" && liked.createdAt == start + 1)
        #expect(try await store.recordAction(like("146"), at: start + 2, ids: ids) == nil, "a replay records nothing")
        _ = try #require(try await store.recordAction(like("146", .retweet), at: start + 3, ids: ids))

        let listed = try await store.actions(of: first.interactionID)
        #expect(listed.map(\.action) == [.like, .retweet] && listed.first == liked)
        let claimed = try await store.claimDue(now: start + 10, limit: 10, lease: 60)
        #expect(claimed.count == 2 && claimed.allSatisfy { $0.messageID == nil }, "an action delivers no message")
        try await store.record(.sent(platformMessageID: nil), for: claimed[0].id, at: start + 11, appending: [])
        #expect(try await store.actions(of: first.interactionID).map(\.status) == ["sent", "in_flight"])

        let events = try await store.events(after: 0, limit: 1000).compactMap { logged -> ActionTaken? in
            if case .interactionActionTaken(let body) = logged.event { body } else { nil }
        }
        #expect(events.map(\.action) == [.like, .retweet] && events.allSatisfy { $0.interactionID == first.interactionID && $0.target == "146" })
        await #expect(throws: StoreError.self) { try await store.recordAction(
            NewInteractionAction(interactionID: "no-such", action: .like, target: "1", delivery: like("1").delivery), at: start, ids: ids) }
    }
}
