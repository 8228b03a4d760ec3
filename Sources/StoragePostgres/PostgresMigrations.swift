import Foundation
import PostgresNIO
import Storage

/// The PostgreSQL twin of `SQLiteMigrations`: the same numbered, append-only sequence with the same names, in
/// PostgreSQL's dialect. Never edit a shipped migration: add the next one, here and in SQLite.
///
/// Types: SQLite INTEGER → `bigint`, REAL (epoch seconds) → `double precision`, BLOB → `bytea`. Text columns use
/// the `"C"` collation so ordering and uniqueness are byte-wise, as in SQLite, whatever the database's locale.
/// Applied ones are recorded in `parley_migrations`; each runs in its own transaction under an advisory lock, so
/// nodes starting together apply each migration exactly once.
enum PostgresMigrations {
    /// First key of the advisory lock that serializes migrations ("PRLY"); the second is the schema's hash.
    static let lockKey: Int32 = 0x5052_4C59

    static let all: [(id: String, statements: [String])] = [
        ("0001_inbox_eventlog_outbox", [
            """
            CREATE TABLE deliveries (
                id bigserial PRIMARY KEY,
                source text COLLATE "C" NOT NULL,
                received_at double precision NOT NULL,
                body bytea NOT NULL,
                event_count bigint NOT NULL,
                poison_reason text COLLATE "C"
            )
            """,
            "CREATE INDEX deliveries_poison ON deliveries(id) WHERE poison_reason IS NOT NULL",
            """
            CREATE TABLE inbox_events (
                id bigserial PRIMARY KEY,
                delivery_id bigint NOT NULL REFERENCES deliveries(id),
                channel text COLLATE "C" NOT NULL,
                dedupe_key text COLLATE "C" NOT NULL,
                category text COLLATE "C" NOT NULL,
                occurred_at double precision,
                received_at double precision NOT NULL,
                event_index bigint NOT NULL,
                processed_at double precision,
                UNIQUE (channel, dedupe_key)
            )
            """,
            "CREATE INDEX inbox_events_pending ON inbox_events(id) WHERE processed_at IS NULL",
            """
            CREATE TABLE event_log (
                position bigint PRIMARY KEY,
                type text COLLATE "C" NOT NULL,
                version bigint NOT NULL,
                recorded_at double precision NOT NULL,
                body bytea NOT NULL
            )
            """,
            // The last position handed out. Appending transactions take their positions from this one row, so they
            // serialize on it until COMMIT: positions are commit-ordered (see PostgresStore+EventLog).
            """
            CREATE TABLE event_log_head (
                singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                position bigint NOT NULL
            )
            """,
            "INSERT INTO event_log_head (singleton, position) VALUES (true, 0)",
            """
            CREATE TABLE outbox (
                id bigserial PRIMARY KEY,
                channel text COLLATE "C" NOT NULL,
                idempotency_key text COLLATE "C" NOT NULL UNIQUE,
                method text COLLATE "C" NOT NULL,
                path text COLLATE "C" NOT NULL,
                headers bytea NOT NULL,
                body bytea NOT NULL,
                state text COLLATE "C" NOT NULL CHECK (state IN ('pending', 'in_flight', 'sent', 'failed', 'denied')),
                attempts bigint NOT NULL DEFAULT 0,
                created_at double precision NOT NULL,
                next_attempt_at double precision NOT NULL,
                deadline double precision NOT NULL,
                last_error text COLLATE "C",
                platform_message_id text COLLATE "C",
                finished_at double precision
            )
            """,
            "CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE state IN ('pending', 'in_flight')",
            "CREATE TABLE health_probe (id bigserial PRIMARY KEY, filler bytea)",
        ]),
        ("0002_directory", [
            """
            CREATE TABLE users (
                id text COLLATE "C" PRIMARY KEY,
                username text COLLATE "C" NOT NULL,
                display_name text COLLATE "C" NOT NULL,
                roles text COLLATE "C" NOT NULL,
                password_hash text COLLATE "C" NOT NULL,
                active boolean NOT NULL,
                profile bytea NOT NULL,
                created_at double precision NOT NULL
            )
            """,
            // SQLite's COLLATE NOCASE: unique and looked up ignoring ASCII case (lower() under "C" folds ASCII only).
            "CREATE UNIQUE INDEX users_username ON users (lower(username))",
            """
            CREATE TABLE wrap_up_codes (
                id text COLLATE "C" PRIMARY KEY, name text COLLATE "C" NOT NULL UNIQUE, active boolean NOT NULL
            )
            """,
            """
            CREATE TABLE not_ready_reasons (
                id text COLLATE "C" PRIMARY KEY, name text COLLATE "C" NOT NULL UNIQUE, active boolean NOT NULL
            )
            """,
            #"CREATE TABLE skills (id text COLLATE "C" PRIMARY KEY, name text COLLATE "C" NOT NULL UNIQUE)"#,
            """
            CREATE TABLE workgroups (
                id text COLLATE "C" PRIMARY KEY, name text COLLATE "C" NOT NULL UNIQUE, definition bytea NOT NULL
            )
            """,
            """
            CREATE TABLE channels (
                id text COLLATE "C" PRIMARY KEY,
                kind text COLLATE "C" NOT NULL,
                account_id text COLLATE "C" NOT NULL,
                name text COLLATE "C" NOT NULL,
                definition bytea NOT NULL,
                UNIQUE (kind, account_id)
            )
            """,
        ]),
        ("0003_default_codes", [
            """
            INSERT INTO wrap_up_codes (id, name, active) VALUES
                ('cross-sell', 'Cross Sell', true), ('need-follow-up', 'Need Follow Up', true),
                ('not-right-skill', 'Not Right Skill', true), ('processed', 'Processed', true),
                ('terminated', 'Terminated', true), ('transferred', 'Transferred', true), ('up-sell', 'Up Sell', true)
            """,
            """
            INSERT INTO not_ready_reasons (id, name, active) VALUES
                ('admin-work', 'Admin Work', true), ('lunch', 'Lunch', true), ('meeting', 'Meeting', true),
                ('pause', 'Pause', true), ('rona', 'RONA', true), ('training', 'Training', true)
            """,
        ]),
        ("0004_accounts", [
            """
            CREATE TABLE sessions (
                token_hash text COLLATE "C" PRIMARY KEY,
                user_id text COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                csrf_token text COLLATE "C" NOT NULL,
                created_at double precision NOT NULL,
                expires_at double precision NOT NULL
            )
            """,
            "CREATE INDEX sessions_user ON sessions(user_id)",
            """
            CREATE TABLE api_tokens (
                id text COLLATE "C" PRIMARY KEY,
                user_id text COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name text COLLATE "C" NOT NULL,
                token_hash text COLLATE "C" NOT NULL UNIQUE,
                created_at double precision NOT NULL,
                revoked_at double precision
            )
            """,
            """
            CREATE TABLE audit_log (
                id bigserial PRIMARY KEY,
                at double precision NOT NULL,
                actor text COLLATE "C" NOT NULL,
                action text COLLATE "C" NOT NULL,
                subject text COLLATE "C" NOT NULL,
                outcome text COLLATE "C" NOT NULL
            )
            """,
        ]),
        ("0005_contacts_interactions_messages", [
            """
            CREATE TABLE contacts (
                id text COLLATE "C" PRIMARY KEY,
                display_name text COLLATE "C" NOT NULL,
                created_at double precision NOT NULL
            )
            """,
            """
            CREATE TABLE identities (
                platform text COLLATE "C" NOT NULL,
                scope text COLLATE "C" NOT NULL,
                external_id text COLLATE "C" NOT NULL,
                contact_id text COLLATE "C" NOT NULL REFERENCES contacts(id),
                handle text COLLATE "C",
                display_name text COLLATE "C",
                phone text COLLATE "C",
                email text COLLATE "C",
                PRIMARY KEY (platform, scope, external_id)
            )
            """,
            "CREATE INDEX identities_contact ON identities(contact_id)",
            """
            CREATE TABLE interactions (
                id text COLLATE "C" PRIMARY KEY,
                channel text COLLATE "C" NOT NULL,
                channel_id text COLLATE "C",
                thread_key text COLLATE "C" NOT NULL,
                thread bytea NOT NULL,
                visibility text COLLATE "C" NOT NULL CHECK (visibility IN ('public', 'private')),
                contact_id text COLLATE "C" NOT NULL REFERENCES contacts(id),
                state text COLLATE "C" NOT NULL,
                outcome text COLLATE "C",
                workgroup_id text COLLATE "C",
                priority bigint NOT NULL DEFAULT 0,
                assigned_agent_id text COLLATE "C",
                created_at double precision NOT NULL,
                updated_at double precision NOT NULL,
                last_customer_message_at double precision,
                closed_at double precision,
                wrap_up_code text COLLATE "C"
            )
            """,
            // At most one open interaction per thread: the schema, not the code, keeps threads single.
            "CREATE UNIQUE INDEX interactions_open_thread ON interactions(channel, thread_key) WHERE state <> 'closed'",
            "CREATE INDEX interactions_contact ON interactions(contact_id, created_at)",
            "CREATE INDEX interactions_agent ON interactions(assigned_agent_id) WHERE state <> 'closed'",
            // `seq` is SQLite's implicit rowid: the order messages were stored in, across interactions (a thread's
            // messages page by it).
            """
            CREATE TABLE messages (
                id text COLLATE "C" PRIMARY KEY,
                seq bigserial NOT NULL UNIQUE,
                interaction_id text COLLATE "C" NOT NULL REFERENCES interactions(id),
                channel text COLLATE "C" NOT NULL,
                direction text COLLATE "C" NOT NULL CHECK (direction IN ('inbound', 'outbound')),
                visibility text COLLATE "C" NOT NULL,
                author text COLLATE "C",
                agent_id text COLLATE "C",
                text text COLLATE "C" NOT NULL,
                attachments bytea NOT NULL,
                platform_message_id text COLLATE "C",
                delivery_status text COLLATE "C" NOT NULL,
                failure_reason text COLLATE "C",
                sent_at double precision NOT NULL,
                stored_seq bigint NOT NULL,
                edited_at double precision,
                deleted_at double precision
            )
            """,
            """
            CREATE UNIQUE INDEX messages_platform_id ON messages(channel, platform_message_id)
                WHERE platform_message_id IS NOT NULL
            """,
            "CREATE INDEX messages_interaction ON messages(interaction_id, stored_seq)",
        ]),
        ("0006_agent_states", [
            """
            CREATE TABLE agent_states (
                user_id text COLLATE "C" PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                state text COLLATE "C" NOT NULL CHECK (state IN ('logged_out', 'not_ready', 'ready')),
                reason text COLLATE "C",
                since double precision NOT NULL
            )
            """,
        ]),
        ("0007_replies_presence", [
            // An agent's retried send (same Idempotency-Key) finds the message it already created.
            #"ALTER TABLE messages ADD COLUMN client_key text COLLATE "C""#,
            "CREATE UNIQUE INDEX messages_client_key ON messages(interaction_id, client_key) WHERE client_key IS NOT NULL",
            // The outbound message an outbox item delivers: its status follows the item's.
            #"ALTER TABLE outbox ADD COLUMN message_id text COLLATE "C""#,
            """
            INSERT INTO not_ready_reasons (id, name, active) VALUES ('disconnected', 'Disconnected', true)
            ON CONFLICT DO NOTHING
            """,
        ]),
        ("0008_routing_decisions", [
            // Why each interaction went to whom: the rule, the candidates and their standing (JSON).
            """
            CREATE TABLE routing_decisions (
                id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                interaction_id text COLLATE "C" NOT NULL REFERENCES interactions(id),
                agent_id text COLLATE "C" NOT NULL,
                decision text COLLATE "C" NOT NULL,
                rule text COLLATE "C" NOT NULL,
                explanation text COLLATE "C" NOT NULL,
                decided_at double precision NOT NULL
            )
            """,
            "CREATE INDEX routing_decisions_interaction ON routing_decisions(interaction_id, id)",
        ]),
        ("0009_routing_reservations", [
            // A queued interaction waiting for a named agent until a deadline: kept so a restart honours it.
            """
            CREATE TABLE routing_reservations (
                interaction_id text COLLATE "C" PRIMARY KEY REFERENCES interactions(id),
                agent_id text COLLATE "C" NOT NULL,
                until double precision NOT NULL,
                rule text COLLATE "C" NOT NULL
            )
            """,
        ]),
        ("0010_calendars_auto_replies_holds", [
            """
            CREATE TABLE calendars (
                id text COLLATE "C" PRIMARY KEY,
                name text COLLATE "C" NOT NULL,
                definition bytea NOT NULL
            )
            """,
            // One automatic answer per contact per closure period: the key is how "no spam" is enforced.
            """
            CREATE TABLE auto_replies (
                contact_id text COLLATE "C" NOT NULL REFERENCES contacts(id),
                period text COLLATE "C" NOT NULL,
                interaction_id text COLLATE "C" NOT NULL REFERENCES interactions(id),
                message_id text COLLATE "C" NOT NULL,
                reason text COLLATE "C" NOT NULL,
                sent_at double precision NOT NULL,
                PRIMARY KEY (contact_id, period)
            )
            """,
            """
            CREATE TABLE routing_holds (
                interaction_id text COLLATE "C" PRIMARY KEY REFERENCES interactions(id),
                until double precision,
                reason text COLLATE "C" NOT NULL,
                since double precision NOT NULL
            )
            """,
        ]),
        ("0011_contact_profiles_merges", [
            """
            ALTER TABLE contacts ADD COLUMN avatar_url text COLLATE "C", ADD COLUMN follower_count bigint,
                ADD COLUMN verified boolean, ADD COLUMN follows_company boolean
            """,
            // Normalised phone (+digits) and email (trimmed, lower-case): what merge suggestions group on.
            "ALTER TABLE identities ADD COLUMN phone_key text COLLATE \"C\", ADD COLUMN email_key text COLLATE \"C\"",
            "CREATE INDEX identities_phone_key ON identities(phone_key) WHERE phone_key IS NOT NULL",
            "CREATE INDEX identities_email_key ON identities(email_key) WHERE email_key IS NOT NULL",
            """
            UPDATE identities SET phone_key = '+' || regexp_replace(phone, '[^0-9]', '', 'g')
            WHERE length(regexp_replace(phone, '[^0-9]', '', 'g')) >= 6
            """,
            "UPDATE identities SET email_key = lower(trim(email)) WHERE position('@' IN trim(email)) > 0",
            // Who merged which contact into which, and exactly what moved (JSON arrays), so it can be undone.
            """
            CREATE TABLE contact_merges (
                id text COLLATE "C" PRIMARY KEY,
                absorbed_id text COLLATE "C" NOT NULL REFERENCES contacts(id),
                kept_id text COLLATE "C" NOT NULL REFERENCES contacts(id),
                merged_by text COLLATE "C" NOT NULL REFERENCES users(id),
                merged_at double precision NOT NULL,
                identities bytea NOT NULL,
                interactions bytea NOT NULL,
                undone_by text COLLATE "C" REFERENCES users(id),
                undone_at double precision,
                CHECK (absorbed_id <> kept_id),
                CHECK ((undone_by IS NULL) = (undone_at IS NULL))
            )
            """,
            // A contact is merged into at most one other at a time: its standing merge is what marks it merged.
            "CREATE UNIQUE INDEX contact_merges_standing ON contact_merges(absorbed_id) WHERE undone_at IS NULL",
            "CREATE INDEX contact_merges_kept ON contact_merges(kept_id)",
        ]),
        // The content analyzer's reading of the first message; NULL where a model was unavailable or never ran.
        ("0012_interaction_scores", [
            "ALTER TABLE interactions ADD COLUMN actionability double precision",
            "ALTER TABLE interactions ADD COLUMN sentiment double precision",
            "ALTER TABLE interactions ADD COLUMN influence double precision",
            "ALTER TABLE interactions ADD COLUMN category text COLLATE \"C\"",
            "ALTER TABLE interactions ADD COLUMN language text COLLATE \"C\"",
        ]),
    ] + later

