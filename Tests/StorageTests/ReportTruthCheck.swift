import Domain
import Foundation
@testable import Reporting
import Storage
import Testing

/// Every report against the workload's ground truth, on any store: the expected figures are computed here
/// straight from what the workload decided (visits, segments, shifts), not from events.
enum ReportTruthCheck {
    /// 2027-03-24 00:00 UTC: the range crosses Europe's spring-forward night (2027-03-28) and many midnights.
    static let shape = ReportWorkload.Shape(interactions: 3_000, days: 8, agents: 20, workgroups: 5, channels: 4, startMs: 1_805_846_400_000, seed: 7)
    /// Each channel's default workgroup is its first: messages before the interaction queues count there. The day
    /// grain is kept in Berlin's days (one of them 23 hours long); the other zones read those days where whole
    /// ones fall inside an interval (weeks, months) and hours and quarters around them.
    static let settings = ReportFold.Settings(channelWorkgroups: Dictionary(uniqueKeysWithValues: (0..<shape.channels).map { index in
        ("ch\(index)", "wg\(ReportWorkload(shape).workgroups(ofChannel: index)[0])")
    }), timeZone: TimeZone(identifier: "Europe/Berlin")!)

    static func channelWorkgroup(_ channel: String) -> String { settings.channelWorkgroups[channel] ?? "*" }

    static func fill(_ store: any ReportStore, chunk: Int = 700) async throws -> ReportTruth {
        var batches: [[LoggedEvent]] = []
        let truth = await ReportWorkload(shape).run(truth: true) { batches.append($0) }
        var position: Int64 = 0
        for batch in batches {
            for start in stride(from: 0, to: batch.count, by: chunk) {
                let part = Array(batch[start..<min(start + chunk, batch.count)])
                try await ReportProjector.fold(part, after: position, into: store, settings: settings)
                position = part.last!.position
            }
        }
        return truth
    }

    static let cases: [(zone: String, from: String, through: String, step: ReportPeriod.Step)] = [
        ("Europe/Berlin", "2027-03-24", "2027-04-01", .day),
        ("Europe/Berlin", "2027-03-28", "2027-03-28", .quarterHour),
        ("Europe/Berlin", "2027-03-22", "2027-04-04", .week),
        ("Asia/Kolkata", "2027-03-23", "2027-04-01", .day),
        ("Asia/Kolkata", "2027-03-26", "2027-03-26", .hour),
        ("America/St_Johns", "2027-03-20", "2027-04-03", .week),
        ("UTC", "2027-03-01", "2027-04-30", .month),
    ]

    static func run(_ store: any ReportStore) async throws {
        let truth = try await fill(store)
        try await check(store, truth)
    }

