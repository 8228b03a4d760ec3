import Domain
import Foundation
import Storage
import Testing

/// X threads (a customer's tweet with the replies under it) and who follows the account.
extension StoreConformance {
    static let xAccount = ChannelKey(kind: .x, accountID: "2244994945")

    /// A tweet as the normaliser gives it: threaded by the tweet it answers, or by itself.
    static func tweet(_ id: String, by customer: String, answering: String? = nil, at date: Date) -> IngestRequest {
        let author = Identity(key: Identity.Key(platform: .x, id: customer))
        return IngestRequest(message: InboundMessage(channel: xAccount, platformMessageID: id, author: author,
                                                     threadKey: .tweet(conversationID: answering ?? id), text: id, sentAt: date),
                             channelID: "x", inactivityTimeout: 3600)
    }

    static func repliesToAHeldTweetJoinItsThreadAndOthersStartTheirOwn(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let ids = SequentialIDGenerator(prefix: "tw")
        // 19-digit ids, above 2^53: kept as text throughout.
        let first = try await store.ingest([tweet("1850000000000000001", by: "944480690", at: start)], at: start, ids: ids)[0]
        // The company's answer, known from its echo, and the customer's reply to it: one thread.
        let echo = PlatformEcho(channel: xAccount, platformMessageID: "1850000000000000002",
                                threadKey: .tweet(conversationID: "1850000000000000001"), text: "We are on it", sentAt: start + 1)
        #expect(try await store.recordEchoes([echo], at: start + 1, ids: ids).count == 1)
        let reply = try await store.ingest([tweet("1850000000000000003", by: "944480690", answering: "1850000000000000002", at: start + 2)],
                                           at: start + 2, ids: ids)[0]
        #expect(reply.interactionID == first.interactionID && !reply.createdInteraction)
        #expect(try await store.interaction(first.interactionID)?.threadKey == .tweet(conversationID: "1850000000000000001"))
        // Another person's answer to a tweet Parley never held (the company's own broadcast) is a thread of its own.
        let other = try await store.ingest([tweet("1850000000000000009", by: "777", answering: "1849999999999999999", at: start + 3)],
                                           at: start + 3, ids: ids)[0]
        #expect(other.createdInteraction)
        #expect(try await store.interaction(other.interactionID)?.threadKey == .tweet(conversationID: "1850000000000000009"))
        let messages = try await store.messages(of: first.interactionID, after: nil, limit: 10)
        #expect(messages.map(\.platformMessageID) == ["1850000000000000001", "1850000000000000002", "1850000000000000003"])
    }

    static func followStateKeepsTheNewestChangePerPersonAndChannel(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        #expect(try await store.follows("944480690", on: xAccount) == nil)
        let follow = FollowChange(channel: xAccount, person: "944480690", follows: true, at: start)
        #expect(try await store.applyFollows([follow], at: Date(timeIntervalSince1970: 1_800_000_000)) == [follow])
        #expect(try await store.follows("944480690", on: xAccount) == true)
        // A replay, and an unfollow older than the follow (deliveries are not ordered), change nothing.
        let stale = FollowChange(channel: xAccount, person: "944480690", follows: false, at: start - 10)
        #expect(try await store.applyFollows([follow, stale], at: Date(timeIntervalSince1970: 1_800_000_000)).isEmpty)
        #expect(try await store.follows("944480690", on: xAccount) == true)
        // Once she wrote, her contact shows it too.
        let wrote = try await store.ingest([tweet("1850000000000000100", by: "944480690", at: start + 5)], at: start + 5,
                                           ids: SequentialIDGenerator(prefix: "fw"))[0]
        #expect(try await store.contact(wrote.contactID)?.followsCompany == nil)
        try await store.recordRouting([.queued(wrote.interactionID, workgroup: nil), .offered(wrote.interactionID, to: agent),
                                       .accepted(wrote.interactionID, by: agent)], at: start + 6)
        let unfollow = FollowChange(channel: xAccount, person: "944480690", follows: false, at: start + 10)
        #expect(try await store.applyFollows([unfollow], at: Date(timeIntervalSince1970: 1_800_000_000)) == [unfollow])
        // Each change that took effect is logged; the agent holding her tweet is named, so their desktop hears of it.
        let logged = try await store.events(after: 0, limit: 1000).compactMap { logged -> (Bool, FollowChanged)? in
            switch logged.event {
            case .contactFollowed(let body): (true, body)
            case .contactUnfollowed(let body): (false, body)
            default: nil
            }
        }
        #expect(logged.count == 2, "the replay and the stale unfollow logged nothing")
        #expect(logged.first?.0 == true && logged.first?.1 == FollowChanged(channel: "x:2244994945", person: "944480690", contactID: nil))
        #expect(logged.last?.0 == false && logged.last?.1 == FollowChanged(channel: "x:2244994945", person: "944480690", contactID: wrote.contactID,
                                                                             interactions: [wrote.interactionID], agentIDs: [agent]))
        #expect(try await store.follows("944480690", on: xAccount) == false)
        #expect(try await store.contact(wrote.contactID)?.followsCompany == false)
        let again = FollowChange(channel: xAccount, person: "944480690", follows: true, at: start + 20)
        _ = try await store.applyFollows([again], at: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(try await store.contact(wrote.contactID)?.followsCompany == true)
        // Per channel: the same person and another account.
        #expect(try await store.follows("944480690", on: ChannelKey(kind: .x, accountID: "3300000001")) == nil)
    }
}

extension StoreConformance {
    /// A rate-limited reply waits with its reason and time ("queued — X rate limit, sending at 14:32"), the agent is
    /// told to look again, and once sent it no longer shows as waiting.
    static func aWaitingDeliveryShowsWhenAndWhyUntilItIsSent(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let ids = SequentialIDGenerator(prefix: "rl")
        let held = try await heldInteraction(store, id: "rl1", at: start)
        let delivery = NewOutboxItem(channel: channel, idempotencyKey: "reply-rl-1", request: OutboundRequest(path: "/2/tweets", body: Data("{}".utf8)),
                                     createdAt: start, deadline: start + 3600)
        let reply = try await store.reply(NewReply(interactionID: held, agentID: agent, text: "One moment", visibility: .private, clientKey: "rl",
                                                   delivery: delivery), at: start + 1, ids: ids)
        #expect(try await store.pendingRetries(of: [reply.message.id]).isEmpty, "not yet tried: nothing to explain")
        let item = try #require(try await store.claimDue(now: start + 2, limit: 10, lease: 60).first)
        try await store.record(.retry(at: start + 62, error: "X rate limit"), for: item.id, at: start + 2, appending: [])
        #expect(try await store.pendingRetries(of: [reply.message.id, "unknown"]) == [reply.message.id: PendingRetry(at: start + 62, reason: "X rate limit")])
        guard case .messageStatusChanged(let changed) = try #require(try await store.events(after: 0, limit: 100).last).event else {
            Issue.record("expected message.status_changed")
            return
        }
        #expect(changed.messageID == reply.message.id && changed.status == .pending && changed.agentID == agent)
        let again = try #require(try await store.claimDue(now: start + 62, limit: 10, lease: 60).first)
        try await store.record(.sent(platformMessageID: "1850000000000000999"), for: again.id, at: start + 63, appending: [])
        #expect(try await store.pendingRetries(of: [reply.message.id]).isEmpty)
    }
}
