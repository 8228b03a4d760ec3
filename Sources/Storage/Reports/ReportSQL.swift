import Foundation

/// The roll-up tables' SQL, shared by SQLite and PostgreSQL (both take `ON CONFLICT … DO UPDATE` and `VALUES`
/// in a `WITH`). Placeholders are `?`; PostgreSQL numbers them. Bucket ranges and grains are integers Parley
/// computed, written into the text; everything else is bound.
public enum ReportSQL {
    /// Summed columns; `wait_answered_max_ms` keeps the larger value instead.
    public static let queueColumns = [
        "offered", "answered", "abandoned", "short_abandoned", "flowed_out", "transferred", "handled", "deflected_closed",
        "deflected_special_day", "deflected_emergency", "deflected_other", "non_actionable", "wait_answered_ms", "wait_answered_max_ms",
        "wait_abandoned_ms", "handle_ms", "waiting_ms", "inbound", "outbound",
    ] + (1...reportThresholdSlots).map { "sl\($0)" }
    /// The counts of migration 0022; 0024 added the time per state.
    static let agentCountColumns = [
        "offers", "accepted", "rejected", "ronas", "revoked", "handled", "handle_ms", "handle_max_ms", "transferred", "wrapped_up",
    ]
    static let agentStateColumns = ["ready_ms", "not_ready_ms", "busy_ms", "idle_ms"]
    public static let agentColumns = agentCountColumns + agentStateColumns
    static let maxColumns: Set = ["wait_answered_max_ms", "handle_max_ms"]

    public static let factColumns = [
        "interaction_id", "channel", "visibility", "created_ms", "closed_ms", "workgroup", "outcome", "deflection", "wrap_up_code", "agents",
        "queue_wait_ms", "handle_ms", "offers", "ronas", "transfers", "first_answered_ms", "visit_workgroup", "visit_start_ms",
        "segment_agent", "segment_start_ms", "segment_workgroup", "segment_visit_start_ms", "attempt_seq", "offer_agent", "offer_start_ms",
        "auto_reply_reason",
    ]
    public static let attemptColumns = ["interaction_id", "seq", "agent", "workgroup", "offered_ms", "result", "ended_ms"]
    public static let agentClockColumns = ["agent", "state", "reason", "since_ms", "held", "busy_since_ms", "idle_since_ms"]

    /// Every roll-up table, emptied by a rebuild.
    public static let tables = ["report_interactions", "report_attempts", "report_agents", "report_queue", "report_agent",
                                "report_agent_state", "report_wrap_up"]

    static func tuples(_ count: Int, rows: Int) -> String {
        let one = "(" + Array(repeating: "?", count: count).joined(separator: ", ") + ")"
        return Array(repeating: one, count: max(1, rows)).joined(separator: ", ")
    }

    static func upsert(_ table: String, keys: [String], columns: [String], rows: Int) -> String {
        let all = keys + columns
        let updates = columns.map { column in
            maxColumns.contains(column)
                ? "\(column) = CASE WHEN excluded.\(column) > \(table).\(column) THEN excluded.\(column) ELSE \(table).\(column) END"
                : "\(column) = \(table).\(column) + excluded.\(column)"
        }
        return "INSERT INTO \(table) (\(all.joined(separator: ", "))) VALUES \(tuples(all.count, rows: rows)) "
            + "ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))"
    }

    static func replace(_ table: String, key: [String], columns: [String], rows: Int) -> String {
        let rest = columns.filter { !key.contains($0) }
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(tuples(columns.count, rows: rows)) "
            + "ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET \(rest.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))"
    }

