import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: MessageChangeStore {
    /// The changed message is taken `FOR UPDATE`: two nodes applying changes of one message decide on the same
    /// current text, removal and hidden state.
    public func applyChanges(_ changes: [MessageChange], at now: Date) async throws -> [MessageChangeOutcome] {
        guard !changes.isEmpty else { return [] }
        return try await write { db in
            var events: [DomainEvent] = []
            var outcomes: [MessageChangeOutcome] = []
            for change in changes {
                outcomes.append(try await Self.apply(change, at: now, events: &events, db: db))
            }
            _ = try await Self.append(events, at: now, into: db)
            return outcomes
        }
    }

    private static func apply(_ change: MessageChange, at now: Date, events: inout [DomainEvent], db: DB) async throws -> MessageChangeOutcome {
        guard let row = try await db.row("""
            SELECT m.id, m.interaction_id, m.text, m.deleted_at, m.hidden_at, m.reaction, i.assigned_agent_id
            FROM messages m JOIN interactions i ON i.id = m.interaction_id
            WHERE m.channel = \(change.channel.description) AND m.platform_message_id = \(change.platformMessageID)
            FOR UPDATE OF m
            """)
        else { return .unknownMessage }
        let id: String = try row["id"]
        let body = MessageChanged(messageID: .init(id), interactionID: .init(try row["interaction_id"] as String),
                                  agentID: (try row["assigned_agent_id"] as String?).map { .init($0) })
        let when = (change.at ?? now).storageValue
        switch change.kind {
        case .edited(let text, let sequence):
            let current: String = try row["text"]
            let last = try await db.value("SELECT max(revision) FROM message_revisions WHERE message_id = \(id)", as: Int.self) ?? 0
            let revision = sequence ?? last + 1
            guard text != current, revision > last else { return .unchanged(body.messageID) }
            try await db.execute("""
                INSERT INTO message_revisions (message_id, revision, text, replaced_at) VALUES (\(id), \(revision), \(current), \(now.storageValue))
                """)
            try await db.execute("UPDATE messages SET text = \(text), edited_at = \(when) WHERE id = \(id)")
            events.append(.messageEdited(body))
        case .removed:
            guard try row.optionalDate("deleted_at") == nil else { return .unchanged(body.messageID) }
            try await db.execute("UPDATE messages SET deleted_at = \(when) WHERE id = \(id)")
            events.append(.messageRemoved(body))
        case .hidden(let hidden):
            guard (try row.optionalDate("hidden_at") != nil) != hidden else { return .unchanged(body.messageID) }
            try await db.execute("UPDATE messages SET hidden_at = \(hidden ? when : nil) WHERE id = \(id)")
            events.append(hidden ? .messageHidden(body) : .messageUnhidden(body))
        case .reacted(let reaction):
            guard (try row["reaction"] as String?) != reaction else { return .unchanged(body.messageID) }
            try await db.execute("UPDATE messages SET reaction = \(reaction) WHERE id = \(id)")
            var reacted = body
            reacted.reaction = reaction
            events.append(.messageReacted(reacted))
        }
        return .applied(body.messageID)
    }

    /// Two nodes recording the same echo collide on the message's unique platform id; the loser is retried from the
    /// start and finds the winner's message. The thread's interaction is taken `FOR UPDATE`, as ingest takes it, so
    /// `stored_seq` is not handed out twice.
    public func recordEchoes(_ echoes: [PlatformEcho], at now: Date, ids: any IDGenerator) async throws -> [EchoOutcome] {
        guard !echoes.isEmpty else { return [] }
        return try await write(retryingConflicts: true) { db in
            var events: [DomainEvent] = []
            var outcomes: [EchoOutcome] = []
            for echo in echoes {
                outcomes.append(try await Self.record(echo, ids: ids, events: &events, db: db))
            }
            _ = try await Self.append(events, at: now, into: db)
            return outcomes
        }
    }

    /// By platform id, then by text (`PlatformEcho.pendingMatchSpan` says why), else stored as sent outside Parley.
    private static func record(_ echo: PlatformEcho, ids: any IDGenerator, events: inout [DomainEvent], db: DB) async throws -> EchoOutcome {
        let channels = echo.channelsItMayConfirm.map(\.description)
        if let known = try await db.value("""
            SELECT id FROM messages WHERE platform_message_id = \(echo.platformMessageID) AND channel = ANY(\(channels)::text[])
            """, as: String.self) {
            return .known(.init(known))
        }
        // The page's comment under a customer's post belongs to the post's thread, as the customers' comments do.
        let (channel, thread) = (echo.channel.description, try await Self.thread(echo.threadKey, on: echo.channel, db: db).description)
        let span = echo.pendingMatchSpan
        if let own = try await db.row("""
            SELECT m.id, m.interaction_id, m.agent_id, m.delivery_status FROM messages m JOIN interactions i ON i.id = m.interaction_id
            WHERE i.channel = \(channel) AND i.thread_key = \(thread) AND m.direction = 'outbound' AND m.platform_message_id IS NULL
              AND m.delivery_status IN ('pending', 'sent') AND m.text = \(echo.text)
              AND m.sent_at BETWEEN \(span.lowerBound.storageValue) AND \(span.upperBound.storageValue)
            ORDER BY m.delivery_status = 'pending' DESC, m.sent_at, m.seq LIMIT 1
            FOR UPDATE OF m
            """) {
            let id = Message.ID(try own["id"] as String)
            if try own["delivery_status"] as String == Message.DeliveryStatus.pending.rawValue {
                try await db.execute("UPDATE messages SET delivery_status = 'sent' WHERE id = \(id.rawValue)")
                events.append(.messageStatusChanged(MessageStatusChanged(
                    messageID: id, interactionID: .init(try own["interaction_id"] as String), status: .sent,
                    agentID: (try own["agent_id"] as String?).map { .init($0) })))
            }
            return .matchedPending(id)
        }
        // The thread's open interaction, else its latest: an answer sent elsewhere after the wrap-up is still its history.
        guard let interaction = try await db.row("""
            SELECT id, channel, channel_id, assigned_agent_id FROM interactions WHERE channel = \(channel) AND thread_key = \(thread)
            ORDER BY state <> 'closed' DESC, created_at DESC LIMIT 1
            FOR UPDATE
            """)
        else { return .noInteraction }
        let messageID = Message.ID(ids.make())
        let interactionID: String = try interaction["id"]
        let visibility = echo.threadKey.visibility
        try await db.execute("""
            INSERT INTO messages (id, interaction_id, channel, direction, visibility, text, attachments, platform_message_id,
                                  delivery_status, sent_at, stored_seq, outside_parley)
            VALUES (\(messageID.rawValue), \(interactionID), \(channel), 'outbound', \(visibility.rawValue), \(echo.text),
                    \(try JSONEncoder().encode(echo.attachments)), \(echo.platformMessageID), 'sent', \(echo.sentAt.storageValue),
                    (SELECT coalesce(max(stored_seq), 0) + 1 FROM messages WHERE interaction_id = \(interactionID)), true)
            """)
        let channelID: String? = try interaction["channel_id"]
        events.append(.messageSent(MessageEvent(
            messageID: messageID, interactionID: .init(interactionID), channelID: .init(channelID ?? channel), visibility: visibility,
            agentID: (try interaction["assigned_agent_id"] as String?).map { .init($0) }, threadKey: thread)))
        return .recordedOutside(messageID)
    }

    public func revisions(of interaction: Interaction.ID) async throws -> [MessageRevision] {
        try await read { db in
            try await db.rows("""
                SELECT r.message_id, r.revision, r.text, r.replaced_at FROM message_revisions r JOIN messages m ON m.id = r.message_id
                WHERE m.interaction_id = \(interaction.rawValue) ORDER BY r.message_id, r.revision
                """).map { row in
                MessageRevision(messageID: .init(try row["message_id"] as String), revision: try row["revision"], text: try row["text"],
                                replacedAt: try row.date("replaced_at"))
            }
        }
    }
}
