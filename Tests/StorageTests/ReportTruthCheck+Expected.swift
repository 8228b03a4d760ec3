import Domain
import Foundation
@testable import Reporting
import Storage

/// The definitions of docs/metrics.md applied directly to the ground truth.
extension ReportTruthCheck {
    static func queue(_ truth: ReportTruth, _ period: ReportPeriod) -> [QueuePerformanceRow] {
        struct Key: Hashable, Comparable {
            var interval: Int, workgroup: String
            static func < (a: Key, b: Key) -> Bool { (a.interval, a.workgroup) < (b.interval, b.workgroup) }
        }
        let thresholds = settings.defaultThresholds
        var sums: [Key: QueueCounts] = [:]
        for interaction in truth.interactions {
            if let index = index(period, interaction.createdMs) {
                sums[Key(interval: index, workgroup: channelWorkgroup(interaction.channel)), default: QueueCounts()].inbound += 1
            }
            for visit in interaction.visits {
                for (index, ms) in overlap(period, visit.startMs, visit.endMs) {
                    sums[Key(interval: index, workgroup: visit.workgroup), default: QueueCounts()].waitingMs += ms
                }
                guard let index = index(period, visit.startMs) else { continue }
                let wait = visit.endMs - visit.startMs
                var counts = sums[Key(interval: index, workgroup: visit.workgroup)] ?? QueueCounts()
                counts.offered += 1
                switch visit.end {
                case "answered":
                    counts.answered += 1
                    counts.waitAnsweredMs += wait
                    counts.waitAnsweredMaxMs = max(counts.waitAnsweredMaxMs, wait)
                    for (slot, seconds) in thresholds.enumerated() where wait <= Int64(seconds) * 1000 { counts.answeredWithin[slot] += 1 }
                case "abandoned":
                    counts.abandoned += 1
                    counts.waitAbandonedMs += wait
                    if wait < settings.shortAbandonMs { counts.shortAbandoned += 1 }
                default: counts.flowedOut += 1
                }
                sums[Key(interval: index, workgroup: visit.workgroup)] = counts
            }
            for segment in interaction.segments {
                guard let index = index(period, segment.visitStartMs) else { continue }
                sums[Key(interval: index, workgroup: segment.workgroup), default: QueueCounts()].handled += 1
                sums[Key(interval: index, workgroup: segment.workgroup), default: QueueCounts()].handleMs += segment.endMs - segment.startMs
                if segment.transferred { sums[Key(interval: index, workgroup: segment.workgroup), default: QueueCounts()].transferred += 1 }
            }
            if let closed = interaction.closedMs, let index = index(period, closed) {
                let key = Key(interval: index, workgroup: interaction.workgroup)
                switch (interaction.outcome, interaction.deflection) {
                case ("deflected", "closed"): sums[key, default: QueueCounts()].deflectedClosed += 1
                case ("deflected", "special_day"): sums[key, default: QueueCounts()].deflectedSpecialDay += 1
                case ("deflected", "emergency"): sums[key, default: QueueCounts()].deflectedEmergency += 1
                case ("non_actionable", _): sums[key, default: QueueCounts()].nonActionable += 1
                default: break
                }
            }
        }
        return sums.keys.sorted().map { key in
            let c = sums[key]!
            let decided = c.answered + c.abandoned - c.shortAbandoned
            // The queries' clock stands an hour after the last event: an interval still running is averaged over its past.
            let length = min(period.intervals[key.interval].endMs, truth.lastMs + 3_600_000) - period.intervals[key.interval].startMs
            return QueuePerformanceRow(
                interval: period.intervals[key.interval].label, workgroup: key.workgroup, offered: c.offered, answered: c.answered,
                abandoned: c.abandoned, shortAbandoned: c.shortAbandoned, flowedOut: c.flowedOut, waiting: 0, transferred: c.transferred,
                handled: c.handled, deflected: .init(closed: c.deflectedClosed, specialDay: c.deflectedSpecialDay, emergency: c.deflectedEmergency, other: 0),
                nonActionable: c.nonActionable, inbound: c.inbound, outbound: 0, waitingMs: c.waitingMs,
                averageQueueLength: (Double(c.waitingMs) * 100 / Double(length)).rounded() / 100, averageWaitMs: average(c.waitAnsweredMs, c.answered), maxWaitMs: c.waitAnsweredMaxMs,
                averageAbandonWaitMs: average(c.waitAbandonedMs, c.abandoned), averageHandleMs: average(c.handleMs, c.handled),
                serviceLevels: thresholds.enumerated().map { .init(seconds: $1, answeredWithin: c.answeredWithin[$0], percent: percent(c.answeredWithin[$0], decided)) })
        }
    }

