import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: ReportStore {
    public func reportPosition() async throws -> Int64 {
        try await read { db in try await db.value("SELECT position FROM report_position WHERE id = 1", as: Int64.self) ?? 0 }
    }

    public func reportFacts(interactions: [String], agents: [String]) async throws -> (facts: [InteractionFacts], agents: [AgentLive]) {
        try await read { db in
            let facts = interactions.isEmpty ? [] : try await db.rows("SELECT * FROM report_interactions WHERE interaction_id = ANY(\(interactions))")
            let clocks = agents.isEmpty ? [] : try await db.rows("SELECT * FROM report_agents WHERE agent = ANY(\(agents))")
            return (try facts.map(Self.facts), try clocks.map(Self.clock))
        }
    }

    public func applyReport(_ changes: ReportChanges, expected: Int64) async throws {
        try await write { db in
            let moved = try await db.rows("UPDATE report_position SET position = \(changes.position) WHERE id = 1 AND position = \(expected) RETURNING id")
            guard moved.count == 1 else { throw StoreError.conflict("report roll-ups moved past \(expected)") }
            try await Self.write(changes.facts.map(Self.values), width: ReportSQL.factColumns.count, db, ReportSQL.replaceFacts)
            try await Self.write(changes.attempts.map { row -> [(any PostgresEncodable)?] in
                [row.interactionID, row.seq, row.agent, row.workgroup, row.offeredMs, row.result, row.endedMs]
            }, width: ReportSQL.attemptColumns.count, db, ReportSQL.replaceAttempt)
            try await Self.write(changes.agents.map { row -> [(any PostgresEncodable)?] in
                [row.agent, row.state, row.reason, row.sinceMs, row.held, row.busySinceMs, row.idleSinceMs]
            }, width: ReportSQL.agentClockColumns.count, db, ReportSQL.replaceAgentClock)
            try await Self.write(changes.queue.map { key, counts -> [(any PostgresEncodable)?] in
                [Int64(key.grain.rawValue), key.bucket, key.workgroup, key.channel, key.visibility] + counts.columnValues.map { $0 }
            }, width: 5 + ReportSQL.queueColumns.count, db, ReportSQL.upsertQueue)
            try await Self.write(changes.agentCounts.map { key, counts -> [(any PostgresEncodable)?] in
                [Int64(key.grain.rawValue), key.bucket, key.agent] + counts.columnValues.map { $0 }
            }, width: 3 + ReportSQL.agentColumns.count, db, ReportSQL.upsertAgent)
            try await Self.write(changes.states.map { key, ms -> [(any PostgresEncodable)?] in
                [Int64(key.grain.rawValue), key.bucket, key.agent, key.state, key.reason, ms]
            }, width: 6, db, ReportSQL.upsertState)
            try await Self.write(changes.wrapUps.map { key, counts -> [(any PostgresEncodable)?] in
                [Int64(key.grain.rawValue), key.bucket, key.workgroup, key.agent, key.code, counts.interactions, counts.handleMs]
            }, width: 7, db, ReportSQL.upsertWrapUp)
        }
    }

    public func reportSettings() async throws -> String {
        try await read { db in try await db.value("SELECT settings FROM report_position WHERE id = 1", as: String.self) ?? "" }
    }

    public func resetReports(settings: String) async throws {
        try await write { db in
            for table in ReportSQL.tables { try await db.execute(PostgresQuery(unsafeSQL: "DELETE FROM \(table)")) }
            try await db.execute("UPDATE report_position SET position = 0, settings = \(settings) WHERE id = 1")
        }
    }

    public func queueRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalQueueRow] {
        guard !ranges.isEmpty else { return [] }
        let query = ReportSQL.queueQuery(ranges, filter)
        return try await read { db in
            try await db.rows(Self.query(query.sql, query.values)).map { row in
                IntervalQueueRow(interval: Int(try row[0] as Int64), workgroup: try row[1],
                                 counts: QueueCounts(columnValues: try (2..<(2 + ReportSQL.queueColumns.count)).map { (try row[$0] as Int64?) ?? 0 }))
            }
        }
    }

    public func agentRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalAgentRow] {
        guard !ranges.isEmpty else { return [] }
        let query = ReportSQL.agentQuery(ranges, filter)
        return try await read { db in
            try await db.rows(Self.query(query.sql, query.values)).map { row in
                IntervalAgentRow(interval: Int(try row[0] as Int64), agent: try row[1],
                                 counts: AgentCounts(columnValues: try (2..<(2 + ReportSQL.agentColumns.count)).map { (try row[$0] as Int64?) ?? 0 }))
            }
        }
    }

    public func stateRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalStateRow] {
        guard !ranges.isEmpty else { return [] }
        let query = ReportSQL.stateQuery(ranges, filter)
        return try await read { db in
            try await db.rows(Self.query(query.sql, query.values)).map { row in
                IntervalStateRow(interval: Int(try row[0] as Int64), agent: try row[1], state: try row[2], reason: try row[3],
                                 milliseconds: (try row[4] as Int64?) ?? 0)
            }
        }
    }

    public func wrapUpRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalWrapUpRow] {
        guard !ranges.isEmpty else { return [] }
        let query = ReportSQL.wrapUpQuery(ranges, filter)
        return try await read { db in
            try await db.rows(Self.query(query.sql, query.values)).map { row in
                IntervalWrapUpRow(interval: Int(try row[0] as Int64), workgroup: try row[1], agent: try row[2], code: try row[3],
                                  counts: WrapUpCounts(interactions: (try row[4] as Int64?) ?? 0, handleMs: (try row[5] as Int64?) ?? 0))
            }
        }
    }

    public func interactionFacts(fromMs: Int64, toMs: Int64, filter: RollupFilter, after: (Int64, String)?, limit: Int) async throws -> [InteractionFacts] {
        let condition = ReportSQL.factsFilter(filter)
        var sql = "SELECT * FROM report_interactions r WHERE r.created_ms >= ? AND r.created_ms < ?\(condition.sql)"
        var values: [(any PostgresEncodable)?] = [fromMs, toMs] + condition.values.map { $0 }
        if let after {
            sql += " AND (r.created_ms > ? OR (r.created_ms = ? AND r.interaction_id > ?))"
            values += [after.0, after.0, after.1]
        }
        sql += " ORDER BY r.created_ms, r.interaction_id LIMIT \(max(0, limit))"
        let query = try Self.query(sql, values)
        return try await read { db in try await db.rows(query).map(Self.facts) }
    }

    public func handlingAttempts(fromMs: Int64, toMs: Int64, filter: RollupFilter, limit: Int) async throws -> [HandlingAttempt] {
        let condition = ReportSQL.filter(filter, workgroup: true, agent: true, channel: false)
        let query = try Self.query("""
            SELECT * FROM report_attempts r WHERE r.offered_ms >= ? AND r.offered_ms < ?\(condition.sql)
            ORDER BY r.offered_ms, r.interaction_id, r.seq LIMIT \(max(0, limit))
            """, [fromMs, toMs] + condition.values.map { $0 })
        return try await read { db in
            try await db.rows(query).map { row in
                HandlingAttempt(interactionID: try row["interaction_id"], seq: try row["seq"], agent: try row["agent"], workgroup: try row["workgroup"],
                                offeredMs: try row["offered_ms"], result: try row["result"], endedMs: try row["ended_ms"])
            }
        }
    }

    public func openVisits() async throws -> [InteractionFacts] {
        try await read { db in
            try await db.rows("SELECT * FROM report_interactions WHERE visit_start_ms IS NOT NULL ORDER BY visit_start_ms").map(Self.facts)
        }
    }

    public func openInteractions() async throws -> [InteractionFacts] {
        try await read { db in
            try await db.rows("SELECT * FROM report_interactions WHERE outcome IS NULL ORDER BY created_ms").map(Self.facts)
        }
    }

    public func channelRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [ChannelQueueRow] {
        guard !ranges.isEmpty else { return [] }
        let query = ReportSQL.channelQuery(ranges, filter)
        return try await read { db in
            try await db.rows(Self.query(query.sql, query.values)).map { row in
                ChannelQueueRow(interval: Int(try row[0] as Int64), channel: try row[1], visibility: try row[2],
                                counts: QueueCounts(columnValues: try (3..<(3 + ReportSQL.queueColumns.count)).map { (try row[$0] as Int64?) ?? 0 }))
            }
        }
    }

    public func scoredInteractions(fromMs: Int64, toMs: Int64) async throws -> [ScoredInteraction] {
        let query = try Self.query(ReportSQL.scoredInteractions, [fromMs, toMs])
        return try await read { db in
            try await db.rows(query).map { row in
                ScoredInteraction(agents: try row[0], closedMs: try row[1], sentiment: try row[2], influence: try row[3], actionability: try row[4])
            }
        }
    }

    public func agentClocks() async throws -> [AgentLive] {
        try await read { db in try await db.rows("SELECT * FROM report_agents ORDER BY agent").map(Self.clock) }
    }

    /// Many rows per statement (a round trip each), up to PostgreSQL's limit of bound values.
    static func write(_ rows: [[(any PostgresEncodable)?]], width: Int, _ db: DB, _ sql: (Int) -> String) async throws {
        let perStatement = max(1, min(500, 30_000 / max(1, width)))
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let chunk = rows[start..<min(rows.count, start + perStatement)]
            try await db.execute(try query(sql(chunk.count), chunk.flatMap { $0 }))
        }
    }

    /// `ReportSQL`'s text with its `?` placeholders numbered, and the values bound in order.
    static func query(_ sql: String, _ values: [(any PostgresEncodable)?]) throws -> PostgresQuery {
        var text = "", number = 0
        for character in sql {
            if character == "?" {
                number += 1
                text += "$\(number)"
            } else {
                text.append(character)
            }
        }
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            if let value { try binds.append(value) } else { binds.appendNull() }
        }
        return PostgresQuery(unsafeSQL: text, binds: binds)
    }

    static func values(_ f: InteractionFacts) -> [(any PostgresEncodable)?] {
        [f.interactionID, f.channel, f.visibility, f.createdMs, f.closedMs, f.workgroup, f.outcome, f.deflection, f.wrapUpCode, f.agents,
         f.queueWaitMs, f.handleMs, f.offers, f.ronas, f.transfers, f.firstAnsweredMs, f.visitWorkgroup, f.visitStartMs, f.segmentAgent,
         f.segmentStartMs, f.segmentWorkgroup, f.segmentVisitStartMs, f.attemptSeq, f.offerAgent, f.offerStartMs, f.autoReplyReason]
    }

    static func facts(_ row: Row) throws -> InteractionFacts {
        var f = InteractionFacts(interactionID: try row["interaction_id"], channel: try row["channel"], visibility: try row["visibility"],
                                 createdMs: try row["created_ms"], workgroup: try row["workgroup"], agents: try row["agents"])
        f.closedMs = try row["closed_ms"]
        f.outcome = try row["outcome"]
        f.deflection = try row["deflection"]
        f.wrapUpCode = try row["wrap_up_code"]
        f.queueWaitMs = try row["queue_wait_ms"]
        f.handleMs = try row["handle_ms"]
        f.offers = try row["offers"]
        f.ronas = try row["ronas"]
        f.transfers = try row["transfers"]
        f.firstAnsweredMs = try row["first_answered_ms"]
        f.visitWorkgroup = try row["visit_workgroup"]
        f.visitStartMs = try row["visit_start_ms"]
        f.segmentAgent = try row["segment_agent"]
        f.segmentStartMs = try row["segment_start_ms"]
        f.segmentWorkgroup = try row["segment_workgroup"]
        f.segmentVisitStartMs = try row["segment_visit_start_ms"]
        f.attemptSeq = try row["attempt_seq"]
        f.offerAgent = try row["offer_agent"]
        f.offerStartMs = try row["offer_start_ms"]
        f.autoReplyReason = try row["auto_reply_reason"]
        return f
    }

    static func clock(_ row: Row) throws -> AgentLive {
        AgentLive(agent: try row["agent"], state: try row["state"], reason: try row["reason"], sinceMs: try row["since_ms"], held: try row["held"],
                  busySinceMs: try row["busy_since_ms"], idleSinceMs: try row["idle_since_ms"])
    }
}
