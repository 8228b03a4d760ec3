import Domain
import Foundation
import Reporting
import Storage
import Testing

/// Average queue length is the time spent waiting over the time that passed. For the hour still running that is
/// the part of it gone by: a queue of one for the last fifteen minutes is 1.0, not 0.25 diluted by the rest of
/// the hour (the wallboard showed "now 0" beside twelve customers waiting).
@Suite struct QueueLengthTests {
    @Test func theRunningHourIsAveragedOverItsPast() async throws {
        let store = try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("queue-length-\(UUID().uuidString).sqlite").path)
        let queuedAt = try #require(ISO8601DateFormatter().date(from: "2027-03-01T10:00:00Z"))
        let clock = ManualClock(queuedAt)
        let body = InteractionEvent(interactionID: .init("i1"), channelID: .init("web"), workgroupID: .init("support"))
        try await store.append([.interactionCreated(body), .interactionQueued(body)], at: queuedAt)
        let settings = ReportFold.Settings()
        try await ReportProjector.fold(try await store.events(after: 0, limit: 100), after: 0, into: store, settings: settings)
        clock.set(queuedAt + 15 * 60)

        let day = try ReportPeriod(from: LocalDate("2027-03-01")!, through: LocalDate("2027-03-01")!, zone: TimeZone(identifier: "UTC")!, step: .hour)
        let rows = try await ReportQueries(store: store, settings: settings, clock: clock).queuePerformance(day, filter: RollupFilter(), detail: true)
        let running = try #require(rows.first { $0.interval?.hasSuffix("10:00") == true }, "\(rows.map(\.interval))")
        #expect(running.waiting == 1 && running.waitingMs == 15 * 60_000)
        #expect(running.averageQueueLength == 1.0)

        // The whole day so far: 15 minutes of waiting over 10 h 15 min.
        let summary = try #require(try await ReportQueries(store: store, settings: settings, clock: clock)
            .queuePerformance(day, filter: RollupFilter(), detail: false).first)
        #expect(summary.averageQueueLength == 0.02)
    }
}