    static func agents(_ truth: ReportTruth, _ period: ReportPeriod) -> [AgentPerformanceRow] {
        struct Key: Hashable, Comparable {
            var interval: Int, agent: String
            static func < (a: Key, b: Key) -> Bool { (a.interval, a.agent) < (b.interval, b.agent) }
        }
        struct Times { var ready: Int64 = 0, notReady: Int64 = 0, busy: Int64 = 0, idle: Int64 = 0, reasons: [String: Int64] = [:] }
        var counts: [Key: AgentCounts] = [:], times: [Key: Times] = [:]
        func count(_ agent: String, _ at: Int64, _ change: (inout AgentCounts) -> Void) {
            guard let index = index(period, at) else { return }
            change(&counts[Key(interval: index, agent: agent), default: AgentCounts()])
        }
        var segmentsByAgent: [String: [(Int64, Int64)]] = [:]
        for interaction in truth.interactions {
            for offer in interaction.offers {
                count(offer.agent, offer.atMs) { $0.offers += 1 }
                if offer.result == "rona" { count(offer.agent, offer.atMs + 30_000) { $0.ronas += 1 } }
            }
            for segment in interaction.segments {
                count(segment.agent, segment.startMs) { $0.accepted += 1 }
                let handle = segment.endMs - segment.startMs
                count(segment.agent, segment.endMs) { c in
                    c.handled += 1
                    c.handleMs += handle
                    c.handleMaxMs = max(c.handleMaxMs, handle)
                    if segment.transferred { c.transferred += 1 }
                }
                segmentsByAgent[segment.agent, default: []].append((segment.startMs, segment.endMs))
            }
            if interaction.outcome == "wrapped_up", let last = interaction.segments.last, let closed = interaction.closedMs {
                count(last.agent, closed) { $0.wrappedUp += 1 }
            }
        }
        var busyByAgent: [String: [(Int64, Int64)]] = [:]
        for (agent, spans) in segmentsByAgent {
            var merged: [(Int64, Int64)] = []
            for span in spans.sorted(by: { $0.0 < $1.0 }) {
                if let last = merged.last, span.0 <= last.1 { merged[merged.count - 1].1 = max(last.1, span.1) } else { merged.append(span) }
            }
            busyByAgent[agent] = merged
            for (from, to) in merged { for (index, ms) in overlap(period, from, to) { times[Key(interval: index, agent: agent), default: Times()].busy += ms } }
        }
        for span in truth.states {
            for (index, ms) in overlap(period, span.fromMs, span.toMs) {
                let key = Key(interval: index, agent: span.agent)
                if span.state == "ready" {
                    times[key, default: Times()].ready += ms
                    let interval = period.intervals[index]
                    let from = max(span.fromMs, interval.startMs), to = min(span.toMs, interval.endMs)
                    let busy = (busyByAgent[span.agent] ?? []).map { max(0, min(to, $0.1) - max(from, $0.0)) }.reduce(0, +)
                    if ms - busy > 0 { times[key, default: Times()].idle += ms - busy }
                } else {
                    times[key, default: Times()].notReady += ms
                    times[key, default: Times()].reasons[span.reason, default: 0] += ms
                }
            }
        }
        return Set(counts.keys).union(times.keys).sorted().map { key in
            let c = counts[key] ?? AgentCounts(), t = times[key] ?? Times()
            return AgentPerformanceRow(
                interval: period.intervals[key.interval].label, agent: key.agent, offers: c.offers, accepted: c.accepted, rejected: 0, ronas: c.ronas,
                revoked: 0, handled: c.handled, averageHandleMs: average(c.handleMs, c.handled), maxHandleMs: c.handleMaxMs, transferred: c.transferred,
                wrappedUp: c.wrappedUp, loggedInMs: t.ready + t.notReady, readyMs: t.ready, notReadyMs: t.notReady, notReadyByReason: t.reasons,
                busyMs: t.busy, idleMs: t.idle, occupancy: percent(t.busy, t.busy + t.idle))
        }
    }

    static func wrapUps(_ truth: ReportTruth, _ period: ReportPeriod) -> [WrapUpCodeRow] {
        struct Key: Hashable, Comparable {
            var interval: Int, workgroup: String, agent: String, code: String
            static func < (a: Key, b: Key) -> Bool { (a.interval, a.workgroup, a.agent, a.code) < (b.interval, b.workgroup, b.agent, b.code) }
        }
        var sums: [Key: (Int64, Int64)] = [:]
        for interaction in truth.interactions {
            guard let closed = interaction.closedMs, let index = index(period, closed) else { continue }
            let key = Key(interval: index, workgroup: interaction.workgroup, agent: interaction.segments.last?.agent ?? "", code: interaction.codeLabel)
            let handle = interaction.segments.map { $0.endMs - $0.startMs }.reduce(0, +)
            sums[key, default: (0, 0)].0 += 1
            sums[key, default: (0, 0)].1 += handle
        }
        return sums.keys.sorted().map { key in
            WrapUpCodeRow(interval: period.intervals[key.interval].label, workgroup: key.workgroup, agent: key.agent, code: key.code,
                          interactions: sums[key]!.0, averageHandleMs: average(sums[key]!.1, sums[key]!.0))
        }
    }
}
