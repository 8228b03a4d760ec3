/// Every table of a Parley database, as `parley migrate-data` copies it from one store to the other: columns in a
/// fixed order with a store-neutral kind, the primary key that orders the rows, and what the copy must do besides
/// inserting rows. Listed parents first, so rows can be inserted table by table without breaking a foreign key.
///
/// This list describes the schema after `version`. Both stores' migrations are checked against it before a copy,
/// and every table and column found in either database must appear here: a migration that adds a table or column
/// without updating this list makes `migrate-data` refuse, rather than silently leave data behind.
public enum TransferSchema {
    /// The last migration this description matches (the same identifier in SQLite and PostgreSQL).
    public static let version = "0025_inbox_file"

    public static let tables: [TransferTable] = [
        TransferTable("deliveries", key: ["id"], serial: "id", [
            .integer("id"), .text("source"), .real("received_at"), .blob("body"), .integer("event_count"),
            .text("poison_reason"),
        ]),
        TransferTable("inbox_events", key: ["id"], serial: "id", [
            .integer("id"), .integer("delivery_id"), .text("channel"), .text("dedupe_key"), .text("category"),
            // SQLite keeps one "processed through" for its inbox file (SQLiteInboxFile); the events up to it carry when
            // it last moved.
            .real("occurred_at"), .real("received_at"), .integer("event_index"), .real("processed_at", sqlite: """
                (CASE WHEN id <= (SELECT processed_through FROM main.inbox_progress) THEN (SELECT processed_at FROM main.inbox_progress) END)
                """),
        ]),
        TransferTable("event_log", key: ["position"], [
            .integer("position"), .text("type"), .integer("version"), .real("recorded_at"), .blob("body"),
        ]),
        TransferTable("outbox", key: ["id"], serial: "id", [
            .integer("id"), .text("channel"), .text("idempotency_key"), .text("method"), .text("path"), .blob("headers"),
            .blob("body"), .text("state"), .integer("attempts"), .real("created_at"), .real("next_attempt_at"),
            .real("deadline"), .text("last_error"), .text("platform_message_id"), .real("finished_at"), .text("message_id"),
        ]),
        TransferTable("health_probe", key: ["id"], serial: "id", [.integer("id"), .blob("filler")]),
        TransferTable("users", key: ["id"], [
            .text("id"), .text("username"), .text("display_name"), .text("roles"), .text("password_hash"),
            .boolean("active"), .blob("profile"), .real("created_at"),
        ]),
        TransferTable("wrap_up_codes", key: ["id"], seeded: true, [.text("id"), .text("name"), .boolean("active")]),
        TransferTable("not_ready_reasons", key: ["id"], seeded: true, [.text("id"), .text("name"), .boolean("active")]),
        TransferTable("skills", key: ["id"], [.text("id"), .text("name")]),
        TransferTable("workgroups", key: ["id"], [.text("id"), .text("name"), .blob("definition")]),
        TransferTable("channels", key: ["id"], [
            .text("id"), .text("kind"), .text("account_id"), .text("name"), .blob("definition"),
        ]),
        TransferTable("sessions", key: ["token_hash"], [
            .text("token_hash"), .text("user_id"), .text("csrf_token"), .real("created_at"), .real("expires_at"),
        ]),
        TransferTable("api_tokens", key: ["id"], [
            .text("id"), .text("user_id"), .text("name"), .text("token_hash"), .real("created_at"), .real("revoked_at"),
        ]),
        TransferTable("audit_log", key: ["id"], serial: "id", [
            .integer("id"), .real("at"), .text("actor"), .text("action"), .text("subject"), .text("outcome"),
        ]),
        TransferTable("contacts", key: ["id"], [
            .text("id"), .text("display_name"), .real("created_at"), .text("avatar_url"), .integer("follower_count"),
            .boolean("verified"), .boolean("follows_company"),
        ]),
        TransferTable("identities", key: ["platform", "scope", "external_id"], [
            .text("platform"), .text("scope"), .text("external_id"), .text("contact_id"), .text("handle"),
            .text("display_name"), .text("phone"), .text("email"), .text("phone_key"), .text("email_key"),
        ]),
        TransferTable("interactions", key: ["id"], [
            .text("id"), .text("channel"), .text("channel_id"), .text("thread_key"), .blob("thread"), .text("visibility"),
            .text("contact_id"), .text("state"), .text("outcome"), .text("workgroup_id"), .integer("priority"),
            .text("assigned_agent_id"), .real("created_at"), .real("updated_at"), .real("last_customer_message_at"),
            .real("closed_at"), .text("wrap_up_code"), .real("actionability"), .real("sentiment"), .real("influence"),
            .text("category"), .text("language"),
        ]),
        // `seq` is the order messages were stored in: SQLite's implicit rowid, PostgreSQL's own column.
        TransferTable("messages", key: ["id"], serial: "seq", [
            .text("id"), .integer("seq", sqlite: "rowid"), .text("interaction_id"), .text("channel"), .text("direction"),
            .text("visibility"), .text("author"), .text("agent_id"), .text("text"), .blob("attachments"),
            .text("platform_message_id"), .text("delivery_status"), .text("failure_reason"), .real("sent_at"),
            .integer("stored_seq"), .real("edited_at"), .real("deleted_at"), .text("client_key"), .real("hidden_at"),
            .boolean("outside_parley"), .text("reaction"),
        ]),
        TransferTable("agent_states", key: ["user_id"], [
            .text("user_id"), .text("state"), .text("reason"), .real("since"),
        ]),
        TransferTable("routing_decisions", key: ["id"], serial: "id", [
            .integer("id"), .text("interaction_id"), .text("agent_id"), .text("decision"), .text("rule"),
            .text("explanation"), .real("decided_at"),
        ]),
        TransferTable("routing_reservations", key: ["interaction_id"], [
            .text("interaction_id"), .text("agent_id"), .real("until"), .text("rule"),
        ]),
        TransferTable("calendars", key: ["id"], [.text("id"), .text("name"), .blob("definition")]),
        TransferTable("auto_replies", key: ["contact_id", "period"], [
            .text("contact_id"), .text("period"), .text("interaction_id"), .text("message_id"), .text("reason"), .real("sent_at"),
        ]),
        TransferTable("routing_holds", key: ["interaction_id"], [
            .text("interaction_id"), .real("until"), .text("reason"), .real("since"),
        ]),
        TransferTable("contact_merges", key: ["id"], [
            .text("id"), .text("absorbed_id"), .text("kept_id"), .text("merged_by"), .real("merged_at"), .blob("identities"),
            .blob("interactions"), .text("undone_by"), .real("undone_at"),
        ]),
        TransferTable("interaction_actions", key: ["id"], [
            .text("id"), .text("interaction_id"), .text("action"), .text("target"), .text("agent_id"), .integer("outbox_id"),
            .real("created_at"),
        ]),
        TransferTable("message_revisions", key: ["message_id", "revision"], [
            .text("message_id"), .integer("revision"), .text("text"), .real("replaced_at"),
        ]),
        TransferTable("media_fetches", key: ["id"], [
            .text("id"), .text("message_id"), .integer("position"), .text("channel"), .text("source"), .text("state"),
            .text("reason"), .text("file"), .text("mime_type"), .integer("size"), .integer("attempts"), .real("created_at"),
            .real("next_attempt_at"),
        ]),
        TransferTable("channel_followers", key: ["channel", "person"], [
            .text("channel"), .text("person"), .boolean("follows"), .real("changed_at"),
        ]),
        // Sealed with the instance key: a copy is usable only by a Parley with the same PARLEY_SECRET_KEY or secret.key.
        TransferTable("channel_tokens", key: ["channel"], [
            .text("channel"), .text("access_token"), .real("access_expires_at"), .text("refresh_token"), .text("lineage"),
            .real("updated_at"),
        ]),
        TransferTable("standard_responses", key: ["id"], [
            .text("id"), .text("title"), .text("category"), .text("source"), .blob("definition"), .real("created_at"),
            .real("updated_at"),
        ]),
        TransferTable("notes", key: ["id"], [
            .text("id"), .text("interaction_id"), .text("contact_id"), .text("author_id"), .text("text"), .real("created_at"),
        ]),
        // The lease row is seeded by the migration; a copy carries the last term over (a new leader takes a higher one).
        TransferTable("routing_leader", key: ["id"], seeded: true, [.integer("id"), .text("node"), .integer("epoch"), .real("expires_at")]),
        TransferTable("routing_commands", key: ["id"], serial: "id", [
            .integer("id"), .text("node"), .text("request"), .real("created_at"), .real("done_at"), .integer("epoch"), .text("reply"),
            .text("error"),
        ]),
    ] + reportTables

