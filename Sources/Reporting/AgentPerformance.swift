import Domain
import Foundation
import Storage

/// Agent Performance Summary (one row per agent over the period) and Detail (per interval and agent).
public struct AgentPerformanceRow: Codable, Sendable, Hashable {
    public var interval: String?
    public var agent: String
    public var offers: Int64
    public var accepted: Int64
    public var rejected: Int64
    public var ronas: Int64
    public var revoked: Int64
    public var handled: Int64
    public var averageHandleMs: Int64?
    public var maxHandleMs: Int64
    public var transferred: Int64
    public var wrappedUp: Int64
    public var loggedInMs: Int64
    public var readyMs: Int64
    public var notReadyMs: Int64
    /// Not-ready time by reason (`Lunch`, `RONA`, …).
    public var notReadyByReason: [String: Int64]
    public var busyMs: Int64
    public var idleMs: Int64
    /// busy ÷ (busy + idle), in percent; nil when both are 0.
    public var occupancy: Double?
}

extension ReportQueries {
    public func agentPerformance(_ period: ReportPeriod, filter: RollupFilter, detail: Bool) async throws -> [AgentPerformanceRow] {
        let ranges = period.ranges
        async let countRows = store.agentRollup(ranges, filter: filter)
        async let stateRows = store.stateRollup(ranges, filter: filter)
        let clocks = try await store.agentClocks().filter { filter.agents?.contains($0.agent) ?? true }
        struct Key: Hashable { var interval: Int; var agent: String }
        struct Times { var ready: Int64 = 0, notReady: Int64 = 0, busy: Int64 = 0, idle: Int64 = 0, reasons: [String: Int64] = [:] }
        var counts: [Key: AgentCounts] = [:], times: [Key: Times] = [:]
        for row in try await countRows { counts[Key(interval: detail ? row.interval : -1, agent: row.agent), default: AgentCounts()].add(row.counts) }
        func book(_ key: Key, _ state: String, _ reason: String, _ ms: Int64) {
            var value = times[key] ?? Times()
            switch state {
            case "ready": value.ready += ms
            case "not_ready":
                value.notReady += ms
                value.reasons[reason, default: 0] += ms
            case "busy": value.busy += ms
            case "idle": value.idle += ms
            default: break
            }
            times[key] = value
        }
        for row in try await stateRows { book(Key(interval: detail ? row.interval : -1, agent: row.agent), row.state, row.reason, row.milliseconds) }
        // Clocks still running count up to now, cut at interval edges as the roll-ups are.
        let now = ReportFold.millis(clock.now())
        for live in clocks {
            var running: [(String, String, Int64)] = []
            if live.state == "ready" || live.state == "not_ready" { running.append((live.state, live.reason, live.sinceMs)) }
            if let busy = live.busySinceMs { running.append(("busy", "", busy)) }
            if let idle = live.idleSinceMs { running.append(("idle", "", idle)) }
            for (state, reason, since) in running {
                for (index, interval) in period.intervals.enumerated() {
                    let overlap = min(interval.endMs, now) - max(interval.startMs, since)
                    if overlap > 0 { book(Key(interval: detail ? index : -1, agent: live.agent), state, reason, overlap) }
                }
            }
        }
        let keys = Set(counts.keys).union(times.keys).sorted { ($0.interval, $0.agent) < ($1.interval, $1.agent) }
        return keys.map { key in
            let count = counts[key] ?? AgentCounts(), time = times[key] ?? Times()
            return AgentPerformanceRow(
                interval: key.interval < 0 ? nil : period.intervals[key.interval].label, agent: key.agent, offers: count.offers,
                accepted: count.accepted, rejected: count.rejected, ronas: count.ronas, revoked: count.revoked, handled: count.handled,
                averageHandleMs: average(count.handleMs, count.handled), maxHandleMs: count.handleMaxMs, transferred: count.transferred,
                wrappedUp: count.wrappedUp, loggedInMs: time.ready + time.notReady, readyMs: time.ready, notReadyMs: time.notReady,
                notReadyByReason: time.reasons, busyMs: time.busy, idleMs: time.idle, occupancy: percent(time.busy, time.busy + time.idle))
        }
    }
}