    static func check(_ store: any ReportStore, _ truth: ReportTruth) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: Double(truth.lastMs) / 1000 + 3_600))
        let queries = ReportQueries(store: store, settings: settings, clock: clock)
        for item in cases {
            let period = try ReportPeriod(from: LocalDate(item.from)!, through: LocalDate(item.through)!, zone: TimeZone(identifier: item.zone)!,
                                          step: item.step)
            let queue = try await queries.queuePerformance(period, filter: RollupFilter(), detail: true)
            let expectedQueue = self.queue(truth, period)
            #expect(queue.count == expectedQueue.count, "\(item)")
            for (actual, expected) in zip(queue, expectedQueue) where actual != expected {
                Issue.record("queue \(item.zone) \(item.step): \(actual) != \(expected)")
                break
            }
            let agents = try await queries.agentPerformance(period, filter: RollupFilter(), detail: true)
            let expectedAgents = self.agents(truth, period)
            #expect(agents.count == expectedAgents.count, "\(item)")
            for (actual, expected) in zip(agents, expectedAgents) where actual != expected {
                Issue.record("agent \(item.zone) \(item.step): \(actual) != \(expected)")
                break
            }
            let codes = try await queries.wrapUpCodes(period, filter: RollupFilter(), detail: true)
            #expect(codes == wrapUps(truth, period), "\(item)")
        }
        // The summary is the sum of the detail; a filter narrows both alike.
        let period = try ReportPeriod(from: LocalDate("2027-03-24")!, through: LocalDate("2027-03-31")!, zone: TimeZone(identifier: "UTC")!, step: .day)
        let summary = try await queries.queuePerformance(period, filter: RollupFilter(workgroups: ["wg1"]), detail: false)
        #expect(summary.count == 1 && summary.first?.offered == truth.interactions.flatMap(\.visits).filter { $0.workgroup == "wg1" }.count.int64)
        let details = try await allDetails(queries, period)
        #expect(details.count == truth.interactions.count)
        let byID = Dictionary(uniqueKeysWithValues: details.map { ($0.interactionId, $0) })
        var wrong = 0
        for interaction in truth.interactions {
            guard let row = byID[interaction.id] else { wrong += 1; continue }
            let agents = interaction.segments.map(\.agent).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let ok = row.queueWaitMs == interaction.visits.map { $0.endMs - $0.startMs }.reduce(0, +)
                && row.handleMs == interaction.segments.map { $0.endMs - $0.startMs }.reduce(0, +)
                && row.agents == agents && row.outcome == interaction.outcome && row.workgroup == interaction.workgroup
                && row.offers == interaction.offers.count.int64 && row.ronas == interaction.offers.filter { $0.result == "rona" }.count.int64
                && row.transfers == interaction.segments.filter(\.transferred).count.int64 && row.deflection == interaction.deflection
                && row.wrapUpCode == (interaction.outcome == "wrapped_up" ? interaction.codeLabel : nil)
            if !ok {
                if wrong == 0 { Issue.record("details \(row) vs \(interaction)") }
                wrong += 1
            }
        }
        #expect(wrong == 0)
    }

    static func allDetails(_ queries: ReportQueries, _ period: ReportPeriod) async throws -> [InteractionDetailRow] {
        var rows: [InteractionDetailRow] = [], after: (Int64, String)? = nil
        repeat {
            let page = try await queries.interactionDetails(period, filter: RollupFilter(), after: after, limit: 500)
            rows += page.rows
            after = page.next
        } while after != nil
        return rows
    }

    static func index(_ period: ReportPeriod, _ at: Int64) -> Int? {
        period.intervals.firstIndex { $0.startMs <= at && at < $0.endMs }
    }

    static func overlap(_ period: ReportPeriod, _ from: Int64, _ to: Int64) -> [(Int, Int64)] {
        period.intervals.enumerated().compactMap { index, interval in
            let ms = min(to, interval.endMs) - max(from, interval.startMs)
            return ms > 0 ? (index, ms) : nil
        }
    }

    static func percent(_ part: Int64, _ whole: Int64) -> Double? { whole <= 0 ? nil : (Double(part) * 10_000 / Double(whole)).rounded() / 100 }
    static func average(_ sum: Int64, _ count: Int64) -> Int64? { count == 0 ? nil : (sum + count / 2) / count }
}

extension Int {
    var int64: Int64 { Int64(self) }
}

@Suite struct ReportTruthTests {
    @Test func everyReportReproducesTheGroundTruthOnSQLite() async throws {
        try await ReportTruthCheck.run(try SQLiteStore(path: temporaryDatabasePath()))
    }

    @Test(.enabled(if: PostgresTestServer.enabled, "PARLEY_TEST_POSTGRES_URL is not set (scripts/postgres-test-server start)"))
    func everyReportReproducesTheGroundTruthOnPostgreSQL() async throws {
        try await PostgresTestServer.withStores { open in try await ReportTruthCheck.run(try await open()) }
    }

    /// Folding the log again from nothing (a rebuild) gives the same roll-ups, however the log is cut into batches.
    @Test func aRebuildInOtherBatchesGivesTheSameFigures() async throws {
        let store = try SQLiteStore(path: temporaryDatabasePath())
        let truth = try await ReportTruthCheck.fill(store, chunk: 5_000)
        try await ReportTruthCheck.check(store, truth)
    }
}
