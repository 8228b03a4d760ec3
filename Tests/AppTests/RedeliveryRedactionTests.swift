import App
import Connectors
import Domain
import Engagement
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import Storage
import Testing

/// Platforms deliver at least once. A retried delivery's events are duplicates and never reach the pipeline, so
/// the masking that rewrites a processed delivery's raw body never sees the retry: the inbox itself must not keep
/// the retry's clear text.
@Suite struct RedeliveryRedactionTests {
    static let card = "4111 1111 1111 1111"

    /// Every raw body the inbox holds, and every stored message's text.
    static func everythingStored(_ store: any ParleyStore) async throws -> (bodies: [String], texts: [String]) {
        let bodies = try await store.deliveries(Array(1...200)).sorted { $0.key < $1.key }.map { String(decoding: $0.value.body, as: UTF8.self) }
        var texts: [String] = []
        for interaction in try await store.interactions(openOnly: false, assignedTo: nil, limit: 100) {
            texts += try await store.messages(of: interaction.id, after: nil, limit: 100).map(\.text)
        }
        return (bodies, texts)
    }

    @Test func aMaskedMessageDeliveredTwiceWithTheSameSignatureLeavesTheSecretNowhere() async throws {
        let rules = "rules: {list: [{id: cards, match: {detect: [payment_card]}, then: {mask: {keep_last: 4}}}]}"
        let server = try await TestServer.make(extraConfig: """
            workgroups:
              - {id: support, name: Support}
            channels:
              - {id: web, kind: web_messaging, account_id: \(Visitor.channel), name: Acme chat, workgroup: support, \(rules)}
              - {id: fb, kind: messenger, account_id: "\(EngagementAutomationTests.page)", workgroup: support, \(rules)}
            """)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let page = EngagementAutomationTests.page
            let message = TestServer.messengerBody(mid: "m_card", text: "my card is \(Self.card), please refund")
            // A Meta retry: the very same bytes and signature, before and after the first was processed.
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(message),
                                                        body: ByteBuffer(string: message))
                #expect(response.status == .ok)
            }
            _ = try await EngagementAutomationTests.waitForEvents(store) { $0.contains("interaction.queued") }
            let retried = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(message),
                                                   body: ByteBuffer(string: message))
            #expect(try retried.json()["duplicates"] as? Int == 1)
            // An edit adding the card again, redelivered, in a batch with a new message (new and repeated events in one body).
            let millis = 1_767_225_700_000
            let edit = #"{"sender":{"id":"6543210987654321"},"recipient":{"id":"\#(page)"},"timestamp":\#(millis),"message_edit":{"mid":"m_card","text":"card \#(Self.card) again","num_edit":1}}"#
            let other = #"{"sender":{"id":"6543210987654321"},"recipient":{"id":"\#(page)"},"timestamp":\#(millis + 1),"message":{"mid":"m_next","text":"anyone there?"}}"#
            let editAlone = #"{"object":"page","entry":[{"id":"\#(page)","time":\#(millis),"messaging":[\#(edit)]}]}"#
            let editAndNew = #"{"object":"page","entry":[{"id":"\#(page)","time":\#(millis),"messaging":[\#(edit),\#(other)]}]}"#
            for body in [editAlone, editAlone, editAndNew] {
                let response = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body),
                                                        body: ByteBuffer(string: body))
                #expect(response.status == .ok)
            }
            // A web visitor's browser retries with the same Idempotency-Key.
            let visitor = try await Visitor.start(client)
            for _ in 0..<2 { #expect(try await visitor.send("card \(Self.card) for the order", key: "k-1").status == .accepted) }
            _ = try await EngagementAutomationTests.waitForEvents(store) { $0.filter { $0 == "inbound.accepted" }.count >= 4 }
            try await Task.sleep(for: .milliseconds(300))
            let (bodies, texts) = try await Self.everythingStored(store)
            #expect(bodies.count == 8, "every acknowledged delivery keeps its row: \(bodies.count)")
            #expect(!bodies.contains { $0.contains(Self.card) }, "\(bodies.filter { $0.contains(Self.card) })")
            #expect(!texts.contains { $0.contains(Self.card) }, "\(texts)")
            #expect(Set(texts) == ["card •••• •••• •••• 1111 again", "anyone there?", "card •••• •••• •••• 1111 for the order"],
                    "masked, not dropped (the first message shows its edit): \(texts)")
        }
    }

    /// A Messenger delivery carrying these (mid, text) messages from one customer.
    static func messenger(_ messages: [(mid: String, text: String)]) -> Data {
        let page = EngagementAutomationTests.page
        let events = messages.enumerated().map { index, message in
            #"{"sender":{"id":"6543210987654321"},"recipient":{"id":"\#(page)"},"timestamp":\#(1_767_225_600_000 + index),"message":{"mid":"\#(message.mid)","text":"\#(message.text)"}}"#
        }
        return Data(#"{"object":"page","entry":[{"id":"\#(page)","time":1767225600000,"messaging":[\#(events.joined(separator: ","))]}]}"#.utf8)
    }

    @Test func thePipelineMasksRepeatsBesideNewEventsAndLeavesEachOwnEventToItsOwnPass() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-redelivery-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.upsert(Channel(id: "fb", kind: .messenger, accountID: EngagementAutomationTests.page, name: "Page"))
        let cards = try KeywordRuleSet(validating: [KeywordRuleDefinition(
            id: "cards", match: .init(detect: ["payment_card"]), then: .init(mask: .init(keepLast: 4)))])
        let pipeline = IngestPipeline(store: store, clock: SystemClock(), ids: TimeOrderedIDGenerator(), logger: Logger(label: "test"),
                                      rules: ["fb": cards])
        func processor(batch: Int) -> InboxProcessor {
            InboxProcessor(store: store, handler: pipeline, clock: SystemClock(), metrics: NOOPMetricsHandler.instance,
                           logger: Logger(label: "test"), batchSize: batch)
        }
        func commit(_ body: Data) async throws -> Int64 {
            try #require(try await store.commit([DeliverySplitter.delivery(body, from: .meta, receivedAt: Date())]).first).deliveryID
        }
        func body(_ id: Int64) async throws -> String {
            String(decoding: try #require(try await store.deliveries([id])[id]).body, as: UTF8.self)
        }
        let (a, b, c, d) = ("4111 1111 1111 1111", "5555 5555 5555 4444", "4242 4242 4242 4242", "4012 8888 8888 1881")

        let first = try await commit(Self.messenger([("m1", "card \(a)")]))
        #expect(try await processor(batch: 100).processAvailable() == 1)
        #expect(try await !body(first).contains(a))
        // A retried batch with one new message: m1 is stored (with the first delivery) once, m2 is new.
        let mixed = try await commit(Self.messenger([("m1", "card \(a)"), ("m2", "other card \(b)")]))
        #expect(try await processor(batch: 100).processAvailable() == 1)
        let redacted = try await body(mixed)
        #expect(!redacted.contains(a) && !redacted.contains(b), "the repeat is masked with the new event: \(redacted)")
        #expect(redacted.contains("1111") && redacted.contains(#""mid":"m1""#), "masked like the original, ids untouched")

        // Two new events processed in two batches: the second waits for its own pass, when the rules read it as it came.
        let pair = try await commit(Self.messenger([("m3", "card \(c)"), ("m4", "card \(d)")]))
        let slow = processor(batch: 1)
        #expect(try await slow.processAvailable() == 1)
        let halfway = try await body(pair)
        #expect(!halfway.contains(c) && halfway.contains(d), "\(halfway)")
        #expect(try await slow.processAvailable() == 1)
        #expect(try await !body(pair).contains(d))
        let texts = try await RedeliveryRedactionTests.everythingStored(store).texts
        #expect(texts.count == 4 && !texts.contains { [a, b, c, d].contains(where: $0.contains) }, "\(texts)")
    }
}
