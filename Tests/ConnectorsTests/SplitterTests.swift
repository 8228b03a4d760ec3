import Domain
import Foundation
import Testing

@testable import Connectors

@Suite struct SplitterTests {
    @Test func metaBatchedEntriesSplitIntoOneEventPerEntryEventWithRepeatedMidSharingItsKey() throws {
        let events = try DeliverySplitter.split(Fixture.data("meta_batched.json"), from: .meta)
        #expect(events.count == 4)
        #expect(events.allSatisfy { $0.channel == ChannelKey(kind: .messenger, accountID: "103149398319188") })
        #expect(events[0].dedupeKey == events[1].dedupeKey)
        #expect(Set(events.map(\.dedupeKey)).count == 3)
        #expect(events.map(\.category) == [.message, .message, .echo, .receipt])
        #expect(events[0].occurredAt == Date(timeIntervalSince1970: 1_518_479_195.308))
    }

    /// A platform time out of any sensible range (a hostile `1e300`, twenty nines) counts as no time: it once reached
    /// the reply-window text, whose Int conversion trapped and took the server down at every start.
    @Test func timesOutOfRangeCountAsNoTime() throws {
        let messenger = #"{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1e300,"message":{"mid":"m1","text":"hi"}}]}]}"#
        #expect(try DeliverySplitter.split(Data(messenger.utf8), from: .meta).map(\.occurredAt) == [nil])
        let whatsapp = #"{"object":"whatsapp_business_account","entry":[{"id":"9","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"106540352242922"},"messages":[{"from":"4","id":"wamid.1","timestamp":"99999999999999999999","type":"text","text":{"body":"hi"}}]}}]}]}"#
        #expect(try DeliverySplitter.split(Data(whatsapp.utf8), from: .meta).map(\.occurredAt) == [nil])
        let negative = messenger.replacingOccurrences(of: "1e300", with: "-5")
        #expect(try DeliverySplitter.split(Data(negative.utf8), from: .meta).map(\.occurredAt) == [nil])
        let fine = messenger.replacingOccurrences(of: "1e300", with: "1767225600000")
        #expect(try DeliverySplitter.split(Data(fine.utf8), from: .meta).map(\.occurredAt) == [Date(timeIntervalSince1970: 1_767_225_600)])
    }

    @Test func metaFeedChangesAreKeyedByCommentVerbAndTime() throws {
        let events = try DeliverySplitter.split(Fixture.data("meta_feed.json"), from: .meta)
        #expect(events.map(\.category) == [.message, .echo, .reaction, .messageChange])
        #expect(events[0].dedupeKey == "feed:244445617083583_1122334455:add:1608952528")
        #expect(events[3].dedupeKey == "feed:244445617083583_1122334455:remove:1608952600")
        #expect(events[0].channel.kind == .facebookPage)
        #expect(events[0].occurredAt == Date(timeIntervalSince1970: 1_608_952_528))
    }

    @Test func whatsappMessagesAndStatusesAreSeparateEventsOnThePhoneNumberChannel() throws {
        let events = try DeliverySplitter.split(Fixture.data("whatsapp_mixed.json"), from: .meta)
        #expect(events.count == 4)
        #expect(events.allSatisfy { $0.channel == ChannelKey(kind: .whatsapp, accountID: "106540352242922") })
        #expect(events[0].dedupeKey == events[1].dedupeKey)
        #expect(events[2].dedupeKey == "status:wamid.OUT1:read")
        #expect(events[3].dedupeKey == "status:wamid.OUT1:delivered")
        #expect(events.map(\.index) == [0, 1, 2, 3])
        #expect(events.allSatisfy { $0.payload == nil }, "payloads are not cut out on the acknowledgement path")
        let json = try #require(DeliverySplitter.payload(of: Fixture.data("whatsapp_mixed.json"), from: .meta, index: 2))
        let payload = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(payload["contacts"] != nil, "the customer's profile travels with each event")
        #expect((payload["status"] as? [String: Any])?["status"] as? String == "read")
    }

    @Test func xDirectMessagesFromOurAccountAreEchoes() throws {
        let events = try DeliverySplitter.split(Fixture.data("x_dm_and_echo.json"), from: .x)
        #expect(events.map(\.category) == [.message, .echo, .relationship])
        #expect(events[0].dedupeKey == "dm:1582838499983564806")
        #expect(events[2].dedupeKey.hasPrefix("sha256:"))
    }

    @Test func lineRedeliveryKeepsTheWebhookEventIDAsKey() throws {
        let events = try DeliverySplitter.split(Fixture.data("line_redelivery.json"), from: .line)
        #expect(events.map(\.dedupeKey) == ["event:01FZ74A0TDDPYRVKNK77XKC3ZR", "event:01FZ74A0TDDPYRVKNK77XKC3ZS"])
        #expect(events.map(\.category) == [.message, .relationship])
    }

    @Test func lineVerificationWithNoEventsYieldsNothing() throws {
        let events = try DeliverySplitter.split(Data(#"{"destination":"Uabc","events":[]}"#.utf8), from: .line)
        #expect(events.isEmpty)
    }

    @Test func splittingWithPayloadsGivesTheSameKeysInTheSameOrder() throws {
        for (name, source) in [("meta_batched.json", WebhookSource.meta), ("meta_feed.json", .meta), ("x_dm_and_echo.json", .x),
                               ("line_redelivery.json", .line), ("open_message.json", .open)] {
            let body = try Fixture.data(name)
            let fast = try DeliverySplitter.split(body, from: source)
            let full = try DeliverySplitter.split(body, from: source, withPayloads: true)
            #expect(fast.map(\.dedupeKey) == full.map(\.dedupeKey), "\(name)")
            #expect(full.allSatisfy { $0.payload != nil }, "\(name)")
        }
    }

    @Test func eventsWithoutAnIDGetTheSameContentHashEveryTime() throws {
        let body = Data(#"{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":5,"read":{"watermark":4}}]}]}"#.utf8)
        let first = try DeliverySplitter.split(body, from: .meta)
        let again = try DeliverySplitter.split(body, from: .meta)
        #expect(first[0].dedupeKey == again[0].dedupeKey)
        #expect(first[0].dedupeKey.hasPrefix("sha256:"))
    }

    @Test(arguments: [
        ("not json", WebhookSource.meta), ("[1,2]", .meta), (#"{"entry":[]}"#, .meta), (#"{"object":"page"}"#, .meta),
        (#"{"events":[]}"#, .line), (#"{"direct_message_events":[]}"#, .x), (#"{"text":"hi"}"#, .open),
        (#"{"version":2,"type":"message"}"#, .open),
    ])
    func unparseableBodiesBecomePoison(body: String, source: WebhookSource) {
        let delivery = DeliverySplitter.delivery(Data(body.utf8), from: source, receivedAt: Date())
        guard case .poison(let reason) = delivery.content else {
            Issue.record("expected poison for \(body)")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test func unknownMetaObjectsAreKeptAsUnknownEvents() throws {
        let events = try DeliverySplitter.split(Data(#"{"object":"permissions","entry":[{"id":"9","changes":[]}]}"#.utf8), from: .meta)
        #expect(events.map(\.category) == [.unknown])
    }
}
