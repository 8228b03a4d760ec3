/// The roll-up tables, one definition for both stores (SQLite names its 64-bit integer `INTEGER`, PostgreSQL `BIGINT`).
public enum ReportSchema {
    /// Migration 0024: the time per state moves from `report_agent_state` rows into columns of `report_agent`
    /// (that table keeps the not-ready reasons only), and a day grain appears (rows with grain 2, no DDL). The
    /// report fold's settings fingerprint changed with it, so the roll-ups are rebuilt from the event log. The column
    /// list is written out (frozen), like 0022's.
    public static func agentStateColumns(bigint: String) -> [String] {
        ["ready_ms", "not_ready_ms", "busy_ms", "idle_ms"].map { "ALTER TABLE report_agent ADD COLUMN \($0) \(bigint) NOT NULL DEFAULT 0" }
    }

    /// Migration 0022 (frozen: later migrations alter what it created).
    public static func statements(bigint: String, text: String = "TEXT", withoutRowID: String = "") -> [String] {
        let counts = ReportSQL.queueColumns.map { "\($0) \(bigint) NOT NULL DEFAULT 0" }.joined(separator: ", ")
        let agentCounts = ReportSQL.agentCountColumns.map { "\($0) \(bigint) NOT NULL DEFAULT 0" }.joined(separator: ", ")
        return [
            "CREATE TABLE report_position (id INTEGER PRIMARY KEY CHECK (id = 1), position \(bigint) NOT NULL, settings \(text) NOT NULL)",
            "INSERT INTO report_position (id, position, settings) VALUES (1, 0, '')",
            """
            CREATE TABLE report_interactions (
                interaction_id \(text) PRIMARY KEY, channel \(text) NOT NULL, visibility \(text) NOT NULL, created_ms \(bigint) NOT NULL,
                closed_ms \(bigint), workgroup \(text) NOT NULL, outcome \(text), deflection \(text), wrap_up_code \(text), agents \(text) NOT NULL,
                queue_wait_ms \(bigint) NOT NULL, handle_ms \(bigint) NOT NULL, offers \(bigint) NOT NULL, ronas \(bigint) NOT NULL,
                transfers \(bigint) NOT NULL, first_answered_ms \(bigint), visit_workgroup \(text), visit_start_ms \(bigint),
                segment_agent \(text), segment_start_ms \(bigint), segment_workgroup \(text), segment_visit_start_ms \(bigint),
                attempt_seq \(bigint) NOT NULL, offer_agent \(text), offer_start_ms \(bigint), auto_reply_reason \(text)
            )
            """,
            "CREATE INDEX report_interactions_created ON report_interactions (created_ms, interaction_id)",
            "CREATE INDEX report_interactions_waiting ON report_interactions (visit_start_ms) WHERE visit_start_ms IS NOT NULL",
            "CREATE INDEX report_interactions_open ON report_interactions (created_ms) WHERE outcome IS NULL",
            """
            CREATE TABLE report_attempts (
                interaction_id \(text) NOT NULL, seq \(bigint) NOT NULL, agent \(text) NOT NULL, workgroup \(text) NOT NULL,
                offered_ms \(bigint) NOT NULL, result \(text) NOT NULL, ended_ms \(bigint), PRIMARY KEY (interaction_id, seq)
            )
            """,
            "CREATE INDEX report_attempts_offered ON report_attempts (offered_ms)",
            """
            CREATE TABLE report_agents (
                agent \(text) PRIMARY KEY, state \(text) NOT NULL, reason \(text) NOT NULL, since_ms \(bigint) NOT NULL, held \(bigint) NOT NULL,
                busy_since_ms \(bigint), idle_since_ms \(bigint)
            )
            """,
            """
            CREATE TABLE report_queue (
                grain INTEGER NOT NULL, bucket \(bigint) NOT NULL, workgroup \(text) NOT NULL, channel \(text) NOT NULL, visibility \(text) NOT NULL,
                \(counts), PRIMARY KEY (grain, bucket, workgroup, channel, visibility)
            )\(withoutRowID)
            """,
            """
            CREATE TABLE report_agent (
                grain INTEGER NOT NULL, bucket \(bigint) NOT NULL, agent \(text) NOT NULL, \(agentCounts), PRIMARY KEY (grain, bucket, agent)
            )\(withoutRowID)
            """,
            """
            CREATE TABLE report_agent_state (
                grain INTEGER NOT NULL, bucket \(bigint) NOT NULL, agent \(text) NOT NULL, state \(text) NOT NULL, reason \(text) NOT NULL,
                ms \(bigint) NOT NULL DEFAULT 0, PRIMARY KEY (grain, bucket, agent, state, reason)
            )\(withoutRowID)
            """,
            """
            CREATE TABLE report_wrap_up (
                grain INTEGER NOT NULL, bucket \(bigint) NOT NULL, workgroup \(text) NOT NULL, agent \(text) NOT NULL, code \(text) NOT NULL,
                interactions \(bigint) NOT NULL DEFAULT 0, handle_ms \(bigint) NOT NULL DEFAULT 0, PRIMARY KEY (grain, bucket, workgroup, agent, code)
            )\(withoutRowID)
            """,
        ]
    }
}