    /// The report roll-ups (derived from the event log, copied as they are so the target needs no rebuild).
    static let reportTables: [TransferTable] = {
        let texts: Set = ["interaction_id", "channel", "visibility", "workgroup", "outcome", "deflection", "wrap_up_code", "agents",
                          "visit_workgroup", "segment_agent", "segment_workgroup", "offer_agent", "auto_reply_reason", "agent", "result",
                          "state", "reason", "code", "settings"]
        func columns(_ names: [String]) -> [TransferColumn] { names.map { texts.contains($0) ? .text($0) : .integer($0) } }
        let queueKey = ["grain", "bucket", "workgroup", "channel", "visibility"]
        return [
            TransferTable("report_position", key: ["id"], seeded: true, columns(["id", "position", "settings"])),
            TransferTable("report_interactions", key: ["interaction_id"], columns(ReportSQL.factColumns)),
            TransferTable("report_attempts", key: ["interaction_id", "seq"], columns(ReportSQL.attemptColumns)),
            TransferTable("report_agents", key: ["agent"], columns(ReportSQL.agentClockColumns)),
            TransferTable("report_queue", key: queueKey, columns(queueKey + ReportSQL.queueColumns)),
            TransferTable("report_agent", key: ["grain", "bucket", "agent"], columns(["grain", "bucket", "agent"] + ReportSQL.agentColumns)),
            TransferTable("report_agent_state", key: ["grain", "bucket", "agent", "state", "reason"],
                          columns(["grain", "bucket", "agent", "state", "reason", "ms"])),
            TransferTable("report_wrap_up", key: ["grain", "bucket", "workgroup", "agent", "code"],
                          columns(["grain", "bucket", "workgroup", "agent", "code", "interactions", "handle_ms"])),
        ]
    }()
}

