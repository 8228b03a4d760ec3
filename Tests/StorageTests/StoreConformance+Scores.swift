import Domain
import Foundation
import Storage
import Testing

/// The content analyzer's scores on an interaction: stored, read back by every interaction read, kept by later
/// state changes, and cleared one by one.
extension StoreConformance {
    static func interactionScoresAreStoredAndReadBack(_ store: any ParleyStore) async throws {
        let ids = SequentialIDGenerator(prefix: "sc")
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let first = try await store.ingest(message("s1", text: "¿dónde está mi pedido?", at: start), channelID: "c1", inactivityTimeout: 3600,
                                           at: start, ids: ids)
        let fresh = try #require(try await store.interaction(first.interactionID))
        #expect(fresh.scores == Interaction.Scores(), "nothing is scored before the analyzer runs")

        let scores = Interaction.Scores(actionability: 0.91, sentiment: -0.42, influence: 42.857142857142854, category: "delivery", language: "es")
        try await store.setScores(first.interactionID, scores)
        let scored = try #require(try await store.interaction(first.interactionID))
        #expect(scored.scores == scores)
        #expect(scored.updatedAt == fresh.updatedAt && scored.state == fresh.state, "scoring is not a change of the interaction")
        #expect(try await store.interactions(openOnly: true, assignedTo: nil, limit: 10).first?.scores == scores)
        #expect(try await store.history(of: first.contactID, before: nil, limit: 10).first?.scores == scores)

        let closed = try #require(try await store.closeUnhandled(first.interactionID, outcome: .nonActionable, at: start + 1))
        #expect(closed.scores == scores, "closing keeps the scores")

        let partial = Interaction.Scores(actionability: 0.2, language: "en")
        try await store.setScores(first.interactionID, partial)
        #expect(try await store.interaction(first.interactionID)?.scores == partial, "nil clears a score")

        await #expect(throws: StoreError.notFound("interaction no-such")) {
            try await store.setScores("no-such", scores)
        }
    }
}
