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
        let ranges = ranges(period)
        async let countRows = store.agentRollup(ranges, filter: filter)
        async let reasonRows = store.stateRollup(ranges, filter: filter)
        let clocks = try await store.agentClocks().filter { filter.agents?.contains($0.agent) ?? true }
        struct Key: Hashable { var interval: Int; var agent: String }
        var counts: [Key: AgentCounts] = [:], reasons: [Key: [String: Int64]] = [:]
        for row in try await countRows { counts[Key(interval: detail ? row.interval : -1, agent: row.agent), default: AgentCounts()].add(row.counts) }
        for row in try await reasonRows { reasons[Key(interval: detail ? row.interval : -1, agent: row.agent), default: [:]][row.reason, default: 0] += row.milliseconds }
        // Clocks still running count up to now, cut at interval edges as the roll-ups are.
        let now = ReportFold.millis(clock.now())
        for live in clocks {
            var running: [(String, String, Int64)] = []
            if live.state == "ready" || live.state == "not_ready" { running.append((live.state, live.reason, live.sinceMs)) }
            if let busy = live.busySinceMs { running.append(("busy", "", busy)) }
            if let idle = live.idleSinceMs { running.append(("idle", "", idle)) }
            for (state, reason, since) in running {
                for (index, interval) in period.intervals.enumerated() where interval.endMs > since {
                    let overlap = min(interval.endMs, now) - max(interval.startMs, since)
                    guard overlap > 0 else { continue }
                    let key = Key(interval: detail ? index : -1, agent: live.agent)
                    counts[key, default: AgentCounts()].addTime(overlap, in: state)
                    if state == "not_ready" { reasons[key, default: [:]][reason, default: 0] += overlap }
                }
            }
        }
        return counts.keys.sorted { ($0.interval, $0.agent) < ($1.interval, $1.agent) }.map { key in
            let count = counts[key]!
            return AgentPerformanceRow(
                interval: key.interval < 0 ? nil : period.intervals[key.interval].label, agent: key.agent, offers: count.offers,
                accepted: count.accepted, rejected: count.rejected, ronas: count.ronas, revoked: count.revoked, handled: count.handled,
                averageHandleMs: average(count.handleMs, count.handled), maxHandleMs: count.handleMaxMs, transferred: count.transferred,
                wrappedUp: count.wrappedUp, loggedInMs: count.readyMs + count.notReadyMs, readyMs: count.readyMs, notReadyMs: count.notReadyMs,
                notReadyByReason: reasons[key] ?? [:], busyMs: count.busyMs, idleMs: count.idleMs,
                occupancy: percent(count.busyMs, count.busyMs + count.idleMs))
        }
    }
}
