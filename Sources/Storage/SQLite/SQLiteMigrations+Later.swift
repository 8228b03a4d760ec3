import Domain
import GRDB

/// Migrations 0013 onwards (engagement actions, media, tokens, responses, notes, reports, several nodes), in
/// order after those in `SQLiteMigrations.swift`. Never edit a shipped migration: add the next one at the end.
extension SQLiteMigrations {
    static func registerEngagementAndLater(_ migrator: inout DatabaseMigrator) {
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
        // The inbox moves to its own file (SQLiteInboxFile; `SQLiteStore.migrate` has copied the rows there first).
        // What was processed becomes one number: the processor marks events in id order, so the processed ones are
        // every event before the first unprocessed one.
        migrator.registerMigration(inboxFile) { db in
            try db.execute(sql: """
                CREATE TABLE inbox_progress (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    processed_through INTEGER NOT NULL,
                    processed_at REAL
                );
                INSERT INTO inbox_progress (id, processed_through, processed_at) VALUES (1,
                    COALESCE((SELECT min(id) - 1 FROM inbox_events WHERE processed_at IS NULL), (SELECT max(id) FROM inbox_events), 0),
                    (SELECT max(processed_at) FROM inbox_events));
                DROP INDEX inbox_events_pending;
                DROP TABLE inbox_events;
                DROP TABLE deliveries;
                """)
        }
    }

    static let beforeInboxFile = "0024_report_days"
    static let inboxFile = "0025_inbox_file"
}
