import Domain
import Foundation
import Storage
import Testing

/// Platform receipts on what Parley sent: statuses only move forward, a failure counts only before delivery,
/// a watermark covers the conversation's earlier messages, and unknown ids change nothing.
extension StoreConformance {
    static func receiptsMoveOutboundMessagesForwardOnly(_ store: any ParleyStore) async throws {
        let ids = SequentialIDGenerator(prefix: "rc")
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let first = try await store.ingest(message("in-1", from: "psid-r", at: start), channelID: "c1", inactivityTimeout: 3600, at: start, ids: ids)
        /// Parley's answer, sent through the outbox and confirmed by the platform with `platformID`.
        func sentAnswer(_ text: String, platformID: String, at date: Date) async throws -> Message.ID {
            let answer = NewAutoReply(
                interactionID: first.interactionID, contactID: first.contactID, period: "p-\(platformID)", reason: "greeting", text: text,
                visibility: .private, delivery: NewOutboxItem(channel: channel, idempotencyKey: "k-\(platformID)",
                                                              request: OutboundRequest(path: "/me/messages", body: Data("{}".utf8)),
                                                              createdAt: date, deadline: date + 3600))
            let stored = try #require(try await store.autoReply(answer, at: date, ids: ids))
            let item = try #require(try await store.claimDue(now: date, limit: 1, lease: 60).first)
            try await store.record(.sent(platformMessageID: platformID), for: item.id, at: date, appending: [])
            return stored.id
        }
        let early = try await sentAnswer("one", platformID: "m_out_1", at: start + 10)
        let late = try await sentAnswer("two", platformID: "m_out_2", at: start + 100)
        func status(_ id: Message.ID) async throws -> Message.DeliveryStatus? { try await store.message(id)?.deliveryStatus }

        // Read arrives before delivered (out of order), then delivered again: read stays.
        #expect(try await store.applyReceipts([.message(channel: channel, platformMessageID: "m_out_1", status: .read, reason: nil)], at: start + 20) == 1)
        #expect(try await store.applyReceipts([.message(channel: channel, platformMessageID: "m_out_1", status: .delivered, reason: nil),
                                               .message(channel: channel, platformMessageID: "m_out_1", status: .failed, reason: "late")],
                                              at: start + 21) == 0)
        #expect(try await status(early) == .read)
        // A failure before delivery is recorded with its reason.
        #expect(try await store.applyReceipts([.message(channel: channel, platformMessageID: "m_out_2", status: .failed,
                                                        reason: "WhatsApp error 131047: Re-engagement message")], at: start + 101) == 1)
        #expect(try await store.message(late)?.failureReason == "WhatsApp error 131047: Re-engagement message")
        // Unknown ids and other channels change nothing.
        #expect(try await store.applyReceipts([.message(channel: channel, platformMessageID: "m_unknown", status: .read, reason: nil),
                                               .message(channel: ChannelKey(kind: .whatsapp, accountID: "x"), platformMessageID: "m_out_1",
                                                        status: .read, reason: nil)], at: start + 102) == 0)

        // A watermark reads every earlier outbound message of the conversation, not later ones.
        let third = try await sentAnswer("three", platformID: "m_out_3", at: start + 200)
        let fourth = try await sentAnswer("four", platformID: "m_out_4", at: start + 300)
        let thread = ThreadKey.conversation(customer: Identity.Key(platform: .facebook, scope: channel.accountID, id: "psid-r"))
        #expect(try await store.applyReceipts([.upTo(channel: channel, thread: thread, watermark: start + 250, status: .read)], at: start + 301) == 1)
        let (thirdNow, fourthNow, lateNow) = (try await status(third), try await status(fourth), try await status(late))
        #expect(thirdNow == .read && fourthNow == .sent && lateNow == .failed)

        let events = try await store.events(after: 0, limit: 1000).map(\.event)
        let changes = events.compactMap { event -> MessageStatusChanged? in if case .messageStatusChanged(let body) = event { body } else { nil } }
        #expect(changes.map(\.status) == [.read, .read] && changes.map(\.messageID) == [early, third])
        #expect(events.contains { if case .messageFailed(let body) = $0 { body.messageID == late } else { false } })
    }

    /// The open channel's receipts name Parley's own message id: one that overtakes the answer to the post moves
    /// the still-pending message on, and the answer arriving afterwards does not move it back.
    static func receiptsByParleysIDApplyBeforeTheSendIsConfirmed(_ store: any ParleyStore) async throws {
        let ids = SequentialIDGenerator(prefix: "rp")
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let first = try await store.ingest(message("in-p", from: "psid-p", at: start), channelID: "c1", inactivityTimeout: 3600, at: start, ids: ids)
        let answer = NewAutoReply(
            interactionID: first.interactionID, contactID: first.contactID, period: "p-open", reason: "greeting", text: "hello",
            visibility: .private, delivery: NewOutboxItem(channel: channel, idempotencyKey: "k-open", request: OutboundRequest(path: "", body: Data("{}".utf8)),
                                                          createdAt: start, deadline: start + 3600))
        let stored = try #require(try await store.autoReply(answer, at: start + 1, ids: ids))
        let item = try #require(try await store.claimDue(now: start + 1, limit: 1, lease: 60).first)
        #expect(try await store.applyReceipts([.parleyMessage(channel: ChannelKey(kind: .open, accountID: "other"), messageID: stored.id,
                                                              status: .read, reason: nil)], at: start + 2) == 0, "another channel's receipt")
        #expect(try await store.applyReceipts([.parleyMessage(channel: channel, messageID: stored.id, status: .delivered, reason: nil)],
                                              at: start + 2) == 1)
        try await store.record(.sent(platformMessageID: stored.id.rawValue), for: item.id, at: start + 3, appending: [])
        #expect(try await store.message(stored.id)?.deliveryStatus == .delivered)
        #expect(try await store.applyReceipts([.parleyMessage(channel: channel, messageID: stored.id, status: .read, reason: nil)],
                                              at: start + 4) == 1)
        #expect(try await store.message(stored.id)?.deliveryStatus == .read)

        // A failure reported before the send was confirmed stays a failure.
        let second = NewAutoReply(
            interactionID: first.interactionID, contactID: first.contactID, period: "p-open-2", reason: "greeting", text: "again",
            visibility: .private, delivery: NewOutboxItem(channel: channel, idempotencyKey: "k-open-2", request: OutboundRequest(path: "", body: Data("{}".utf8)),
                                                          createdAt: start + 5, deadline: start + 3600))
        let failing = try #require(try await store.autoReply(second, at: start + 5, ids: ids))
        let claimed = try #require(try await store.claimDue(now: start + 5, limit: 1, lease: 60).first)
        #expect(try await store.applyReceipts([.parleyMessage(channel: channel, messageID: failing.id, status: .failed, reason: "unreachable")],
                                              at: start + 6) == 1)
        try await store.record(.sent(platformMessageID: failing.id.rawValue), for: claimed.id, at: start + 7, appending: [])
        #expect(try await store.message(failing.id)?.deliveryStatus == .failed)
        #expect(try await store.message(failing.id)?.failureReason == "unreachable")
    }
}
