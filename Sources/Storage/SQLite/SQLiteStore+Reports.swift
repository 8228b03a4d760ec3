import Domain
import Foundation
import GRDB

extension SQLiteStore: ReportStore {
    public func reportPosition() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT position FROM report_position WHERE id = 1") ?? 0 }
    }

    public func reportFacts(interactions: [String], agents: [String]) async throws -> (facts: [InteractionFacts], agents: [AgentLive]) {
        try await pool.read { db in
            var facts: [InteractionFacts] = [], clocks: [AgentLive] = []
            for chunk in interactions.chunked(500) {
                facts += try Row.fetchAll(db, sql: "SELECT * FROM report_interactions WHERE interaction_id IN (\(Self.marks(chunk.count)))",
                                          arguments: StatementArguments(chunk)).map(Self.facts)
            }
            for chunk in agents.chunked(500) {
                clocks += try Row.fetchAll(db, sql: "SELECT * FROM report_agents WHERE agent IN (\(Self.marks(chunk.count)))",
                                           arguments: StatementArguments(chunk)).map(Self.clock)
            }
            return (facts, clocks)
        }
    }

    public func applyReport(_ changes: ReportChanges, expected: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE report_position SET position = ? WHERE id = 1 AND position = ?", arguments: [changes.position, expected])
            guard db.changesCount == 1 else { throw StoreError.conflict("report roll-ups moved past \(expected)") }
            try Self.write(changes, into: db)
        }
    }

    static func write(_ changes: ReportChanges, into db: Database) throws {
        let facts = try db.cachedStatement(sql: ReportSQL.replaceFacts())
        for row in changes.facts { try facts.execute(arguments: StatementArguments(Self.values(row))) }
        let attempts = try db.cachedStatement(sql: ReportSQL.replaceAttempt())
        for row in changes.attempts {
            try attempts.execute(arguments: [row.interactionID, row.seq, row.agent, row.workgroup, row.offeredMs, row.result, row.endedMs])
        }
        let clocks = try db.cachedStatement(sql: ReportSQL.replaceAgentClock())
        for row in changes.agents {
            try clocks.execute(arguments: [row.agent, row.state, row.reason, row.sinceMs, row.held, row.busySinceMs, row.idleSinceMs])
        }
        let queue = try db.cachedStatement(sql: ReportSQL.upsertQueue())
        for (key, counts) in changes.queue {
            let values: [any DatabaseValueConvertible] = [key.grain.rawValue, key.bucket, key.workgroup, key.channel, key.visibility]
            try queue.execute(arguments: StatementArguments(values + counts.columnValues.map { $0 as any DatabaseValueConvertible }))
        }
        let agent = try db.cachedStatement(sql: ReportSQL.upsertAgent())
        for (key, counts) in changes.agentCounts {
            let values: [any DatabaseValueConvertible] = [key.grain.rawValue, key.bucket, key.agent]
            try agent.execute(arguments: StatementArguments(values + counts.columnValues.map { $0 as any DatabaseValueConvertible }))
        }
        let state = try db.cachedStatement(sql: ReportSQL.upsertState())
        for (key, ms) in changes.states {
            try state.execute(arguments: [key.grain.rawValue, key.bucket, key.agent, key.state, key.reason, ms])
        }
        let wrapUp = try db.cachedStatement(sql: ReportSQL.upsertWrapUp())
        for (key, counts) in changes.wrapUps {
            try wrapUp.execute(arguments: [key.grain.rawValue, key.bucket, key.workgroup, key.agent, key.code, counts.interactions, counts.handleMs])
        }
    }

    public func reportSettings() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "SELECT settings FROM report_position WHERE id = 1") ?? "" }
    }

    public func resetReports(settings: String) async throws {
        try await pool.write { db in
            for table in ReportSQL.tables { try db.execute(sql: "DELETE FROM \(table)") }
            try db.execute(sql: "UPDATE report_position SET position = 0, settings = ? WHERE id = 1", arguments: [settings])
        }
    }

    public func queueRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalQueueRow] {
        guard !ranges.isEmpty else { return [] }
        let query = ReportSQL.queueQuery(ranges, filter)
        return try await pool.read { db in
            try Self.collect(db, query) { row in
                IntervalQueueRow(interval: row[0], workgroup: row[1],
                                 counts: QueueCounts(columnValues: (2..<(2 + ReportSQL.queueColumns.count)).map { row[$0] ?? 0 }))
            }
        }
    }

    public func agentRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalAgentRow] {
        guard !ranges.isEmpty else { return [] }
        let query = ReportSQL.agentQuery(ranges, filter)
        return try await pool.read { db in
            try Self.collect(db, query) { row in
                IntervalAgentRow(interval: row[0], agent: row[1],
                                 counts: AgentCounts(columnValues: (2..<(2 + ReportSQL.agentColumns.count)).map { row[$0] ?? 0 }))
            }
        }
    }

    public func stateRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalStateRow] {
        guard !ranges.isEmpty else { return [] }
        let query = ReportSQL.stateQuery(ranges, filter)
        return try await pool.read { db in
            try Self.collect(db, query) { row in
                IntervalStateRow(interval: row[0], agent: row[1], state: row[2], reason: row[3], milliseconds: row[4] ?? 0)
            }
        }
    }

    public func wrapUpRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalWrapUpRow] {
        guard !ranges.isEmpty else { return [] }
        let query = ReportSQL.wrapUpQuery(ranges, filter)
        return try await pool.read { db in
            try Self.collect(db, query) { row in
                IntervalWrapUpRow(interval: row[0], workgroup: row[1], agent: row[2], code: row[3],
                                  counts: WrapUpCounts(interactions: row[4] ?? 0, handleMs: row[5] ?? 0))
            }
        }
    }

    public func interactionFacts(fromMs: Int64, toMs: Int64, filter: RollupFilter, after: (Int64, String)?, limit: Int) async throws -> [InteractionFacts] {
        let condition = ReportSQL.factsFilter(filter)
        var sql = "SELECT * FROM report_interactions r WHERE r.created_ms >= ? AND r.created_ms < ?\(condition.sql)"
        var values: [any DatabaseValueConvertible] = [fromMs, toMs] + condition.values.map { $0 as any DatabaseValueConvertible }
        if let after {
            sql += " AND (r.created_ms > ? OR (r.created_ms = ? AND r.interaction_id > ?))"
            values += [after.0, after.0, after.1]
        }
        sql += " ORDER BY r.created_ms, r.interaction_id LIMIT \(max(0, limit))"
        let statement = sql, arguments = values.map(\.databaseValue)
        return try await pool.read { db in try Row.fetchAll(db, sql: statement, arguments: StatementArguments(arguments)).map(Self.facts) }
    }

    public func handlingAttempts(fromMs: Int64, toMs: Int64, filter: RollupFilter, limit: Int) async throws -> [HandlingAttempt] {
        let condition = ReportSQL.filter(filter, workgroup: true, agent: true, channel: false)
        let sql = "SELECT * FROM report_attempts r WHERE r.offered_ms >= ? AND r.offered_ms < ?\(condition.sql) ORDER BY r.offered_ms, r.interaction_id, r.seq LIMIT \(max(0, limit))"
        let values = ([fromMs, toMs] + condition.values.map { $0 as any DatabaseValueConvertible }).map(\.databaseValue)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values)).map { row in
                HandlingAttempt(interactionID: row["interaction_id"], seq: row["seq"], agent: row["agent"], workgroup: row["workgroup"],
                                offeredMs: row["offered_ms"], result: row["result"], endedMs: row["ended_ms"])
            }
        }
    }

    public func openVisits() async throws -> [InteractionFacts] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM report_interactions WHERE visit_start_ms IS NOT NULL ORDER BY visit_start_ms").map(Self.facts)
        }
    }

    public func openInteractions() async throws -> [InteractionFacts] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM report_interactions WHERE outcome IS NULL ORDER BY created_ms").map(Self.facts)
        }
    }

    public func channelRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [ChannelQueueRow] {
        guard !ranges.isEmpty else { return [] }
        let query = ReportSQL.channelQuery(ranges, filter)
        return try await pool.read { db in
            try Self.collect(db, query) { row in
                ChannelQueueRow(interval: row[0], channel: row[1], visibility: row[2],
                                counts: QueueCounts(columnValues: (3..<(3 + ReportSQL.queueColumns.count)).map { row[$0] ?? 0 }))
            }
        }
    }

    public func scoredInteractions(fromMs: Int64, toMs: Int64) async throws -> [ScoredInteraction] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: ReportSQL.scoredInteractions, arguments: [fromMs, toMs]).map { row in
                ScoredInteraction(agents: row[0], closedMs: row[1], sentiment: row[2], influence: row[3], actionability: row[4])
            }
        }
    }

    public func agentClocks() async throws -> [AgentLive] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM report_agents ORDER BY agent").map(Self.clock) }
    }

    /// A roll-up query's rows, read straight from the statement (no intermediate `[Row]`).
    static func collect<T>(_ db: Database, _ query: (sql: String, values: [String]), _ make: (Row) throws -> T) throws -> [T] {
        let cursor = try Row.fetchCursor(db, sql: query.sql, arguments: StatementArguments(query.values))
        var result: [T] = []
        while let row = try cursor.next() { result.append(try make(row)) }
        return result
    }

    static func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    static func values(_ f: InteractionFacts) -> [any DatabaseValueConvertible] {
        let values: [(any DatabaseValueConvertible)?] = [
            f.interactionID, f.channel, f.visibility, f.createdMs, f.closedMs, f.workgroup, f.outcome, f.deflection, f.wrapUpCode, f.agents,
            f.queueWaitMs, f.handleMs, f.offers, f.ronas, f.transfers, f.firstAnsweredMs, f.visitWorkgroup, f.visitStartMs, f.segmentAgent,
            f.segmentStartMs, f.segmentWorkgroup, f.segmentVisitStartMs, f.attemptSeq, f.offerAgent, f.offerStartMs, f.autoReplyReason,
        ]
        return values.map { $0 ?? DatabaseValue.null }
    }

    static func facts(_ row: Row) -> InteractionFacts {
        var f = InteractionFacts(interactionID: row["interaction_id"], channel: row["channel"], visibility: row["visibility"],
                                 createdMs: row["created_ms"], workgroup: row["workgroup"], agents: row["agents"])
        f.closedMs = row["closed_ms"]
        f.outcome = row["outcome"]
        f.deflection = row["deflection"]
        f.wrapUpCode = row["wrap_up_code"]
        f.queueWaitMs = row["queue_wait_ms"]
        f.handleMs = row["handle_ms"]
        f.offers = row["offers"]
        f.ronas = row["ronas"]
        f.transfers = row["transfers"]
        f.firstAnsweredMs = row["first_answered_ms"]
        f.visitWorkgroup = row["visit_workgroup"]
        f.visitStartMs = row["visit_start_ms"]
        f.segmentAgent = row["segment_agent"]
        f.segmentStartMs = row["segment_start_ms"]
        f.segmentWorkgroup = row["segment_workgroup"]
        f.segmentVisitStartMs = row["segment_visit_start_ms"]
        f.attemptSeq = row["attempt_seq"]
        f.offerAgent = row["offer_agent"]
        f.offerStartMs = row["offer_start_ms"]
        f.autoReplyReason = row["auto_reply_reason"]
        return f
    }

    static func clock(_ row: Row) -> AgentLive {
        AgentLive(agent: row["agent"], state: row["state"], reason: row["reason"], sinceMs: row["since_ms"], held: row["held"],
                  busySinceMs: row["busy_since_ms"], idleSinceMs: row["idle_since_ms"])
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
