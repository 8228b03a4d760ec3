import Domain
import Foundation
import Storage
import Testing

/// The media queue: every attachment of an inbound message gets one row (pending when Parley fetches it, skipped
/// when there is nothing to fetch), a claimed fetch is leased, and an outcome is recorded once.
extension StoreConformance {
    static func attachmentsAreQueuedOnceLeasedAndSettled(_ store: any ParleyStore) async throws {
        let ids = SequentialIDGenerator(prefix: "md")
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        var inbound = message("in-media", from: "psid-m", at: start)
        inbound.attachments = [Attachment(kind: .image, url: "https://cdn.example/a.png"),
                               Attachment(kind: .location), Attachment(kind: .file, url: "/messenger/uploads/x.png")]
        let stored = try await store.ingest(inbound, channelID: "c1", inactivityTimeout: 3600, at: start, ids: ids)
        _ = try await store.ingest(message("in-plain", from: "psid-m", at: start + 1), channelID: "c1", inactivityTimeout: 3600, at: start + 1, ids: ids)

        #expect(try await store.queueMediaFetches(now: start + 2, limit: 100) == 1)
        #expect(try await store.queueMediaFetches(now: start + 3, limit: 100) == 0, "a message is queued once")
        let rows = try await store.mediaFetches(of: stored.interactionID)
        #expect(rows.map(\.state) == [.pending, .skipped, .skipped] && rows.map(\.position) == [0, 1, 2])
        let pending = try #require(rows.first)
        #expect(pending.source == "https://cdn.example/a.png" && pending.messageID == stored.messageID && pending.channel == channel)

        // Claimed once: the lease keeps a second claimer away until it runs out.
        #expect(try await store.claimMediaFetches(now: start + 4, leaseUntil: start + 100, limit: 10).map(\.id) == [pending.id])
        #expect(try await store.claimMediaFetches(now: start + 5, leaseUntil: start + 100, limit: 10).isEmpty)
        try await store.recordMediaFetch(pending.id, .retry(at: start + 50, reason: "HTTP 503"), at: start + 6)
        #expect(try await store.claimMediaFetches(now: start + 49, leaseUntil: start + 200, limit: 10).isEmpty)
        #expect(try await store.claimMediaFetches(now: start + 50, leaseUntil: start + 200, limit: 10).first?.attempts == 1)

        try await store.recordMediaFetch(pending.id, .stored(file: String(repeating: "a", count: 64), mimeType: "image/png", size: 1234), at: start + 51)
        // A late outcome for a settled fetch changes nothing.
        try await store.recordMediaFetch(pending.id, .failed(reason: "late"), at: start + 52)
        let settled = try #require(try await store.mediaFetch(pending.id))
        #expect(settled.state == .stored && settled.size == 1234 && settled.mimeType == "image/png" && settled.attempts == 2 && settled.reason == nil)
        #expect(try await store.storedMediaBytes() == 1234)
        #expect(try await store.mediaFetch("nope") == nil)
    }
}
