import Domain
import Foundation
import Storage
import Testing

/// Replies, wrap-up, the inactivity close and a web visitor's thread: the same on every backend.
extension StoreConformance {
    static let agent = User.ID("agent-1")

    /// A customer message, then routing's offer and the agent's accept: an interaction the agent holds.
    static func heldInteraction(_ store: any ParleyStore, id: String = "h1", from customer: String = "psid-1",
                                at date: Date) async throws -> Interaction.ID {
        let ingested = try await store.ingest(message(id, from: customer, at: date), channelID: "c1", inactivityTimeout: 3600, at: date,
                                              ids: SequentialIDGenerator(prefix: "i-\(id)"))
        try await store.recordRouting([.queued(ingested.interactionID, workgroup: nil), .offered(ingested.interactionID, to: agent),
                                       .accepted(ingested.interactionID, by: agent)], at: date)
        return ingested.interactionID
    }

    static func repliesAreIdempotentByClientKeyAndFollowTheirDelivery(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let ids = SequentialIDGenerator(prefix: "r")
        let held = try await heldInteraction(store, at: start)
        let delivery = NewOutboxItem(channel: channel, idempotencyKey: "reply-out-1",
                                     request: OutboundRequest(path: "/me/messages", body: Data("{}".utf8)), createdAt: start, deadline: start + 3600)
        let reply = NewReply(interactionID: held, agentID: agent, text: "On it 👍", visibility: .private, clientKey: "k1", delivery: delivery)
        let first = try await store.reply(reply, at: start + 1, ids: ids)
        #expect(first.created && first.message.deliveryStatus == .pending && first.message.direction == .outbound)
        let retried = try await store.reply(reply, at: start + 2, ids: ids)
        #expect(!retried.created && retried.message.id == first.message.id, "the same client key finds the first message")
        #expect(try await store.outboxStatistics().pending == 1, "and enqueued one platform call")
        #expect(try await store.interaction(held)?.state == .waitingForCustomer)

        // The outbox sends it: the message follows, with the platform's id and a message.sent event for the agent.
        let item = try #require(try await store.claimDue(now: start + 3, limit: 10, lease: 60).first)
        try await store.record(.sent(platformMessageID: "m_out_1"), for: item.id, at: start + 4, appending: [])
        let sent = try #require(try await store.message(first.message.id))
        #expect(sent.deliveryStatus == .sent && sent.platformMessageID == "m_out_1")
        let last = try #require(try await store.events(after: 0, limit: 100).last)
        guard case .messageSent(let body) = last.event else { Issue.record("expected message.sent, got \(last.event.type)"); return }
        #expect(body.agentID == agent && body.messageID == first.message.id)

        // The customer answers: active again, and the message event names the agent holding it.
        _ = try await store.ingest(message("h1-b", at: start + 10), channelID: "c1", inactivityTimeout: 3600, at: start + 10, ids: ids)
        #expect(try await store.interaction(held)?.state == .active)
        #expect(try await store.latestInbound(of: held)?.platformMessageID == "h1-b")
        guard case .messageReceived(let received) = try #require(try await store.events(after: 0, limit: 100).last).event else {
            Issue.record("expected message.received"); return
        }
        #expect(received.agentID == agent)

