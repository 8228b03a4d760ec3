import Domain
import Foundation
import Storage

/// Queue Performance Summary (one row per workgroup over the period) and Detail (per interval and workgroup).
public struct QueuePerformanceRow: Codable, Sendable, Hashable {
    public struct Deflected: Codable, Sendable, Hashable {
        public var closed: Int64
        public var specialDay: Int64
        public var emergency: Int64
        public var other: Int64
    }

    public struct ServiceLevel: Codable, Sendable, Hashable {
        public var seconds: Int
        public var answeredWithin: Int64
        /// answeredWithin ÷ (answered + abandoned − short abandoned + still waiting longer than the threshold),
        /// in percent; nil when that is 0.
        public var percent: Double?
    }

    /// The interval's start on the wall clock; nil in the summary.
    public var interval: String?
    public var workgroup: String
    public var offered: Int64
    public var answered: Int64
    public var abandoned: Int64
    public var shortAbandoned: Int64
    public var flowedOut: Int64
    public var waiting: Int64
    public var transferred: Int64
    public var handled: Int64
    public var deflected: Deflected
    public var nonActionable: Int64
    /// Customer messages received and messages sent in the interval (by the interaction's workgroup at the time).
    public var inbound: Int64
    public var outbound: Int64
    /// Time spent waiting in the queue within the interval, by any interaction; ÷ the interval's length is the
    /// average number waiting.
    public var waitingMs: Int64
    public var averageQueueLength: Double?
    public var averageWaitMs: Int64?
    public var maxWaitMs: Int64
    public var averageAbandonWaitMs: Int64?
    public var averageHandleMs: Int64?
    public var serviceLevels: [ServiceLevel]
}

/// An integer average, rounded half up; nil for no cases.
func average(_ sum: Int64, _ count: Int64) -> Int64? { count == 0 ? nil : (sum + count / 2) / count }

func percent(_ part: Int64, _ whole: Int64) -> Double? {
    whole <= 0 ? nil : (Double(part) * 10_000 / Double(whole)).rounded() / 100
}

extension ReportQueries {
    /// `detail`: a row per interval and workgroup; otherwise one per workgroup for the whole period.
    public func queuePerformance(_ period: ReportPeriod, filter: RollupFilter, detail: Bool) async throws -> [QueuePerformanceRow] {
        let rows = try await store.queueRollup(ranges(period), filter: filter)
        let open = try await store.openVisits().filter { visit in
            (filter.workgroups?.contains(visit.visitWorkgroup ?? "") ?? true) && (filter.channels?.contains(visit.channel) ?? true)
                && (filter.visibility.map { $0 == visit.visibility } ?? true)
        }
        let now = ReportFold.millis(clock.now())
        struct Key: Hashable { var interval: Int; var workgroup: String }
        var sums: [Key: QueueCounts] = [:]
        for row in rows { sums[Key(interval: detail ? row.interval : -1, workgroup: row.workgroup), default: QueueCounts()].add(row.counts) }
        var waits: [Key: [Int64]] = [:]
        for visit in open {
            guard let start = visit.visitStartMs, let workgroup = visit.visitWorkgroup else { continue }
            // Its wait so far counts in every interval it spans; the visit itself in the one it started in.
            for (index, interval) in period.intervals.enumerated() {
                let overlap = min(interval.endMs, now) - max(interval.startMs, start)
                if overlap > 0 { sums[Key(interval: detail ? index : -1, workgroup: workgroup), default: QueueCounts()].waitingMs += overlap }
            }
            guard let index = period.intervals.firstIndex(where: { $0.startMs <= start && start < $0.endMs }) else { continue }
            let key = Key(interval: detail ? index : -1, workgroup: workgroup)
            waits[key, default: []].append(now - start)
            if sums[key] == nil { sums[key] = QueueCounts() }
        }
        return sums.keys.sorted { ($0.interval, $0.workgroup) < ($1.interval, $1.workgroup) }.map { key in
            let counts = sums[key]!, waiting = waits[key] ?? []
            let thresholds = settings.thresholds[key.workgroup] ?? settings.defaultThresholds
            let decided = counts.answered + counts.abandoned - counts.shortAbandoned
            // Averaged over the time that has passed: the current hour's queue is not diluted by the minutes still to come.
            let (start, end) = key.interval < 0 ? (period.startMs, period.endMs) : (period.intervals[key.interval].startMs, period.intervals[key.interval].endMs)
            let length = min(end, now) - start
            return QueuePerformanceRow(
                interval: key.interval < 0 ? nil : period.intervals[key.interval].label, workgroup: key.workgroup,
                offered: counts.offered, answered: counts.answered, abandoned: counts.abandoned, shortAbandoned: counts.shortAbandoned,
                flowedOut: counts.flowedOut, waiting: Int64(waiting.count), transferred: counts.transferred, handled: counts.handled,
                deflected: .init(closed: counts.deflectedClosed, specialDay: counts.deflectedSpecialDay, emergency: counts.deflectedEmergency,
                                 other: counts.deflectedOther),
                nonActionable: counts.nonActionable, inbound: counts.inbound, outbound: counts.outbound, waitingMs: counts.waitingMs,
                averageQueueLength: length > 0 ? (Double(counts.waitingMs) * 100 / Double(length)).rounded() / 100 : nil, averageWaitMs: average(counts.waitAnsweredMs, counts.answered),
                maxWaitMs: counts.waitAnsweredMaxMs, averageAbandonWaitMs: average(counts.waitAbandonedMs, counts.abandoned),
                averageHandleMs: average(counts.handleMs, counts.handled),
                serviceLevels: thresholds.prefix(reportThresholdSlots).enumerated().map { slot, seconds in
                    let late = Int64(waiting.filter { $0 > Int64(seconds) * 1000 }.count)
                    return .init(seconds: seconds, answeredWithin: counts.answeredWithin[slot], percent: percent(counts.answeredWithin[slot], decided + late))
                })
        }
    }
}

/// Reads reports from the roll-ups with the settings they were folded with and the clock for what is still running.
public struct ReportQueries: Sendable {
    public let store: any ReportStore
    public let settings: ReportFold.Settings
    public let clock: any WallClock

    public init(store: any ReportStore, settings: ReportFold.Settings, clock: any WallClock) {
        self.store = store
        self.settings = settings
        self.clock = clock
    }

    /// The buckets a period reads: whole local days of the report zone from the day roll-ups where they fit.
    public func ranges(_ period: ReportPeriod) -> [BucketRange] { period.ranges(days: settings.timeZone) }
}
