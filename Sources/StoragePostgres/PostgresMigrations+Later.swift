import Foundation
import Storage

/// Migrations 0013 onwards, in order after those in `PostgresMigrations.swift` (`all` = those + these). Never
/// edit a shipped migration: add the next one at the end, here and in SQLite.
extension PostgresMigrations {
    static let later: [(id: String, statements: [String])] = [
        // Likes and retweets of customers' posts (automations), once per interaction, action and post; the
        // platform call is the outbox row.
        ("0013_interaction_actions", [
            """
            CREATE TABLE interaction_actions (
                id text COLLATE "C" PRIMARY KEY,
                interaction_id text COLLATE "C" NOT NULL REFERENCES interactions(id),
                action text COLLATE "C" NOT NULL CHECK (action IN ('like', 'retweet')),
                target text COLLATE "C" NOT NULL,
                agent_id text COLLATE "C" REFERENCES users(id),
                outbox_id bigint NOT NULL REFERENCES outbox(id),
                created_at double precision NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX interaction_actions_once ON interaction_actions(interaction_id, action, target)",
        ]),
        // What a message said before each of its edits on the platform, kept for the record; comments a moderator
        // hid (still there); messages the page sent from another tool, known from the platform's echo.
        ("0014_message_changes", [
            """
            CREATE TABLE message_revisions (
                message_id text COLLATE "C" NOT NULL REFERENCES messages(id),
                revision bigint NOT NULL CHECK (revision > 0),
                text text COLLATE "C" NOT NULL,
                replaced_at double precision NOT NULL,
                PRIMARY KEY (message_id, revision)
            )
            """,
            "ALTER TABLE messages ADD COLUMN hidden_at double precision",
            "ALTER TABLE messages ADD COLUMN outside_parley boolean NOT NULL DEFAULT false",
        ]),
        // Agents hide and unhide comments too.
        ("0015_moderation_actions", [
            "ALTER TABLE interaction_actions DROP CONSTRAINT interaction_actions_action_check",
            "ALTER TABLE interaction_actions ADD CONSTRAINT interaction_actions_action_check CHECK (action IN ('like', 'retweet', 'hide', 'unhide'))",
        ]),
        // Inbound attachments Parley copies from the platform before its URLs expire: the queue and the record.
        ("0016_media_fetches", [
            """
            CREATE TABLE media_fetches (
                id text COLLATE "C" PRIMARY KEY,
                message_id text COLLATE "C" NOT NULL REFERENCES messages(id),
                position bigint NOT NULL CHECK (position >= 0),
                channel text COLLATE "C" NOT NULL,
                source text COLLATE "C" NOT NULL,
                state text COLLATE "C" NOT NULL CHECK (state IN ('pending', 'stored', 'failed', 'skipped')),
                reason text COLLATE "C",
                file text COLLATE "C",
                mime_type text COLLATE "C",
                size bigint,
                attempts bigint NOT NULL DEFAULT 0,
                created_at double precision NOT NULL,
                next_attempt_at double precision NOT NULL,
                UNIQUE (message_id, position),
                CHECK (state <> 'stored' OR (file IS NOT NULL AND size IS NOT NULL))
            )
            """,
            "CREATE INDEX media_fetches_due ON media_fetches(next_attempt_at) WHERE state = 'pending'",
            // The sweep looks only at inbound messages with attachments.
            "CREATE INDEX messages_with_attachments ON messages(seq) WHERE direction = 'inbound' AND attachments <> '\\x5b5d'::bytea",
        ]),
        // The customer's reaction to a message (Messenger, Instagram and WhatsApp let them react to each one).
        ("0017_message_reactions", [
            "ALTER TABLE messages ADD COLUMN reaction text COLLATE \"C\"",
        ]),
        // Who follows each channel's account (X follow and unfollow events): the DM precondition of the platform policy.
        ("0018_channel_followers", [
            """
            CREATE TABLE channel_followers (
                channel text COLLATE "C" NOT NULL,
                person text COLLATE "C" NOT NULL,
                follows boolean NOT NULL,
                changed_at double precision NOT NULL,
                PRIMARY KEY (channel, person)
            )
            """,
        ]),
        // Each channel's OAuth tokens (X refresh tokens are single use): sealed with the instance key, never in clear.
        ("0019_channel_tokens", [
            """
            CREATE TABLE channel_tokens (
                channel text COLLATE "C" PRIMARY KEY,
                access_token text COLLATE "C" NOT NULL,
                access_expires_at double precision NOT NULL,
                refresh_token text COLLATE "C" NOT NULL,
                lineage text COLLATE "C" NOT NULL,
                updated_at double precision NOT NULL
            )
            """,
        ]),
        // The standard-response library: searchable columns plus the whole response (keywords, channel kinds) as JSON.
        ("0020_standard_responses", [
            """
            CREATE TABLE standard_responses (
                id text COLLATE "C" PRIMARY KEY,
                title text COLLATE "C" NOT NULL,
                category text COLLATE "C" NOT NULL,
                source text COLLATE "C" NOT NULL CHECK (source IN ('file', 'api')),
                definition bytea NOT NULL,
                created_at double precision NOT NULL,
                updated_at double precision NOT NULL
            )
            """,
        ]),
        // Internal notes, about an interaction or about a customer: for colleagues, never sent.
        ("0021_notes", [
            """
            CREATE TABLE notes (
                id text COLLATE "C" PRIMARY KEY,
                interaction_id text COLLATE "C" REFERENCES interactions(id),
                contact_id text COLLATE "C" REFERENCES contacts(id),
                author_id text COLLATE "C" NOT NULL,
                text text NOT NULL,
                created_at double precision NOT NULL,
                CHECK ((interaction_id IS NULL) <> (contact_id IS NULL))
            )
            """,
            "CREATE INDEX notes_interaction ON notes(interaction_id, created_at) WHERE interaction_id IS NOT NULL",
            "CREATE INDEX notes_contact ON notes(contact_id, created_at) WHERE contact_id IS NOT NULL",
        ]),
        // Report roll-ups, derived from the event log (docs/metrics.md); `parley reports rebuild` refills them.
        ("0022_reports", ReportSchema.statements(bigint: "bigint", text: "text COLLATE \"C\"")),
        // Several nodes on one database: the routing leader's lease with its term (epoch), and the routing commands
        // that the other nodes hand to the leader (docs/operations.md, "Several nodes").
        ("0023_routing_leadership", [
            """
            CREATE TABLE routing_leader (
                id integer PRIMARY KEY CHECK (id = 1),
                node text COLLATE "C" NOT NULL,
                epoch bigint NOT NULL,
                expires_at double precision NOT NULL
            )
            """,
            "INSERT INTO routing_leader (id, node, epoch, expires_at) VALUES (1, '', 0, 0)",
            """
            CREATE TABLE routing_commands (
                id bigserial PRIMARY KEY,
                node text COLLATE "C" NOT NULL,
                request text NOT NULL,
                created_at double precision NOT NULL,
                done_at double precision,
                epoch bigint,
                reply text,
                error text
            )
            """,
            "CREATE INDEX routing_commands_pending ON routing_commands(id) WHERE done_at IS NULL",
        ]),
        // Time per agent state as columns of the agent roll-up, and a day grain (see ReportSchema.agentStateColumns).
        ("0024_report_days", ReportSchema.agentStateColumns(bigint: "bigint")),
        // SQLite moved its inbox to a file of its own (its single write lock); PostgreSQL's writers do not queue
        // behind one another, so its inbox stays. The identifier keeps both stores' migration lists alike.
        ("0025_inbox_file", []),
    ]
}
