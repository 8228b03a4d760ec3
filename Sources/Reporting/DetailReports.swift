import Domain
import Foundation
import Storage

/// Interaction Details: one row per interaction created in the period.
public struct InteractionDetailRow: Codable, Sendable, Hashable {
    public var interactionId: String
    public var createdAt: String
    public var closedAt: String?
    public var channel: String
    public var mediaType: String
    public var workgroup: String
    public var agents: [String]
    public var outcome: String?
    public var deflection: String?
    public var wrapUpCode: String?
    public var queueWaitMs: Int64
    public var handleMs: Int64
    public var offers: Int64
    public var ronas: Int64
    public var transfers: Int64
    /// Still waiting in a queue, and since when.
    public var waitingSince: String?

    init(_ facts: InteractionFacts, zone: TimeZone) {
        interactionId = facts.interactionID
        createdAt = ReportPeriod.timestamp(facts.createdMs, zone: zone)
        closedAt = facts.closedMs.map { ReportPeriod.timestamp($0, zone: zone) }
        channel = facts.channel
        mediaType = facts.visibility
        workgroup = facts.workgroup
        agents = facts.agents.isEmpty ? [] : facts.agents.split(separator: ",").map(String.init)
        outcome = facts.outcome
        deflection = facts.deflection
        wrapUpCode = facts.wrapUpCode
        queueWaitMs = facts.queueWaitMs
        handleMs = facts.handleMs
        offers = facts.offers
        ronas = facts.ronas
        transfers = facts.transfers
        waitingSince = facts.visitStartMs.map { ReportPeriod.timestamp($0, zone: zone) }
    }

    /// `names`: agents' display names by user id, in a column beside the ids (in the same order).
    public static func csv(_ rows: [InteractionDetailRow], names: [String: String] = [:]) -> String {
        ReportCSV.render(header: ["interaction_id", "created_at", "closed_at", "channel", "media_type", "workgroup", "agents", "agent_names", "outcome",
                                  "deflection", "wrap_up_code", "queue_wait_ms", "handle_ms", "offers", "ronas", "transfers", "waiting_since"],
                         rows: rows.map { row in
            [.text(row.interactionId), .text(row.createdAt), row.closedAt.cell, .text(row.channel), .text(row.mediaType), .text(row.workgroup),
             .text(row.agents.joined(separator: " ")), .text(row.agents.map { names[$0] ?? $0 }.joined(separator: "; ")), row.outcome.cell, row.deflection.cell, row.wrapUpCode.cell, .integer(row.queueWaitMs),
             .integer(row.handleMs), .integer(row.offers), .integer(row.ronas), .integer(row.transfers), row.waitingSince.cell]
        })
    }
}

/// Interaction Handling Attempts: every offer and what became of it.
public struct HandlingAttemptRow: Codable, Sendable, Hashable {
    public var interactionId: String
    public var attempt: Int64
    public var agent: String
    public var workgroup: String
    public var offeredAt: String
    public var result: String
    public var endedAt: String?
    public var durationMs: Int64?

    public static func csv(_ rows: [HandlingAttemptRow], names: [String: String] = [:]) -> String {
        ReportCSV.render(header: ["interaction_id", "attempt", "agent", "agent_name", "workgroup", "offered_at", "result", "ended_at", "duration_ms"],
                         rows: rows.map { row in
            [.text(row.interactionId), .integer(row.attempt), .text(row.agent), names[row.agent].cell, .text(row.workgroup), .text(row.offeredAt), .text(row.result),
             row.endedAt.cell, row.durationMs.cell]
        })
    }
}

/// Wrap-up Codes: interactions closed in the period by code, workgroup, agent and interval.
public struct WrapUpCodeRow: Codable, Sendable, Hashable {
    public var interval: String?
    public var workgroup: String
    public var agent: String
    /// The code, `NS` (an agent held it, no code chosen) or `-` (no agent held it).
    public var code: String
    public var interactions: Int64
    public var averageHandleMs: Int64?

    public static func csv(_ rows: [WrapUpCodeRow], names: [String: String] = [:]) -> String {
        ReportCSV.render(header: ["interval", "workgroup", "agent", "agent_name", "code", "interactions", "average_handle_ms"], rows: rows.map { row in
            [row.interval.cell, .text(row.workgroup), .text(row.agent), names[row.agent].cell, .text(row.code), .integer(row.interactions), row.averageHandleMs.cell]
        })
    }
}

extension ReportQueries {
    public func interactionDetails(_ period: ReportPeriod, filter: RollupFilter, after: (Int64, String)?, limit: Int) async throws
        -> (rows: [InteractionDetailRow], next: (Int64, String)?) {
        let facts = try await store.interactionFacts(fromMs: period.startMs, toMs: period.endMs, filter: filter, after: after, limit: limit + 1)
        let page = Array(facts.prefix(limit))
        let next = facts.count > limit ? page.last.map { ($0.createdMs, $0.interactionID) } : nil
        return (page.map { InteractionDetailRow($0, zone: period.zone) }, next)
    }

    public func handlingAttempts(_ period: ReportPeriod, filter: RollupFilter, limit: Int) async throws -> [HandlingAttemptRow] {
        try await store.handlingAttempts(fromMs: period.startMs, toMs: period.endMs, filter: filter, limit: limit).map { attempt in
            HandlingAttemptRow(interactionId: attempt.interactionID, attempt: attempt.seq, agent: attempt.agent, workgroup: attempt.workgroup,
                               offeredAt: ReportPeriod.timestamp(attempt.offeredMs, zone: period.zone), result: attempt.result,
                               endedAt: attempt.endedMs.map { ReportPeriod.timestamp($0, zone: period.zone) },
                               durationMs: attempt.endedMs.map { $0 - attempt.offeredMs })
        }
    }

    public func wrapUpCodes(_ period: ReportPeriod, filter: RollupFilter, detail: Bool) async throws -> [WrapUpCodeRow] {
        struct Key: Hashable { var interval: Int; var workgroup: String; var agent: String; var code: String }
        var sums: [Key: WrapUpCounts] = [:]
        for row in try await store.wrapUpRollup(ranges(period), filter: filter) {
            sums[Key(interval: detail ? row.interval : -1, workgroup: row.workgroup, agent: row.agent, code: row.code), default: WrapUpCounts()]
                .add(row.counts)
        }
        return sums.keys.sorted { ($0.interval, $0.workgroup, $0.agent, $0.code) < ($1.interval, $1.workgroup, $1.agent, $1.code) }.map { key in
            let counts = sums[key]!
            return WrapUpCodeRow(interval: key.interval < 0 ? nil : period.intervals[key.interval].label, workgroup: key.workgroup,
                                 agent: key.agent, code: key.code, interactions: counts.interactions,
                                 averageHandleMs: average(counts.handleMs, counts.interactions))
        }
    }
}