public struct TransferTable: Sendable {
    public let name: String
    public let columns: [TransferColumn]
    /// The primary key's columns: rows are read in this order on both sides, so their checksums compare.
    public let key: [String]
    /// The column PostgreSQL fills from a sequence (`bigserial`), to be moved past the copied values.
    public let serial: String?
    /// Migrations insert reference rows here (wrap-up codes, not-ready reasons): the copy replaces them with the
    /// source's, and they do not make a target count as "not empty".
    public let seeded: Bool

    init(_ name: String, key: [String], serial: String? = nil, seeded: Bool = false, _ columns: [TransferColumn]) {
        self.name = name
        self.columns = columns
        self.key = key
        self.serial = serial
        self.seeded = seeded
    }

    public var serialColumn: TransferColumn? { serial.flatMap { name in columns.first { $0.name == name } } }

    /// Positions of the key's columns in `columns`.
    public var keyIndices: [Int] { key.map { name in columns.firstIndex { $0.name == name }! } }

    /// The table's name quoted as an SQL identifier (the same in both dialects).
    public var quotedName: String { "\"\(name)\"" }
}

public struct TransferColumn: Sendable {
    public enum Kind: Sendable {
        /// SQLite INTEGER, PostgreSQL bigint.
        case integer
        /// Epoch seconds and other doubles: SQLite REAL, PostgreSQL double precision.
        case real
        case text
        /// SQLite BLOB, PostgreSQL bytea.
        case blob
        /// SQLite INTEGER 0/1, PostgreSQL boolean; carried (and checksummed) as the integer 0 or 1.
        case boolean
    }

    public let name: String
    public let kind: Kind
    /// What SQLite selects for this column when it has no column of that name (`rowid`, an inbox event's `processed_at`).
    public let sqliteExpression: String?

    public var quotedName: String { "\"\(name)\"" }

    static func integer(_ name: String, sqlite: String? = nil) -> Self { .init(name: name, kind: .integer, sqliteExpression: sqlite) }
    static func real(_ name: String, sqlite: String? = nil) -> Self { .init(name: name, kind: .real, sqliteExpression: sqlite) }
    static func text(_ name: String) -> Self { .init(name: name, kind: .text, sqliteExpression: nil) }
    static func blob(_ name: String) -> Self { .init(name: name, kind: .blob, sqliteExpression: nil) }
    static func boolean(_ name: String) -> Self { .init(name: name, kind: .boolean, sqliteExpression: nil) }
}

extension TransferSchema {
    /// Throws unless `found` — each table's column names as `database` lists them — has exactly the tables and
    /// columns described here. `stored` says which described columns that database really has (SQLite has no `seq`).
    public static func check(_ found: [String: Set<String>], in database: String,
                             stored: (TransferColumn) -> Bool = { _ in true }) throws {
        let described = Set(tables.map(\.name))
        if let difference = difference(found: Set(found.keys), expected: described) {
            throw TransferError.schemaMismatch("\(database) does not have the tables migrate-data copies (\(difference))")
        }
        for table in tables {
            let expected = Set(table.columns.filter(stored).map(\.name))
            if let difference = difference(found: found[table.name] ?? [], expected: expected) {
                throw TransferError.schemaMismatch("\(database): table \(table.name) does not have the columns migrate-data copies (\(difference))")
            }
        }
    }

    private static func difference(found: Set<String>, expected: Set<String>) -> String? {
        let unknown = found.subtracting(expected).sorted(), missing = expected.subtracting(found).sorted()
        guard !unknown.isEmpty || !missing.isEmpty else { return nil }
        return [unknown.isEmpty ? nil : "unknown: \(unknown.joined(separator: ", "))",
                missing.isEmpty ? nil : "missing: \(missing.joined(separator: ", "))"].compactMap { $0 }.joined(separator: "; ")
    }
}
