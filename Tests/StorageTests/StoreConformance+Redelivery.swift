import Domain
import Foundation
import Storage
import Testing

extension StoreConformance {
    static func delivery(_ keys: [String], body: String) -> InboundDelivery {
        var made = delivery(keys)
        made.body = Data(body.utf8)
        return made
    }

    /// A platform's retry brings events the inbox stored before. The retry keeps its row (it was acknowledged)
    /// but not its raw body, which would keep the clear text of what the pipeline masks in the original's: a
    /// record stands in for it, written in the commit's own transaction. A delivery with anything new keeps its
    /// body until processed, and each repeated event stays stored once, with the delivery that brought it first.
    static func retriedDeliveriesKeepTheirRowButNotTheirBody(_ store: any ParleyStore) async throws {
        let body = #"{"text":"card 4111 1111 1111 1111"}"#
        let first = try await store.commit([delivery(["mid:card"], body: body)])
        let again = try await store.commit([
            delivery(["mid:card"], body: body),
            delivery(["mid:twice"], body: body + " "), delivery(["mid:twice"], body: body),  // a retry inside one batch
            delivery(["mid:card", "mid:new"], body: body),
            InboundDelivery(source: .line, receivedAt: Date(timeIntervalSince1970: 5), body: Data(body.utf8), content: .events([])),
        ])
        #expect(again.map(\.newEvents) == [0, 1, 0, 1, 0] && again.map(\.duplicates) == [1, 0, 1, 1, 0])
        let ids = (first + again).map(\.deliveryID)
        let stored = try await store.deliveries(ids)
        #expect(stored.count == 6, "every acknowledged delivery keeps its row")
        let bodies = ids.map { stored[$0].map { String(decoding: $0.body, as: UTF8.self) } ?? "missing" }
        let record = String(decoding: RedeliveredBody.record(replacing: body.utf8.count), as: UTF8.self)
        #expect(bodies == [body, record, body + " ", record, body, body],
                "the first of each, one with a new event, and one without events keep their body; retries do not")
        #expect(stored[ids[1]]?.source == .meta && stored[ids[1]]?.receivedAt == Date(timeIntervalSince1970: 1_767_225_600)
                && stored[ids[1]]?.eventCount == 1, "what was acknowledged, and when, stays on the record")
        #expect(stored[ids[4]]?.eventCount == 2 && stored[ids[5]]?.eventCount == 0)
        let events = try await store.inboxEvents(channel: channel)
        #expect(events.map(\.event.dedupeKey) == ["mid:card", "mid:twice", "mid:new"])
        #expect(events.map(\.deliveryID) == [ids[0], ids[2], ids[4]])
        let keys = [InboxEventKey(channel: channel, dedupeKey: "mid:card"), InboxEventKey(channel: channel, dedupeKey: "mid:new"),
                    InboxEventKey(channel: channel, dedupeKey: "mid:none")]
        #expect(try await store.inboxEventDeliveries(keys) == [keys[0]: ids[0], keys[1]: ids[4]])
        #expect(try await store.inboxEventDeliveries([]) == [:])
    }
}
