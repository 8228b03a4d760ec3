import Domain
import Foundation
import Testing

@testable import Connectors

@Suite struct SplitMemoTests {
    /// A Messenger delivery whose bodies differ only near the end, as real ones do (same page, same sender).
    func body(mid: String, text: String = "where is my parcel") -> Data {
        Data(#"{"object":"page","entry":[{"id":"103149398319188","time":1767225600000,"messaging":[{"sender":{"id":"6543210987654321"},"recipient":{"id":"103149398319188"},"timestamp":1767225600000,"message":{"mid":"\#(mid)","text":"\#(text)"}}]}]}"#.utf8)
    }

    func text(_ result: NormalisedEvent) -> String? {
        if case .message(let message) = result { return message.text }
        return nil
    }

    @Test func theAcknowledgementPathsSplitIsWhatThePipelineNormalisesWithoutParsingAgain() throws {
        let memo = SplitMemo()
        let delivered = body(mid: "m_1")
        let delivery = DeliverySplitter.delivery(delivered, from: .meta, receivedAt: Date(), memo: memo)
        guard case .events(let events) = delivery.content else { Issue.record("not split"); return }
        #expect(memo.split(of: delivered, from: .meta)?.events == events, "remembered as the route split it")

        // The pipeline reads the stored bytes back: a different Data value with the same bytes finds the split.
        let stored = Data(Array(delivered))
        #expect(memo.split(of: stored, from: .meta) != nil)
        let withMemo = Normaliser.normalise(events[0], deliveryBody: stored, source: .meta, memo: memo)
        let without = Normaliser.normalise(events[0], deliveryBody: stored, source: .meta)
        #expect(withMemo == without)
        #expect(text(withMemo) == "where is my parcel")
    }

    @Test func bodiesThatShareALongPrefixAreNeverTakenForOneAnother() throws {
        let memo = SplitMemo()
        for n in 0..<50 { _ = DeliverySplitter.delivery(body(mid: "m_\(n)"), from: .meta, receivedAt: Date(), memo: memo) }
        for n in 0..<50 {
            let split = try #require(memo.split(of: body(mid: "m_\(n)"), from: .meta))
            #expect(split.events.map(\.dedupeKey) == ["mid:m_\(n)"])
        }
        #expect(memo.split(of: body(mid: "m_50"), from: .meta) == nil)
        // The same bytes from another endpoint are another split (another splitter's reading).
        #expect(memo.split(of: body(mid: "m_1"), from: .x) == nil)
    }

    @Test func aBodyMaskedAfterStorageIsSplitAgainFromItsOwnBytes() throws {
        let memo = SplitMemo()
        let original = body(mid: "m_card", text: "my card is 4111 1111 1111 1111")
        let delivery = DeliverySplitter.delivery(original, from: .meta, receivedAt: Date(), memo: memo)
        guard case .events(let events) = delivery.content else { Issue.record("not split"); return }
        let masked = body(mid: "m_card", text: "my card is ****")
        #expect(text(Normaliser.normalise(events[0], deliveryBody: masked, source: .meta, memo: memo)) == "my card is ****")
    }

    @Test func theOldestSplitsGoFirstWhenEntriesOrBytesRunOut() throws {
        let byCount = SplitMemo(maxEntries: 3, maxBytes: 1 << 20)
        for n in 0..<5 { _ = try DeliverySplitter.collect(body(mid: "m_\(n)"), from: .meta, withPayloads: false, memo: byCount) }
        #expect((0..<5).map { byCount.split(of: body(mid: "m_\($0)"), from: .meta) != nil } == [false, false, true, true, true])

        let size = body(mid: "m_0").count
        let byBytes = SplitMemo(maxEntries: 100, maxBytes: size * 4 + 10)
        for n in 0..<6 { _ = try DeliverySplitter.collect(body(mid: "m_\(n)"), from: .meta, withPayloads: false, memo: byBytes) }
        #expect((0..<6).map { byBytes.split(of: body(mid: "m_\($0)"), from: .meta) != nil } == [false, false, true, true, true, true])

        // Evicting and adding many times over keeps working (the key queue is compacted, never lost).
        for n in 0..<1_000 { _ = try DeliverySplitter.collect(body(mid: "r_\(n)"), from: .meta, withPayloads: false, memo: byCount) }
        #expect((997..<1_000).allSatisfy { byCount.split(of: body(mid: "r_\($0)"), from: .meta) != nil })
        #expect(byCount.split(of: body(mid: "r_996"), from: .meta) == nil)
    }

    @Test func aHugeBodyIsNotRememberedAndPayloadsAreAlwaysCutFresh() throws {
        let memo = SplitMemo(maxEntries: 10, maxBytes: 4_000)
        let huge = body(mid: "m_huge", text: String(repeating: "x", count: 2_000))
        _ = DeliverySplitter.delivery(huge, from: .meta, receivedAt: Date(), memo: memo)
        #expect(memo.split(of: huge, from: .meta) == nil, "one delivery may not push out all the others")

        let small = body(mid: "m_small")
        _ = DeliverySplitter.delivery(small, from: .meta, receivedAt: Date(), memo: memo)
        let withPayloads = try DeliverySplitter.collect(small, from: .meta, withPayloads: true, memo: memo)
        #expect(withPayloads.events.allSatisfy { $0.payload != nil }, "the memo holds splits without payloads; it is not used for these")
    }

    @Test func concurrentRoutesAndThePipelineShareOneMemoSafely() async throws {
        let memo = SplitMemo(maxEntries: 64)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for n in 0..<200 {
                        let bytes = self.body(mid: "m_\(worker)_\(n)")
                        let delivery = DeliverySplitter.delivery(bytes, from: .meta, receivedAt: Date(), memo: memo)
                        guard case .events(let events) = delivery.content else { continue }
                        _ = Normaliser.normalise(events[0], deliveryBody: bytes, source: .meta, memo: memo)
                    }
                }
            }
        }
        let kept = (0..<8).flatMap { worker in (0..<200).map { (worker, $0) } }
            .filter { memo.split(of: body(mid: "m_\($0.0)_\($0.1)"), from: .meta) != nil }
        #expect(kept.count == 64)
    }
}