    /// Applies every pending migration, each in its own transaction; returns the identifiers applied now.
    static func apply(on store: PostgresStore) async throws -> [String] {
        var applied: [String] = []
        try await store.write { db in
            try await lock(db, store)
            try await db.execute("""
                CREATE TABLE IF NOT EXISTS parley_migrations (
                    identifier text COLLATE "C" PRIMARY KEY,
                    applied_at double precision NOT NULL
                )
                """)
        }
        for migration in all {
            let ran = try await store.write { db -> Bool in
                try await lock(db, store)
                // Checked under the lock: a node that started at the same time may have applied it meanwhile.
                if try await db.row("SELECT 1 FROM parley_migrations WHERE identifier = \(migration.id)") != nil { return false }
                for statement in migration.statements {
                    try await db.execute(PostgresQuery(unsafeSQL: statement))
                }
                try await db.execute("""
                    INSERT INTO parley_migrations (identifier, applied_at) VALUES (\(migration.id), \(Date().storageValue))
                    """)
                return true
            }
            if ran {
                store.logger.debug("applied PostgreSQL migration", metadata: ["migration": "\(migration.id)"])
                applied.append(migration.id)
            }
        }
        return applied
    }

    /// The known migrations not yet applied (all of them on an empty database).
    static func pending(on store: PostgresStore) async throws -> [String] {
        try await store.read { db in
            guard try await db.value("SELECT to_regclass('parley_migrations') IS NOT NULL", as: Bool.self) == true else {
                return all.map(\.id)
            }
            let done = Set(try await db.rows("SELECT identifier FROM parley_migrations").map { try $0[0] as String })
            return all.map(\.id).filter { !done.contains($0) }
        }
    }

    /// Held until the transaction ends; one lock per schema, so isolated test schemas do not wait on each other.
    private static func lock(_ db: DB, _ store: PostgresStore) async throws {
        try await db.execute("SELECT pg_advisory_xact_lock(\(lockKey), hashtext(\(store.schema ?? "")))")
    }
}
