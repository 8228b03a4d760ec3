import Domain
import Foundation
import Reporting
import Storage
import Synchronization
import Testing

/// The wallboard reads several roll-ups apart; a fold landing between them must not show a customer waiting whose
/// message is not counted yet.
@Suite struct WallboardConsistencyTests {
    /// A report store where a fold lands right after the first channel roll-up is read, and the open interactions
    /// are read only once it has.
    final class FoldBetweenReads: ReportStore {
        let inner: SQLiteStore
        let settings: ReportFold.Settings
        let folded: AsyncStream<Void>
        let fold: AsyncStream<Void>.Continuation
        let channelReads = Mutex(0)
        let hasFolded = Mutex(false)

        init(_ inner: SQLiteStore, settings: ReportFold.Settings) {
            self.inner = inner
            self.settings = settings
            (folded, fold) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        }

        func channelRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [ChannelQueueRow] {
            let rows = try await inner.channelRollup(ranges, filter: filter)
            if channelReads.withLock({ $0 += 1; return $0 }) == 1 {
                let position = try await inner.reportPosition()
                try await ReportProjector.fold(try await inner.events(after: position, limit: 100), after: position, into: inner, settings: settings)
                hasFolded.withLock { $0 = true }
                fold.yield()
            }
            return rows
        }

        func openInteractions() async throws -> [InteractionFacts] {
            if !hasFolded.withLock({ $0 }) {
                var waitForTheFold = folded.makeAsyncIterator()
                _ = await waitForTheFold.next()
            }
            return try await inner.openInteractions()
        }

        func reportPosition() async throws -> Int64 { try await inner.reportPosition() }
        func reportFacts(interactions: [String], agents: [String]) async throws -> (facts: [InteractionFacts], agents: [AgentLive]) {
            try await inner.reportFacts(interactions: interactions, agents: agents)
        }
        func applyReport(_ changes: ReportChanges, expected: Int64) async throws { try await inner.applyReport(changes, expected: expected) }
        func reportSettings() async throws -> String { try await inner.reportSettings() }
        func resetReports(settings: String) async throws { try await inner.resetReports(settings: settings) }
        func queueRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalQueueRow] { try await inner.queueRollup(ranges, filter: filter) }
        func agentRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalAgentRow] { try await inner.agentRollup(ranges, filter: filter) }
        func stateRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalStateRow] { try await inner.stateRollup(ranges, filter: filter) }
        func wrapUpRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalWrapUpRow] {
            try await inner.wrapUpRollup(ranges, filter: filter)
        }
        func interactionFacts(fromMs: Int64, toMs: Int64, filter: RollupFilter, after: (Int64, String)?, limit: Int) async throws -> [InteractionFacts] {
            try await inner.interactionFacts(fromMs: fromMs, toMs: toMs, filter: filter, after: after, limit: limit)
        }
        func handlingAttempts(fromMs: Int64, toMs: Int64, filter: RollupFilter, limit: Int) async throws -> [HandlingAttempt] {
            try await inner.handlingAttempts(fromMs: fromMs, toMs: toMs, filter: filter, limit: limit)
        }
        func openVisits() async throws -> [InteractionFacts] { try await inner.openVisits() }
        func scoredInteractions(fromMs: Int64, toMs: Int64) async throws -> [ScoredInteraction] { try await inner.scoredInteractions(fromMs: fromMs, toMs: toMs) }
        func agentClocks() async throws -> [AgentLive] { try await inner.agentClocks() }
    }

    @Test func aCustomerWaitingIsShownWithTheMessageThatBroughtThem() async throws {
        let sqlite = try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("wallboard-\(UUID().uuidString).sqlite").path)
        let clock = ManualClock()
        let interaction = Interaction.ID("i1")
        let body = InteractionEvent(interactionID: interaction, channelID: .init("web"), workgroupID: .init("support"))
        try await sqlite.append([.interactionCreated(body),
                                 .messageReceived(MessageEvent(messageID: .init("m1"), interactionID: interaction, channelID: .init("web"), visibility: .private)),
                                 .interactionQueued(body)], at: clock.now())
        let settings = ReportFold.Settings()
        let store = FoldBetweenReads(sqlite, settings: settings)
        let board = try await ReportQueries(store: store, settings: settings, clock: clock)
            .wallboard(zone: TimeZone(identifier: "UTC")!, directory: WallboardDirectory(workgroups: [("support", "Support")], agents: [],
                                                                                         channelKinds: ["web": .webMessaging]), rules: [])
        let web = try #require(board.platforms.first { $0.platform == Platform.web.rawValue })
        #expect(web.waiting == 1)
        #expect(web.inbound == 1, "the message that brought the waiting customer is counted on the same board")
        #expect(board.workgroups.first { $0.id == "support" }?.waiting == 1)
    }
}
