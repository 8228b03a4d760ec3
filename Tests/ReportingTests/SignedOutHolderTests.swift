import Domain
import Foundation
import Reporting
import Storage
import Testing

/// An agent signed out while holding a conversation: it goes back to the queue, and the agent's handling of it ends
/// there. The fold took the return for a revoked offer, so the agent kept it as load (busy on the wallboard, busy
/// time running in the reports while signed out) and a "revoked offer" was counted that never rang.
@Suite struct SignedOutHolderTests {
    @Test func aHeldInteractionTakenBackEndsTheAgentsHandling() async throws {
        let store = try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("signed-out-\(UUID().uuidString).sqlite").path)
        let start = try #require(ISO8601DateFormatter().date(from: "2027-03-01T10:00:00Z"))
        let ann = User.ID("ann"), id = Interaction.ID("i1")
        let body = InteractionEvent(interactionID: id, channelID: .init("web"), workgroupID: .init("support"))
        let held = InteractionAgentEvent(interactionID: id, agentID: ann, workgroupID: .init("support"))
        try await store.append([.agentStateChanged(AgentStateChanged(agentID: ann, state: .ready)), .interactionCreated(body), .interactionQueued(body)],
                               at: start)
        try await store.append([.interactionOffered(held)], at: start + 5)
        try await store.append([.interactionAccepted(held)], at: start + 10)
        // Signed out 60 s into the conversation: what the store records when routing takes it back.
        try await store.append([.interactionOfferRevoked(held), .interactionQueued(body), .agentStateChanged(AgentStateChanged(agentID: ann, state: .loggedOut))],
                               at: start + 70)
        let settings = ReportFold.Settings()
        try await ReportProjector.fold(try await store.events(after: 0, limit: 100), after: 0, into: store, settings: settings)

        let clock = ManualClock(start + 600)
        let day = try ReportPeriod(from: LocalDate("2027-03-01")!, through: LocalDate("2027-03-01")!, zone: TimeZone(identifier: "UTC")!, step: .day)
        let row = try #require(try await ReportQueries(store: store, settings: settings, clock: clock)
            .agentPerformance(day, filter: RollupFilter(), detail: false).first { $0.agent == "ann" })
        #expect(row.busyMs == 60_000, "busy while holding it, not while signed out")
        #expect(row.handled == 1 && row.averageHandleMs == 60_000)
        #expect(row.offers == 1 && row.accepted == 1 && row.revoked == 0)
        let open = try await store.openInteractions()
        #expect(open.map(\.segmentAgent) == [nil], "nobody holds it")
        #expect(open.map(\.visitWorkgroup) == ["support"], "it waits in the queue again")
    }
}
