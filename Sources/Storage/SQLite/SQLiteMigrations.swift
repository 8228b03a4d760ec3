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
        migrator.registerMigration("0013_interaction_actions") { db in
            // Likes and retweets of customers' posts (automations), once per interaction, action and post; the
            // platform call is the outbox row.
            try db.execute(sql: """
                CREATE TABLE interaction_actions (
                    id TEXT PRIMARY KEY,
                    interaction_id TEXT NOT NULL REFERENCES interactions(id),
                    action TEXT NOT NULL CHECK (action IN ('like', 'retweet')),
                    target TEXT NOT NULL,
                    agent_id TEXT REFERENCES users(id),
                    outbox_id INTEGER NOT NULL REFERENCES outbox(id),
                    created_at REAL NOT NULL
                );
                CREATE UNIQUE INDEX interaction_actions_once ON interaction_actions(interaction_id, action, target);
                """)
        }
        migrator.registerMigration("0014_message_changes") { db in
            try db.execute(sql: """
                -- What a message said before each of its edits on the platform, kept for the record.
                CREATE TABLE message_revisions (
                    message_id TEXT NOT NULL REFERENCES messages(id),
                    revision INTEGER NOT NULL CHECK (revision > 0),
                    text TEXT NOT NULL,
                    replaced_at REAL NOT NULL,
                    PRIMARY KEY (message_id, revision)
                );
                -- A comment a moderator hid on the platform (it is still there).
                ALTER TABLE messages ADD COLUMN hidden_at REAL;
                -- Sent by the page from another tool, known from the platform's echo: no agent wrote it in Parley.
                ALTER TABLE messages ADD COLUMN outside_parley INTEGER NOT NULL DEFAULT 0 CHECK (outside_parley IN (0, 1));
                """)
        }
        migrator.registerMigration("0015_moderation_actions") { db in
            // Agents hide and unhide comments too. SQLite cannot change a CHECK in place: the table is rebuilt.
            try db.execute(sql: """
                CREATE TABLE interaction_actions_new (
                    id TEXT PRIMARY KEY,
                    interaction_id TEXT NOT NULL REFERENCES interactions(id),
                    action TEXT NOT NULL CHECK (action IN ('like', 'retweet', 'hide', 'unhide')),
                    target TEXT NOT NULL,
                    agent_id TEXT REFERENCES users(id),
                    outbox_id INTEGER NOT NULL REFERENCES outbox(id),
                    created_at REAL NOT NULL
                );
                INSERT INTO interaction_actions_new SELECT id, interaction_id, action, target, agent_id, outbox_id, created_at FROM interaction_actions;
                DROP TABLE interaction_actions;
                ALTER TABLE interaction_actions_new RENAME TO interaction_actions;
                CREATE UNIQUE INDEX interaction_actions_once ON interaction_actions(interaction_id, action, target);
                """)
        }
        migrator.registerMigration("0016_media_fetches") { db in
            // Inbound attachments Parley copies from the platform before its URLs expire: the queue and the record.
            try db.execute(sql: """
                CREATE TABLE media_fetches (
                    id TEXT PRIMARY KEY,
                    message_id TEXT NOT NULL REFERENCES messages(id),
                    position INTEGER NOT NULL CHECK (position >= 0),
                    channel TEXT NOT NULL,
                    source TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'stored', 'failed', 'skipped')),
                    reason TEXT,
                    file TEXT,
                    mime_type TEXT,
                    size INTEGER,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL,
                    next_attempt_at REAL NOT NULL,
                    UNIQUE (message_id, position),
                    CHECK (state <> 'stored' OR (file IS NOT NULL AND size IS NOT NULL))
                );
                CREATE INDEX media_fetches_due ON media_fetches(next_attempt_at) WHERE state = 'pending';
                -- The sweep looks only at inbound messages with attachments.
                CREATE INDEX messages_with_attachments ON messages(id) WHERE direction = 'inbound' AND attachments <> X'5B5D';
                """)
        }
        migrator.registerMigration("0017_message_reactions") { db in
            // The customer's reaction to a message (Messenger, Instagram and WhatsApp let them react to each one).
            try db.execute(sql: "ALTER TABLE messages ADD COLUMN reaction TEXT")
        }
        // Who follows each channel's account (X follow and unfollow events): the DM precondition of the platform policy.
        migrator.registerMigration("0018_channel_followers") { db in
            try db.execute(sql: """
                CREATE TABLE channel_followers (
                    channel TEXT NOT NULL,
                    person TEXT NOT NULL,
                    follows INTEGER NOT NULL CHECK (follows IN (0, 1)),
                    changed_at REAL NOT NULL,
                    PRIMARY KEY (channel, person)
                );
                """)
        }
        // Each channel's OAuth tokens (X refresh tokens are single use): sealed with the instance key, never in clear.
        migrator.registerMigration("0019_channel_tokens") { db in
            try db.execute(sql: """
                CREATE TABLE channel_tokens (
                    channel TEXT PRIMARY KEY,
                    access_token TEXT NOT NULL,
                    access_expires_at REAL NOT NULL,
                    refresh_token TEXT NOT NULL,
                    lineage TEXT NOT NULL,
                    updated_at REAL NOT NULL
                );
                """)
        }
        // The standard-response library: searchable columns plus the whole response (keywords, channel kinds) as JSON.
        migrator.registerMigration("0020_standard_responses") { db in
            try db.execute(sql: """
                CREATE TABLE standard_responses (
                    id TEXT PRIMARY KEY,
                    title TEXT NOT NULL,
                    category TEXT NOT NULL,
                    source TEXT NOT NULL CHECK (source IN ('file', 'api')),
                    definition BLOB NOT NULL,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                """)
        }
        // Internal notes, about an interaction or about a customer: for colleagues, never sent.
        migrator.registerMigration("0021_notes") { db in
            try db.execute(sql: """
                CREATE TABLE notes (
                    id TEXT PRIMARY KEY,
                    interaction_id TEXT REFERENCES interactions(id),
                    contact_id TEXT REFERENCES contacts(id),
                    author_id TEXT NOT NULL,
                    text TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    CHECK ((interaction_id IS NULL) <> (contact_id IS NULL))
                );
                CREATE INDEX notes_interaction ON notes(interaction_id, created_at) WHERE interaction_id IS NOT NULL;
                CREATE INDEX notes_contact ON notes(contact_id, created_at) WHERE contact_id IS NOT NULL;
                """)
        }
        // Report roll-ups, derived from the event log (docs/metrics.md); `parley reports rebuild` refills them.
        migrator.registerMigration("0022_reports") { db in
            try db.execute(sql: ReportSchema.statements(bigint: "INTEGER", withoutRowID: " WITHOUT ROWID").joined(separator: ";\n"))
        }
        // Several nodes on one PostgreSQL share these; a SQLite Parley is one node and leaves them empty, but has them
        // so both databases keep one schema (migrate-data copies between them).
        migrator.registerMigration("0023_routing_leadership") { db in
            try db.execute(sql: """
                CREATE TABLE routing_leader (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    node TEXT NOT NULL,
                    epoch INTEGER NOT NULL,
                    expires_at REAL NOT NULL
                );
                INSERT INTO routing_leader (id, node, epoch, expires_at) VALUES (1, '', 0, 0);
                CREATE TABLE routing_commands (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    node TEXT NOT NULL,
                    request TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    done_at REAL,
                    epoch INTEGER,
                    reply TEXT,
                    error TEXT
                );
                CREATE INDEX routing_commands_pending ON routing_commands(id) WHERE done_at IS NULL;
                """)
        }
        // Time per agent state as columns of the agent roll-up, and a day grain (see ReportSchema.agentStateColumns).
        migrator.registerMigration("0024_report_days") { db in
            for statement in ReportSchema.agentStateColumns(bigint: "INTEGER") { try db.execute(sql: statement) }
        }
        return migrator
    }
}
