import Domain
import GRDB

/// Numbered, append-only schema migrations. Never edit a shipped migration: add the next one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001_inbox_eventlog_outbox") { db in
            try db.execute(sql: """
                CREATE TABLE deliveries (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,
                    received_at REAL NOT NULL,
                    body BLOB NOT NULL,
                    event_count INTEGER NOT NULL,
                    poison_reason TEXT
                );
                CREATE INDEX deliveries_poison ON deliveries(id) WHERE poison_reason IS NOT NULL;

                CREATE TABLE inbox_events (
                    id INTEGER PRIMARY KEY,
                    delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
                    channel TEXT NOT NULL,
                    dedupe_key TEXT NOT NULL,
                    category TEXT NOT NULL,
                    occurred_at REAL,
                    received_at REAL NOT NULL,
                    event_index INTEGER NOT NULL,
                    processed_at REAL,
                    UNIQUE (channel, dedupe_key)
                );
                CREATE INDEX inbox_events_pending ON inbox_events(id) WHERE processed_at IS NULL;

                CREATE TABLE event_log (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    type TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    recorded_at REAL NOT NULL,
                    body BLOB NOT NULL
                );

                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY,
                    channel TEXT NOT NULL,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    method TEXT NOT NULL,
                    path TEXT NOT NULL,
                    headers BLOB NOT NULL,
                    body BLOB NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'sent', 'failed', 'denied')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL,
                    next_attempt_at REAL NOT NULL,
                    deadline REAL NOT NULL,
                    last_error TEXT,
                    platform_message_id TEXT,
                    finished_at REAL
                );
                CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE state IN ('pending', 'in_flight');

                CREATE TABLE health_probe (id INTEGER PRIMARY KEY, filler BLOB);
                """)
        }
        migrator.registerMigration("0002_directory") { db in
            try db.execute(sql: """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    display_name TEXT NOT NULL,
                    roles TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    active INTEGER NOT NULL,
                    profile BLOB NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE wrap_up_codes (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, active INTEGER NOT NULL
                );
                CREATE TABLE not_ready_reasons (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, active INTEGER NOT NULL
                );
                CREATE TABLE skills (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                CREATE TABLE workgroups (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, definition BLOB NOT NULL);
                CREATE TABLE channels (
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    account_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    definition BLOB NOT NULL,
                    UNIQUE (kind, account_id)
                );
                """)
        }
        migrator.registerMigration("0003_default_codes") { db in
            for (id, name) in [
                ("cross-sell", "Cross Sell"), ("need-follow-up", "Need Follow Up"), ("not-right-skill", "Not Right Skill"),
                ("processed", "Processed"), ("terminated", "Terminated"), ("transferred", "Transferred"), ("up-sell", "Up Sell"),
            ] {
                try db.execute(sql: "INSERT INTO wrap_up_codes (id, name, active) VALUES (?, ?, 1)", arguments: [id, name])
            }
            for (id, name) in [
                ("admin-work", "Admin Work"), ("lunch", "Lunch"), ("meeting", "Meeting"), ("pause", "Pause"),
                ("rona", "RONA"), ("training", "Training"),
            ] {
                try db.execute(sql: "INSERT INTO not_ready_reasons (id, name, active) VALUES (?, ?, 1)", arguments: [id, name])
            }
        }
        migrator.registerMigration("0004_accounts") { db in
            try db.execute(sql: """
                CREATE TABLE sessions (
                    token_hash TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL
                );
                CREATE INDEX sessions_user ON sessions(user_id);
                CREATE TABLE api_tokens (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at REAL NOT NULL,
                    revoked_at REAL
                );
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY,
                    at REAL NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    outcome TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("0005_contacts_interactions_messages") { db in
            try db.execute(sql: """
                CREATE TABLE contacts (
                    id TEXT PRIMARY KEY,
                    display_name TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE identities (
                    platform TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    external_id TEXT NOT NULL,
                    contact_id TEXT NOT NULL REFERENCES contacts(id),
                    handle TEXT,
                    display_name TEXT,
                    phone TEXT,
                    email TEXT,
                    PRIMARY KEY (platform, scope, external_id)
                );
                CREATE INDEX identities_contact ON identities(contact_id);
                CREATE TABLE interactions (
                    id TEXT PRIMARY KEY,
                    channel TEXT NOT NULL,
                    channel_id TEXT,
                    thread_key TEXT NOT NULL,
                    thread BLOB NOT NULL,
                    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
                    contact_id TEXT NOT NULL REFERENCES contacts(id),
                    state TEXT NOT NULL,
                    outcome TEXT,
                    workgroup_id TEXT,
                    priority INTEGER NOT NULL DEFAULT 0,
                    assigned_agent_id TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    last_customer_message_at REAL,
                    closed_at REAL,
                    wrap_up_code TEXT
                );
                -- At most one open interaction per thread: the schema, not the code, keeps threads single.
                CREATE UNIQUE INDEX interactions_open_thread ON interactions(channel, thread_key) WHERE state <> 'closed';
                CREATE INDEX interactions_contact ON interactions(contact_id, created_at);
                CREATE INDEX interactions_agent ON interactions(assigned_agent_id) WHERE state <> 'closed';
                CREATE TABLE messages (
                    id TEXT PRIMARY KEY,
                    interaction_id TEXT NOT NULL REFERENCES interactions(id),
                    channel TEXT NOT NULL,
                    direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
                    visibility TEXT NOT NULL,
                    author TEXT,
                    agent_id TEXT,
                    text TEXT NOT NULL,
                    attachments BLOB NOT NULL,
                    platform_message_id TEXT,
                    delivery_status TEXT NOT NULL,
                    failure_reason TEXT,
                    sent_at REAL NOT NULL,
                    stored_seq INTEGER NOT NULL,
                    edited_at REAL,
                    deleted_at REAL
                );
                CREATE UNIQUE INDEX messages_platform_id ON messages(channel, platform_message_id) WHERE platform_message_id IS NOT NULL;
                CREATE INDEX messages_interaction ON messages(interaction_id, stored_seq);
                """)
        }
        migrator.registerMigration("0006_agent_states") { db in
            try db.execute(sql: """
                CREATE TABLE agent_states (
                    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                    state TEXT NOT NULL CHECK (state IN ('logged_out', 'not_ready', 'ready')),
                    reason TEXT,
                    since REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("0007_replies_presence") { db in
            try db.execute(sql: """
                -- An agent's retried send (same Idempotency-Key) finds the message it already created.
                ALTER TABLE messages ADD COLUMN client_key TEXT;
                CREATE UNIQUE INDEX messages_client_key ON messages(interaction_id, client_key) WHERE client_key IS NOT NULL;
                -- The outbound message an outbox item delivers: its status follows the item's.
                ALTER TABLE outbox ADD COLUMN message_id TEXT;
                INSERT OR IGNORE INTO not_ready_reasons (id, name, active) VALUES ('disconnected', 'Disconnected', 1);
                """)
        }
        migrator.registerMigration("0008_routing_decisions") { db in
            try db.execute(sql: """
                -- Why each interaction went to whom: the rule, the candidates and their standing (JSON).
                CREATE TABLE routing_decisions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    interaction_id TEXT NOT NULL REFERENCES interactions(id),
                    agent_id TEXT NOT NULL,
                    decision TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    explanation TEXT NOT NULL,
                    decided_at REAL NOT NULL
                );
                CREATE INDEX routing_decisions_interaction ON routing_decisions(interaction_id, id);
                """)
        }
        migrator.registerMigration("0009_routing_reservations") { db in
            try db.execute(sql: """
                -- A queued interaction waiting for a named agent (last agent, transfer, returning customer) until a
                -- deadline: kept so a restart honours it. Removed when the interaction moves on.
                CREATE TABLE routing_reservations (
                    interaction_id TEXT PRIMARY KEY REFERENCES interactions(id),
                    agent_id TEXT NOT NULL,
                    until REAL NOT NULL,
                    rule TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("0010_calendars_auto_replies_holds") { db in
            try db.execute(sql: """
                -- Business calendars (hours, special days, emergency switch) as JSON, like workgroups.
                CREATE TABLE calendars (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    definition BLOB NOT NULL
                );
                -- One automatic answer per contact per closure period: the key is how "no spam" is enforced.
                CREATE TABLE auto_replies (
                    contact_id TEXT NOT NULL REFERENCES contacts(id),
                    period TEXT NOT NULL,
                    interaction_id TEXT NOT NULL REFERENCES interactions(id),
                    message_id TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    sent_at REAL NOT NULL,
                    PRIMARY KEY (contact_id, period)
                );
                -- Interactions kept out of routing while the service is closed, until it opens.
                CREATE TABLE routing_holds (
                    interaction_id TEXT PRIMARY KEY REFERENCES interactions(id),
                    until REAL,
                    reason TEXT NOT NULL,
                    since REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("0011_contact_profiles_merges") { db in
            try db.execute(sql: """
                ALTER TABLE contacts ADD COLUMN avatar_url TEXT;
                ALTER TABLE contacts ADD COLUMN follower_count INTEGER;
                ALTER TABLE contacts ADD COLUMN verified INTEGER;
                ALTER TABLE contacts ADD COLUMN follows_company INTEGER;
                -- Normalised phone (+digits) and email (trimmed, lower-case): what merge suggestions group on.
                ALTER TABLE identities ADD COLUMN phone_key TEXT;
                ALTER TABLE identities ADD COLUMN email_key TEXT;
                CREATE INDEX identities_phone_key ON identities(phone_key) WHERE phone_key IS NOT NULL;
                CREATE INDEX identities_email_key ON identities(email_key) WHERE email_key IS NOT NULL;
                -- Who merged which contact into which, and exactly what moved (JSON arrays), so it can be undone.
                CREATE TABLE contact_merges (
                    id TEXT PRIMARY KEY,
                    absorbed_id TEXT NOT NULL REFERENCES contacts(id),
                    kept_id TEXT NOT NULL REFERENCES contacts(id),
                    merged_by TEXT NOT NULL REFERENCES users(id),
                    merged_at REAL NOT NULL,
                    identities BLOB NOT NULL,
                    interactions BLOB NOT NULL,
                    undone_by TEXT REFERENCES users(id),
                    undone_at REAL,
                    CHECK (absorbed_id <> kept_id),
                    CHECK ((undone_by IS NULL) = (undone_at IS NULL))
                );
                -- A contact is merged into at most one other at a time: its standing merge is what marks it merged.
                CREATE UNIQUE INDEX contact_merges_standing ON contact_merges(absorbed_id) WHERE undone_at IS NULL;
                CREATE INDEX contact_merges_kept ON contact_merges(kept_id);
                UPDATE identities SET email_key = lower(trim(email)) WHERE instr(trim(email), '@') > 0;
                """)
            // SQLite has no regular expressions: the phone keys are computed here, as ingest computes them.
            let phones = try Row.fetchAll(db, sql: "SELECT platform, scope, external_id, phone FROM identities WHERE phone IS NOT NULL")
            for row in phones {
                guard let key = Identity.phoneKey(row["phone"]) else { continue }
                try db.execute(sql: "UPDATE identities SET phone_key = ? WHERE platform = ? AND scope = ? AND external_id = ?",
                               arguments: [key, row["platform"], row["scope"], row["external_id"]])
            }
        }
        migrator.registerMigration("0012_interaction_scores") { db in
            // The content analyzer's reading of the first message; NULL where a model was unavailable or never ran.
            try db.execute(sql: """
                ALTER TABLE interactions ADD COLUMN actionability REAL;
                ALTER TABLE interactions ADD COLUMN sentiment REAL;
                ALTER TABLE interactions ADD COLUMN influence REAL;
                ALTER TABLE interactions ADD COLUMN category TEXT;
                ALTER TABLE interactions ADD COLUMN language TEXT;
                """)
        }
        registerEngagementAndLater(&migrator)
        return migrator
    }
}
