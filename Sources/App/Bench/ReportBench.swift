import Domain
import Foundation
import Logging
import Reporting
import Storage

/// `parley bench reports`: fills a SQLite database with a synthetic contact center's roll-ups (default: a
/// million interactions over 90 days, 200 agents, 20 workgroups, 8 channels), then times the reports the issue
/// names — Queue and Agent Performance for 90 days by day in Asia/Kolkata, and one day by 15 minutes — cold
/// (first query on a new connection) and warm (median of several).
public enum ReportBench {
    public struct Options: Sendable {
        public var interactions = 1_000_000
        public var days = 90
        public var agents = 200
        public var workgroups = 20
        public var channels = 8
        public var warmRuns = 7
        public var zone = "Asia/Kolkata"
        /// The zone of the day grain (`reports.time_zone`); nil: `zone`. Another zone shows the reports that read hours.
        public var reportZone: String?
        /// Keep the filled database here (default: a temporary file, removed after).
        public var path: String?
        /// Read the database at `path` as it is, filled by an earlier run with the same options.
        public var reuse = false

        public init() {}
    }

    public struct Timing: Sendable {
        public var name: String
        public var rows: Int
        public var coldMs: Double
        public var warmMs: [Double]
        public var warmMedianMs: Double { warmMs.sorted()[warmMs.count / 2] }
    }

    public struct Report: Sendable {
        public var events: Int
        public var fillSeconds: Double
        public var databaseBytes: Int64
        public var timings: [Timing]
        /// Σ inbound over the 90 days = interactions (each has one customer message): the roll-ups hold everything.
        public var inboundCounted: Int64
        public var interactions: Int

        public var text: String {
            var lines = ["report roll-ups: \(interactions) interactions, \(events) events folded in \(String(format: "%.1f", fillSeconds)) s, "
                + "database \(databaseBytes / 1_048_576) MB; inbound counted \(inboundCounted)"]
            lines.append("report                                        rows   cold ms   warm median ms   warm runs")
            for timing in timings {
                let runs = timing.warmMs.map { String(format: "%.1f", $0) }.joined(separator: " / ")
                lines.append(timing.name.padding(toLength: 44, withPad: " ", startingAt: 0)
                    + String(format: "%6d %9.1f %16.1f   ", timing.rows, timing.coldMs, timing.warmMedianMs) + runs)
            }
            return lines.joined(separator: "\n")
        }
    }

    public static func run(_ options: Options) async throws -> Report {
        let path = options.path ?? FileManager.default.temporaryDirectory.appendingPathComponent("parley-report-bench-\(UUID().uuidString).sqlite").path
        defer { if options.path == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } } }
        // The range is whole days in the report's zone, ending yesterday there, so every query reads all of it.
        guard let zone = TimeZone(identifier: options.zone) else { throw ReportPeriod.Problem.offset(options.zone) }
        let reportZoneName = options.reportZone ?? options.zone
        guard let reportZone = TimeZone(identifier: reportZoneName) else { throw ReportPeriod.Problem.offset(reportZoneName) }
        let lastDay = zone.wallClock(of: Date()).date.adding(days: -1)
        let firstDay = lastDay.adding(days: -(options.days - 1))
        let startMs = ReportFold.millis(zone.instant(of: firstDay, second: 0))
        let endMs = ReportFold.millis(zone.instant(of: lastDay.adding(days: 1), second: 0))
        let shape = ReportWorkload.Shape(interactions: options.interactions, days: options.days, agents: options.agents,
                                         workgroups: options.workgroups, channels: options.channels, startMs: startMs, seed: 11)
        let workload = ReportWorkload(shape)
        let settings = ReportFold.Settings(channelWorkgroups: Dictionary(uniqueKeysWithValues: (0..<shape.channels).map {
            (workload.channel($0), workload.workgroup(workload.workgroups(ofChannel: $0)[0]))
        }), timeZone: reportZone)
        let started = ContinuousClock.now
        var events = 0
        if !(options.reuse && FileManager.default.fileExists(atPath: path)) {
            let store = try SQLiteStore(path: path)
            var fold = ReportFold(settings: settings, position: 0)
            var position: Int64 = 0
            let truth = try await workload.run(truth: false) { batch in
                fold.apply(batch)
                events += batch.count
                let changes = fold.flush()
                try await store.applyReport(changes, expected: position)
                position = changes.position
            }
            _ = truth
        }
        let fillSeconds = (ContinuousClock.now - started).seconds
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0)
            + ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.int64Value ?? 0)

        // A new connection: the first query of each report is cold.
        let store = try SQLiteStore(path: path)
        // "Now" is a day after the range: every interaction and shift has ended (the workload's last ones run past midnight).
        let queries = ReportQueries(store: store, settings: settings, clock: ManualClock(Date(timeIntervalSince1970: Double(endMs) / 1000 + 86_400)))
        let long = try ReportPeriod(from: firstDay, through: lastDay, zone: zone, step: .day)
        let short = try ReportPeriod(from: lastDay.adding(days: -1), through: lastDay.adding(days: -1), zone: zone, step: .quarterHour)
        let cases: [(String, @Sendable () async throws -> Int)] = [
            ("Queue Performance, \(options.days) days by day", { try await queries.queuePerformance(long, filter: RollupFilter(), detail: true).count }),
            ("Agent Performance, \(options.days) days by day", { try await queries.agentPerformance(long, filter: RollupFilter(), detail: true).count }),
            ("Queue Performance, 1 day by 15 min", { try await queries.queuePerformance(short, filter: RollupFilter(), detail: true).count }),
            ("Agent Performance, 1 day by 15 min", { try await queries.agentPerformance(short, filter: RollupFilter(), detail: true).count }),
        ]
        var timings: [Timing] = []
        for (name, query) in cases {
            let (coldRows, cold) = try await time(query)
            var warm: [Double] = []
            for _ in 0..<max(1, options.warmRuns) { warm.append(try await time(query).1) }
            timings.append(Timing(name: name, rows: coldRows, coldMs: cold, warmMs: warm))
        }
        // Every customer message, whatever the zone's days: a UTC range a day wider on each side.
        let everything = try ReportPeriod(from: firstDay.adding(days: -1), through: lastDay.adding(days: 1), zone: TimeZone(identifier: "UTC")!, step: .month)
        let inbound = try await queries.queuePerformance(everything, filter: RollupFilter(), detail: false).map(\.inbound).reduce(0, +)
        return Report(events: events, fillSeconds: fillSeconds, databaseBytes: bytes, timings: timings, inboundCounted: inbound,
                      interactions: options.interactions)
    }

    static func time(_ body: @Sendable () async throws -> Int) async throws -> (Int, Double) {
        let start = ContinuousClock.now
        let rows = try await body()
        return (rows, (ContinuousClock.now - start).seconds * 1000)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
