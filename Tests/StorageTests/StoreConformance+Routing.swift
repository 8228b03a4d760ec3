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
