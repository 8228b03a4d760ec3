import Foundation
import Testing

@testable import Domain

@Suite struct DomainTests {
    @Test func shippedCodesMatchTheReferenceSystem() {
        #expect(WrapUpCode.defaults.map(\.name) == ["Cross Sell", "Need Follow Up", "Not Right Skill", "Processed", "Terminated", "Transferred", "Up Sell"])
        #expect(NotReadyReason.defaults.map(\.name) == ["Admin Work", "Lunch", "Meeting", "Pause", "RONA", "Training"])
        #expect(WrapUpCode.defaults.map(\.id.rawValue).contains("need-follow-up"))
    }

    @Test func slugsAreLowercaseWordsJoinedByDashes() {
        #expect(slug("Need Follow Up") == "need-follow-up")
        #expect(slug("  Über  Café!! 24/7 ") == "ber-caf-24-7")
        #expect(slug("") == "")
    }

    @Test func channelKeysRoundTripThroughText() {
        let key = ChannelKey(kind: .whatsapp, accountID: "106540352242922")
        #expect(key.description == "whatsapp:106540352242922")
        #expect(ChannelKey(key.description) == key)
        #expect(ChannelKey("open:acme:with:colons")?.accountID == "acme:with:colons")
        #expect(ChannelKey("fax:123") == nil)
    }

    @Test func everyEventTypeRoundTripsThroughItsStoredForm() throws {
        let events: [DomainEvent] = [
            .inboundAccepted(InboundAccepted(inboxEventID: 7, channel: "line:U1", category: .message, occurredAt: Date(timeIntervalSince1970: 5))),
            .messageReceived(MessageEvent(messageID: "m", interactionID: "i", channelID: "c", visibility: .public)),
            .messageSent(MessageEvent(messageID: "m", interactionID: "i", channelID: "c", visibility: .private, agentID: "a",
                                      threadKey: "conversation:web:demo:v1")),
            .messageFailed(MessageFailed(messageID: "m", interactionID: "i", reason: "window closed", agentID: "a")),
            .interactionCreated(InteractionEvent(interactionID: "i", channelID: "c")),
            .interactionQueued(InteractionEvent(interactionID: "i", channelID: "c", workgroupID: "w")),
            .interactionOffered(InteractionAgentEvent(interactionID: "i", agentID: "a")),
            .interactionAccepted(InteractionAgentEvent(interactionID: "i", agentID: "a")),
            .interactionRejected(InteractionAgentEvent(interactionID: "i", agentID: "a")),
            .interactionRONA(InteractionAgentEvent(interactionID: "i", agentID: "a")),
            .interactionOfferRevoked(InteractionAgentEvent(interactionID: "i", agentID: "a", workgroupID: "w")),
            .interactionAutoClosed(InteractionAgentEvent(interactionID: "i", agentID: "a")),
            .interactionTransferred(InteractionTransferred(interactionID: "i", fromAgentID: "a", toAgentID: nil, toWorkgroupID: "w")),
            .interactionWrappedUp(InteractionWrappedUp(interactionID: "i", agentID: "a", code: "processed")),
            .interactionAbandoned(InteractionEvent(interactionID: "i", channelID: "c")),
            .interactionDeflected(InteractionEvent(interactionID: "i", channelID: "c")),
            .interactionAutoReplied(AutoReplied(interactionID: "i", channelID: "c", messageID: "m", reason: "outside_hours", period: "cal:from-1")),
            .interactionNonActionable(InteractionEvent(interactionID: "i", channelID: "c", workgroupID: "w")),
            .calendarEmergencyChanged(EmergencyChanged(calendarID: "cal", enabled: true, message: "Outage")),
            .interactionWindowUrgency(WindowUrgencyChanged(interactionID: "i1", channelID: "wa", level: "closing",
                                                           closesAt: Date(timeIntervalSince1970: 1_790_000_000), flag: "closes in 47 min")),
            .messageStatusChanged(MessageStatusChanged(messageID: "m1", interactionID: "i1", status: .read, agentID: "u1")),
            .messageEdited(MessageChanged(messageID: "m1", interactionID: "i1", agentID: "u1")),
            .messageRemoved(MessageChanged(messageID: "m1", interactionID: "i1")),
            .messageHidden(MessageChanged(messageID: "m2", interactionID: "i1", agentID: "u1")),
            .messageUnhidden(MessageChanged(messageID: "m2", interactionID: "i2")),
            .messageReacted(MessageChanged(messageID: "m2", interactionID: "i2", agentID: "u1", reaction: "❤")),
            .interactionActionTaken(ActionTaken(interactionID: "i1", channelID: "x", actionID: "a1", action: .retweet, target: "1460323737035677698")),
            .interactionNoteAdded(NoteAdded(noteID: "n1", interactionID: "i1", authorID: "sup", agentID: "u1")),
            .contactMerged(ContactMergeEvent(mergeID: "mg", absorbedID: "c2", keptID: "c1", userID: "a",
                                             identities: ["facebook:page:psid"], interactions: ["i"])),
            .contactUnmerged(ContactMergeEvent(mergeID: "mg", absorbedID: "c2", keptID: "c1", userID: "admin", identities: [], interactions: [])),
            .contactFollowed(FollowChanged(channel: "x:2244994945", person: "1850000000000000777", contactID: "c1", interactions: ["i1"],
                                           agentIDs: ["u1"])),
            .contactUnfollowed(FollowChanged(channel: "line:U1", person: "Uabc", contactID: nil)),
            .agentStateChanged(AgentStateChanged(agentID: "a", state: .notReady, reason: "lunch")),
            .outboundSent(OutboundResult(outboxID: 1, channel: "x:1", idempotencyKey: "k", attempts: 1, platformMessageID: "p")),
            .outboundFailed(OutboundResult(outboxID: 1, channel: "x:1", idempotencyKey: "k", attempts: 3, reason: "gone")),
            .outboundDenied(OutboundResult(outboxID: 1, channel: "x:1", idempotencyKey: "k", attempts: 1, reason: "policy")),
        ]
        #expect(Set(events.map(\.type)) == Set(EventType.allCases), "every type in the catalog is covered")
        for event in events {
            let decoded = try DomainEvent(type: event.type.rawValue, version: DomainEvent.schemaVersion, body: event.encodedBody())
            #expect(decoded == event)
        }
        #expect(throws: DomainEvent.DecodingFailure.self) { try DomainEvent(type: "nope", version: 1, body: Data("{}".utf8)) }
        #expect(throws: DomainEvent.DecodingFailure.self) { try DomainEvent(type: "message.sent", version: 99, body: Data("{}".utf8)) }
    }