        // Only the holder may reply; a failed delivery marks the message failed.
        await #expect(throws: ConversationError.notYours(held)) {
            _ = try await store.reply(NewReply(interactionID: held, agentID: "someone-else", text: "x", visibility: .private), at: start, ids: ids)
        }
        let doomed = try await store.reply(NewReply(interactionID: held, agentID: agent, text: "second", visibility: .private, clientKey: "k2",
                                                    delivery: NewOutboxItem(channel: channel, idempotencyKey: "reply-out-2",
                                                                            request: OutboundRequest(path: "/me/messages", body: Data()),
                                                                            createdAt: start, deadline: start + 3600)), at: start + 11, ids: ids)
        let second = try #require(try await store.claimDue(now: start + 12, limit: 10, lease: 60).first)
        try await store.record(.failed(reason: "outside the 24 h window"), for: second.id, at: start + 13, appending: [])
        let failed = try #require(try await store.message(doomed.message.id))
        #expect(failed.deliveryStatus == .failed && failed.failureReason == "outside the 24 h window")
    }

    static func wrapUpNeedsTheHolderAnActiveCodeAndClosesOnce(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let held = try await heldInteraction(store, at: start)
        await #expect(throws: ConversationError.unknownCode("nope")) {
            _ = try await store.wrapUp(held, by: agent, code: "nope", at: start)
        }
        await #expect(throws: ConversationError.notYours(held)) {
            _ = try await store.wrapUp(held, by: "other", code: "processed", at: start)
        }
        let closed = try await store.wrapUp(held, by: agent, code: "processed", at: start + 5)
        #expect(closed.state == .closed && closed.outcome == .wrappedUp && closed.wrapUpCode == "processed" && closed.closedAt == start + 5)
        await #expect(throws: ConversationError.wrongState(held, .closed)) {
            _ = try await store.wrapUp(held, by: agent, code: "processed", at: start + 6)
        }
        await #expect(throws: ConversationError.wrongState(held, .closed)) {
            _ = try await store.reply(NewReply(interactionID: held, agentID: agent, text: "late", visibility: .private), at: start + 7,
                                      ids: SequentialIDGenerator(prefix: "w"))
        }
        let last = try #require(try await store.events(after: 0, limit: 100).last)
        #expect(last.event == .interactionWrappedUp(InteractionWrappedUp(interactionID: held, agentID: agent, code: "processed")))
    }

    static func inactivityClosesWaitingAsAbandonedAndHeldAsAutoClosed(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let held = try await heldInteraction(store, id: "q1", from: "held-customer", at: start)
        let waiting = try await store.ingest(message("q2", from: "waiting-customer", at: start), channelID: "c1", inactivityTimeout: 3600,
                                             at: start, ids: SequentialIDGenerator(prefix: "q"))
        let fresh = try await store.ingest(message("q3", from: "fresh-customer", at: start + 3000), channelID: "c1", inactivityTimeout: 3600,
                                           at: start + 3000, ids: SequentialIDGenerator(prefix: "f"))
        let channelDefinition = Channel(id: "c1", kind: .messenger, accountID: channel.accountID, name: "Page", inactivityTimeout: 3600)
        #expect(try await store.closeInactive([channelDefinition], at: start + 3599).isEmpty, "not yet")
        let closed = try await store.closeInactive([channelDefinition], at: start + 3601)
        #expect(Set(closed.map(\.id)) == [held, waiting.interactionID])
        #expect(try await store.interaction(held)?.outcome == .autoClosed)
        #expect(try await store.interaction(waiting.interactionID)?.outcome == .abandoned)
        #expect(try await store.interaction(fresh.interactionID)?.state.isOpen == true)
        let types = try await store.events(after: 0, limit: 100).suffix(2).map(\.event.type)
        #expect(Set(types) == [.interactionAutoClosed, .interactionAbandoned])
    }

    static func aThreadsMessagesSpanItsInteractions(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let ids = SequentialIDGenerator(prefix: "t")
        let first = try await store.ingest(message("t1", from: "visitor", at: start), channelID: "c1", inactivityTimeout: 60, at: start, ids: ids)
        _ = try await store.ingest(message("t2", from: "visitor", at: start + 600), channelID: "c1", inactivityTimeout: 60, at: start + 600, ids: ids)
        _ = try await store.ingest(message("t3", from: "someone-else", at: start + 601), channelID: "c1", inactivityTimeout: 60,
                                   at: start + 601, ids: ids)
        let thread = ThreadKey.conversation(customer: Identity.Key(platform: .facebook, scope: channel.accountID, id: "visitor"))
        let all = try await store.threadMessages(channel: channel, threadKey: thread, after: nil, limit: 10)
        #expect(all.map(\.platformMessageID) == ["t1", "t2"], "both conversations, only this visitor's")
        #expect(Set(all.map(\.interactionID)).count == 2)
        #expect(try await store.threadMessages(channel: channel, threadKey: thread, after: all[0].id, limit: 10).map(\.platformMessageID) == ["t2"])
        #expect(try await store.message(first.messageID)?.text == "hi")
    }
}
