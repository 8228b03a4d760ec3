import Domain
import Foundation
import Storage
import Testing

/// Routing's records: explanations kept per interaction, transfers with their note and event, priority.
extension StoreConformance {
    static func routingExplanationsTransfersAndPriorityAreRecorded(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let held = try await heldInteraction(store, id: "rt1", at: start)
        let explanation = #"{"candidates":[{"agent":"agent-1","idleSeconds":12,"load":0,"proficiency":4}],"eligible":1,"rule":"most_skilled_then_longest_idle"}"#
        try await store.recordRouting([.explained(held, agent: agent, decision: "offer", rule: "most_skilled_then_longest_idle", explanation: explanation),
                                       .explained("no-such-interaction", agent: agent, decision: "offer", rule: "x", explanation: "{}")], at: start + 1)
        let decisions = try await store.routingDecisions(for: held)
        #expect(decisions.count == 1)
        #expect(decisions.first?.explanation == explanation && decisions.first?.rule == "most_skilled_then_longest_idle")
        #expect(decisions.first?.decidedAt == start + 1)
        #expect(try await store.routingDecisions(for: "no-such-interaction").isEmpty, "an explanation for an unknown interaction is dropped")

        let before = try await store.events(after: 0, limit: 1000).last?.position ?? 0
        try await store.recordRouting([.transferred(held, from: agent, toAgent: nil, toWorkgroup: "billing", note: "needs a refund ✓"),
                                       .priorityChanged(held, 80)], at: start + 2)
        let moved = try #require(try await store.interaction(held))
        #expect(moved.state == .queued && moved.assignedAgentID == nil && moved.workgroupID == "billing" && moved.priority == 80)
        let events = try await store.events(after: before, limit: 100).map(\.event)
        guard case .interactionTransferred(let body)? = events.first else { Issue.record("expected interaction.transferred, got \(events)"); return }
        #expect(body.fromAgentID == agent && body.toWorkgroupID == "billing" && body.note == "needs a refund ✓")
        #expect(events.count == 2, "transferred, then queued")
    }
}

extension StoreConformance {
    static func lastAgentsAndReservationsAreKept(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let served = try await heldInteraction(store, id: "la1", from: "psid-la", at: start)
        let contact = try #require(try await store.interaction(served)).contactID
        #expect(try await store.lastAgent(of: contact, excluding: "other", since: start - 60) == agent)
        #expect(try await store.lastAgent(of: contact, excluding: served, since: start - 60) == nil, "its own interaction does not count")
        #expect(try await store.lastAgent(of: contact, excluding: "other", since: start + 60) == agent, "serving them now counts, whatever the window")
        // Two hours of silence close it for inactivity: it counts from its last message, not from its closing.
        let later = try await store.ingest(message("la1b", from: "psid-la", at: start + 7200), channelID: "c1", inactivityTimeout: 3600,
                                           at: start + 7200, ids: SequentialIDGenerator(prefix: "i-la1b"))
        #expect(later.closedInteractionID == served)
        #expect(try await store.lastAgent(of: contact, excluding: later.interactionID, since: start - 60) == agent)
        #expect(try await store.lastAgent(of: contact, excluding: later.interactionID, since: start + 3600) == nil, "outside the window")

        // Only offered, never accepted: that agent did not serve the customer.
        let ringing = try await store.ingest(message("la2", from: "psid-lb", at: start), channelID: "c1", inactivityTimeout: 3600, at: start,
                                             ids: SequentialIDGenerator(prefix: "i-la2"))
        try await store.recordRouting([.queued(ringing.interactionID, workgroup: nil), .offered(ringing.interactionID, to: agent)], at: start)
        let ringingContact = try #require(try await store.interaction(ringing.interactionID)).contactID
        #expect(try await store.lastAgent(of: ringingContact, excluding: "other", since: start - 60) == nil)

        // A reservation is kept while the interaction is queued, and ends with its next move.
        try await store.recordRouting([.requeued(ringing.interactionID, from: agent),
                                       .reserved(ringing.interactionID, agent: agent, until: start + 120, rule: "transfer"),
                                       .reserved(served, agent: agent, until: start + 120, rule: "transfer")], at: start + 1)
        var reservations = try await store.routingSnapshot().reservations
        #expect(reservations == [StoredReservation(interactionID: ringing.interactionID, agentID: agent, until: start + 120, rule: "transfer")],
                "only a queued interaction can wait for an agent")
        try await store.recordRouting([.offered(ringing.interactionID, to: agent)], at: start + 2)
        #expect(try await store.routingSnapshot().reservations.isEmpty, "offered: the reservation is over")
        try await store.recordRouting([.requeued(ringing.interactionID, from: agent),
                                       .reserved(ringing.interactionID, agent: agent, until: start + 150, rule: "last_agent")], at: start + 3)
        reservations = try await store.routingSnapshot().reservations
        #expect(reservations.map(\.rule) == ["last_agent"])
        try await store.recordRouting([.reservationEnded(ringing.interactionID)], at: start + 4)
        #expect(try await store.routingSnapshot().reservations.isEmpty)
        #expect(try await store.interaction(ringing.interactionID)?.state == .queued)
    }
}