    @Test func calendarSpecialDaysOverrideTheWeek() throws {
        // Weekdays 9:00–17:00 in Paris; Christmas closed; Christmas Eve open 9:00–12:00.
        let weekdays = Dictionary(uniqueKeysWithValues: (2...6).map { ($0, [OpeningSpan(start: 9 * 60, end: 17 * 60)]) })
        let calendar = BusinessCalendar(id: "fr", name: "France", timeZone: "Europe/Paris", weekly: weekdays, specialDays: [
            SpecialDay(date: LocalDate(year: 2026, month: 12, day: 25), name: "Christmas"),
            SpecialDay(date: LocalDate(year: 2026, month: 12, day: 24), name: "Christmas Eve", open: [OpeningSpan(start: 9 * 60, end: 12 * 60)]),
        ])
        func at(_ text: String) throws -> Date { try Date(text, strategy: .iso8601) }
        #expect(calendar.status(at: try at("2026-12-22T08:30:00Z")) == .open)      // Tue 09:30 Paris
        #expect(calendar.status(at: try at("2026-12-22T16:30:00Z")) == .closed)    // Tue 17:30 Paris
        #expect(calendar.status(at: try at("2026-12-26T10:00:00Z")) == .closed)    // Saturday
        #expect(calendar.status(at: try at("2026-12-25T10:00:00Z")) == .specialDay(name: "Christmas"))
        #expect(calendar.status(at: try at("2026-12-24T10:00:00Z")) == .open)      // 11:00 Paris
        #expect(calendar.status(at: try at("2026-12-24T12:00:00Z")) == .specialDay(name: "Christmas Eve"))
    }

    @Test func threadKeysSayWhetherTheyArePublic() {
        #expect(ThreadKey.comment(postID: "p", commentID: "c").visibility == .public)
        #expect(ThreadKey.conversation(customer: Identity.Key(platform: .line, scope: "prov", id: "U1")).visibility == .private)
        #expect(ThreadKey.conversation(customer: Identity.Key(platform: .line, scope: "prov", id: "U1")).description == "conversation:line:prov:U1")
        #expect(CapacityClass.of(kind: .webMessaging, visibility: .private) == .webMessaging)
        #expect(CapacityClass.of(kind: .x, visibility: .public) == .publicSocial)
    }

    @Test func timeOrderedIdentifiersSortByCreation() {
        let clock = ManualClock()
        let ids = TimeOrderedIDGenerator(clock: clock)
        let first = ids.make()
        clock.advance(by: 0.002)
        let second = ids.make()
        #expect(first.count == 32 && second.count == 32)
        #expect(first < second)
    }
}

@Suite struct DeliveryStatusTests {
    @Test func receiptsOnlyMoveStatusesForward() {
        #expect(Message.DeliveryStatus.sent.advances(to: .delivered) && Message.DeliveryStatus.delivered.advances(to: .read))
        #expect(Message.DeliveryStatus.pending.advances(to: .read), "a read receipt may overtake the send's own answer")
        #expect(!Message.DeliveryStatus.read.advances(to: .delivered) && !Message.DeliveryStatus.read.advances(to: .read))
        #expect(Message.DeliveryStatus.sent.advances(to: .failed) && !Message.DeliveryStatus.delivered.advances(to: .failed))
        #expect(!Message.DeliveryStatus.failed.advances(to: .read) && !Message.DeliveryStatus.received.advances(to: .read),
                "failed stays failed; inbound messages have no receipts")
    }
}