    /// The writes of one batch, for `rows` rows at once (keys are unique within a batch, so one statement never
    /// touches a row twice).
    public static func upsertQueue(rows: Int = 1) -> String {
        upsert("report_queue", keys: ["grain", "bucket", "workgroup", "channel", "visibility"], columns: queueColumns, rows: rows)
    }
    public static func upsertAgent(rows: Int = 1) -> String { upsert("report_agent", keys: ["grain", "bucket", "agent"], columns: agentColumns, rows: rows) }
    public static func upsertState(rows: Int = 1) -> String {
        upsert("report_agent_state", keys: ["grain", "bucket", "agent", "state", "reason"], columns: ["ms"], rows: rows)
    }
    public static func upsertWrapUp(rows: Int = 1) -> String {
        upsert("report_wrap_up", keys: ["grain", "bucket", "workgroup", "agent", "code"], columns: ["interactions", "handle_ms"], rows: rows)
    }
    public static func replaceFacts(rows: Int = 1) -> String { replace("report_interactions", key: ["interaction_id"], columns: factColumns, rows: rows) }
    public static func replaceAttempt(rows: Int = 1) -> String {
        replace("report_attempts", key: ["interaction_id", "seq"], columns: attemptColumns, rows: rows)
    }
    public static func replaceAgentClock(rows: Int = 1) -> String { replace("report_agents", key: ["agent"], columns: agentClockColumns, rows: rows) }

    /// `WITH iv(idx, grain, lo, hi) AS (VALUES …)`, the ranges a report reads.
    static func ranges(_ ranges: [BucketRange]) -> String {
        let rows = ranges.map { "(\($0.interval), \($0.grain.rawValue), \($0.lower), \($0.upper))" }
        return "WITH iv(idx, grain, lo, hi) AS (VALUES \(rows.joined(separator: ", ")))"
    }

    /// Filter conditions on `r.` columns, with their bound values.
    public static func filter(_ filter: RollupFilter, workgroup: Bool, agent: Bool, channel: Bool) -> (sql: String, values: [String]) {
        var parts: [String] = [], values: [String] = []
        func list(_ column: String, _ items: [String]?) {
            guard let items else { return }
            if items.isEmpty { parts.append("1 = 0"); return }
            parts.append("r.\(column) IN (\(items.map { _ in "?" }.joined(separator: ", ")))")
            values += items
        }
        if workgroup { list("workgroup", filter.workgroups) }
        if agent { list("agent", filter.agents) }
        if channel {
            list("channel", filter.channels)
            if let visibility = filter.visibility { parts.append("r.visibility = ?"); values.append(visibility) }
        }
        return (parts.isEmpty ? "" : " AND " + parts.joined(separator: " AND "), values)
    }

    /// Agent Social Engagement's rows: handled interactions closed in a range, with their scores.
    public static let scoredInteractions = """
        SELECT r.agents, r.closed_ms, i.sentiment, i.influence, i.actionability FROM report_interactions r
        JOIN interactions i ON i.id = r.interaction_id
        WHERE r.closed_ms >= ? AND r.closed_ms < ? AND r.agents <> '' ORDER BY r.closed_ms
        """

    /// Filters on Interaction Details: an agent filter matches any agent who accepted it.
    public static func factsFilter(_ filter: RollupFilter) -> (sql: String, values: [String]) {
        var condition = Self.filter(RollupFilter(workgroups: filter.workgroups, channels: filter.channels, visibility: filter.visibility),
                                    workgroup: true, agent: false, channel: true)
        if let agents = filter.agents {
            let any = agents.map { _ in "(',' || r.agents || ',') LIKE ('%,' || ? || ',%')" }
            condition.sql += agents.isEmpty ? " AND 1 = 0" : " AND (\(any.joined(separator: " OR ")))"
            condition.values += agents
        }
        return condition
    }

    /// Where every range is a single bucket, each stored row belongs to one interval as it is: the query returns the
    /// rows without `GROUP BY` (the callers sum by their own keys anyway), which spares SQLite's sorter — it cost
    /// more than the rows it saved (70 of 110 ms for Agent Performance of a day by 15 minutes).
    static func grouped(_ ranges: [BucketRange]) -> Bool { ranges.contains { $0.upper - $0.lower > 1 } }

    static func sums(_ columns: [String], grouped: Bool) -> String {
        columns.map { column in
            guard grouped else { return "r.\(column)" }
            return maxColumns.contains(column) ? "CAST(MAX(r.\(column)) AS BIGINT)" : "CAST(SUM(r.\(column)) AS BIGINT)"
        }.joined(separator: ", ")
    }

