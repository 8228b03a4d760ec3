import Domain
import Foundation
import Storage
import Testing

/// Engagement's records: calendars with their emergency switch, one automatic answer per contact per closure
/// period, interactions held out of routing, and interactions closed without an agent.
extension StoreConformance {
    static func automaticAnswersHoldsAndCalendarsAreKept(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let ids = SequentialIDGenerator(prefix: "au")
        var calendar = BusinessCalendar(id: "support", name: "Support", timeZone: "Europe/Madrid")
        calendar.emergency.message = "Outage"
        try await store.upsert(calendar)
        let switched = try await store.setEmergency(of: "support", enabled: true, message: nil, at: start)
        #expect(switched.emergency.enabled && switched.emergency.since == start && switched.emergency.message == "Outage")
        let again = try await store.setEmergency(of: "support", enabled: true, message: "Still down", at: start + 60)
        #expect(again.emergency.since == start, "switching on twice keeps when it began")
        #expect(try await store.calendars().first?.emergency.message == "Still down")
        await #expect(throws: StoreError.self) { try await store.setEmergency(of: "nowhere", enabled: true, message: nil, at: start) }

        let first = try await store.ingest(message("au1", from: "psid-au", at: start), channelID: "c1", inactivityTimeout: 3600, at: start, ids: ids)
        let answer = NewAutoReply(interactionID: first.interactionID, contactID: first.contactID, period: "support:from-1", reason: "emergency",
                                  text: "Outage 🚧", visibility: .private, delivery: nil)
        let sent = try #require(try await store.autoReply(answer, at: start + 1, ids: ids))
        #expect(sent.direction == .outbound && sent.agentID == nil && sent.text == "Outage 🚧" && sent.deliveryStatus == .sent)
        #expect(try await store.autoReply(answer, at: start + 2, ids: ids) == nil, "the same contact and period: no second answer")
        var other = answer
        other.period = "support:from-2"
        #expect(try await store.autoReply(other, at: start + 3, ids: ids) != nil, "a new period is answered again")
        let types = try await store.events(after: 0, limit: 1000).map(\.event.type.rawValue)
        #expect(types.filter { $0 == "interaction.auto_replied" }.count == 2 && types.contains("calendar.emergency_changed"))

        // Held: out of routing's snapshot until released.
        try await store.hold(first.interactionID, until: start + 3600, reason: "emergency", at: start)
        #expect(try await store.heldInteractions() == [HeldInteraction(interactionID: first.interactionID, until: start + 3600, reason: "emergency")])
        #expect(!(try await store.routingSnapshot().interactions.contains { $0.id == first.interactionID }))
        #expect(try await store.release(first.interactionID))
        #expect(!(try await store.release(first.interactionID)))
        #expect(try await store.routingSnapshot().interactions.contains { $0.id == first.interactionID })

        // Closed without an agent: deflected or non-actionable, once.
        try await store.hold(first.interactionID, until: nil, reason: "outside_hours", at: start)
        let closed = try #require(try await store.closeUnhandled(first.interactionID, outcome: .deflected, at: start + 5))
        #expect(closed.state == .closed && closed.outcome == .deflected && closed.closedAt == start + 5)
        #expect(try await store.closeUnhandled(first.interactionID, outcome: .nonActionable, at: start + 6) == nil)
        #expect(try await store.heldInteractions().isEmpty, "closing ends the hold")
        #expect(try await store.events(after: 0, limit: 1000).map(\.event.type.rawValue).filter { $0 == "interaction.deflected" }.count == 1)
    }
}