    /// `SELECT iv.idx, <keys>, <values> FROM iv JOIN <table> r …`, grouped by interval and keys when ranges span several buckets.
    static func rollup(_ table: String, keys: [String], columns: [String], _ ranges: [BucketRange], _ condition: (sql: String, values: [String]))
        -> (sql: String, values: [String]) {
        let grouped = grouped(ranges), keyList = keys.map { "r.\($0)" }.joined(separator: ", ")
        return ("""
            \(Self.ranges(ranges)) SELECT iv.idx, \(keyList), \(sums(columns, grouped: grouped)) FROM iv JOIN \(table) r
            ON r.grain = iv.grain AND r.bucket >= iv.lo AND r.bucket < iv.hi WHERE 1 = 1\(condition.sql)\(grouped ? " GROUP BY iv.idx, \(keyList)" : "")
            """, condition.values)
    }

    public static func queueQuery(_ ranges: [BucketRange], _ filter: RollupFilter) -> (sql: String, values: [String]) {
        rollup("report_queue", keys: ["workgroup"], columns: queueColumns, ranges, Self.filter(filter, workgroup: true, agent: false, channel: true))
    }

    public static func channelQuery(_ ranges: [BucketRange], _ filter: RollupFilter) -> (sql: String, values: [String]) {
        rollup("report_queue", keys: ["channel", "visibility"], columns: queueColumns, ranges,
               Self.filter(filter, workgroup: true, agent: false, channel: true))
    }

    public static func agentQuery(_ ranges: [BucketRange], _ filter: RollupFilter) -> (sql: String, values: [String]) {
        rollup("report_agent", keys: ["agent"], columns: agentColumns, ranges, Self.filter(filter, workgroup: false, agent: true, channel: false))
    }

    public static func stateQuery(_ ranges: [BucketRange], _ filter: RollupFilter) -> (sql: String, values: [String]) {
        rollup("report_agent_state", keys: ["agent", "state", "reason"], columns: ["ms"], ranges,
               Self.filter(filter, workgroup: false, agent: true, channel: false))
    }

    public static func wrapUpQuery(_ ranges: [BucketRange], _ filter: RollupFilter) -> (sql: String, values: [String]) {
        rollup("report_wrap_up", keys: ["workgroup", "agent", "code"], columns: ["interactions", "handle_ms"], ranges,
               Self.filter(filter, workgroup: true, agent: true, channel: false))
    }
}

extension QueueCounts {
    /// The values in `ReportSQL.queueColumns` order.
    public var columnValues: [Int64] {
        [offered, answered, abandoned, shortAbandoned, flowedOut, transferred, handled, deflectedClosed, deflectedSpecialDay,
         deflectedEmergency, deflectedOther, nonActionable, waitAnsweredMs, waitAnsweredMaxMs, waitAbandonedMs, handleMs, waitingMs, inbound,
         outbound] + answeredWithin
    }

    public init(columnValues v: [Int64]) {
        self.init()
        (offered, answered, abandoned, shortAbandoned, flowedOut, transferred, handled, deflectedClosed) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])
        (deflectedSpecialDay, deflectedEmergency, deflectedOther, nonActionable) = (v[8], v[9], v[10], v[11])
        (waitAnsweredMs, waitAnsweredMaxMs, waitAbandonedMs, handleMs) = (v[12], v[13], v[14], v[15])
        (waitingMs, inbound, outbound) = (v[16], v[17], v[18])
        answeredWithin = Array(v[19..<(19 + reportThresholdSlots)])
    }
}

extension AgentCounts {
    public var columnValues: [Int64] {
        [offers, accepted, rejected, ronas, revoked, handled, handleMs, handleMaxMs, transferred, wrappedUp, readyMs, notReadyMs, busyMs, idleMs]
    }

    public init(columnValues v: [Int64]) {
        self.init()
        (offers, accepted, rejected, ronas, revoked, handled, handleMs, handleMaxMs, transferred, wrappedUp) =
            (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9])
        (readyMs, notReadyMs, busyMs, idleMs) = (v[10], v[11], v[12], v[13])
    }
}
