import Domain
import Foundation
import GRDB

extension SQLiteStore: MessageChangeStore {
    public func applyChanges(_ changes: [MessageChange], at now: Date) async throws -> [MessageChangeOutcome] {
        guard !changes.isEmpty else { return [] }
        return try await pool.write { db in
            var events: [DomainEvent] = []
            var outcomes: [MessageChangeOutcome] = []
            for change in changes {
                outcomes.append(try Self.apply(change, at: now, events: &events, db: db))
            }
            if !events.isEmpty { try Self.append(events, at: now, into: db) }
            return outcomes
        }
    }

    private static func apply(_ change: MessageChange, at now: Date, events: inout [DomainEvent], db: Database) throws -> MessageChangeOutcome {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT m.id, m.interaction_id, m.text, m.deleted_at, m.hidden_at, m.reaction, i.assigned_agent_id
            FROM messages m JOIN interactions i ON i.id = m.interaction_id
            WHERE m.channel = ? AND m.platform_message_id = ?
            """, arguments: [change.channel.description, change.platformMessageID])
        else { return .unknownMessage }
        let id: String = row["id"]
        let body = MessageChanged(messageID: .init(id), interactionID: .init(row["interaction_id"] as String),
                                  agentID: (row["assigned_agent_id"] as String?).map { .init($0) })
        let when = (change.at ?? now).storageValue
        switch change.kind {
        case .edited(let text, let sequence):
            let current: String = row["text"]
            let last = try Int.fetchOne(db, sql: "SELECT max(revision) FROM message_revisions WHERE message_id = ?", arguments: [id]) ?? 0
            let revision = sequence ?? last + 1
            guard text != current, revision > last else { return .unchanged(body.messageID) }
            try db.execute(sql: "INSERT INTO message_revisions (message_id, revision, text, replaced_at) VALUES (?, ?, ?, ?)",
                           arguments: [id, revision, current, now.storageValue])
            try db.execute(sql: "UPDATE messages SET text = ?, edited_at = ? WHERE id = ?", arguments: [text, when, id])
            events.append(.messageEdited(body))
        case .removed:
            guard (row["deleted_at"] as Double?) == nil else { return .unchanged(body.messageID) }
            try db.execute(sql: "UPDATE messages SET deleted_at = ? WHERE id = ?", arguments: [when, id])
            events.append(.messageRemoved(body))
        case .hidden(let hidden):
            guard ((row["hidden_at"] as Double?) != nil) != hidden else { return .unchanged(body.messageID) }
            try db.execute(sql: "UPDATE messages SET hidden_at = ? WHERE id = ?", arguments: [hidden ? when : nil, id])
            events.append(hidden ? .messageHidden(body) : .messageUnhidden(body))
        case .reacted(let reaction):
            guard (row["reaction"] as String?) != reaction else { return .unchanged(body.messageID) }
            try db.execute(sql: "UPDATE messages SET reaction = ? WHERE id = ?", arguments: [reaction, id])
            var reacted = body
            reacted.reaction = reaction
            events.append(.messageReacted(reacted))
        }
        return .applied(body.messageID)
    }

    public func recordEchoes(_ echoes: [PlatformEcho], at now: Date, ids: any IDGenerator) async throws -> [EchoOutcome] {
        guard !echoes.isEmpty else { return [] }
        return try await pool.write { db in
            var events: [DomainEvent] = []
            var outcomes: [EchoOutcome] = []
            for echo in echoes {
                outcomes.append(try Self.record(echo, ids: ids, events: &events, db: db))
            }
            if !events.isEmpty { try Self.append(events, at: now, into: db) }
            return outcomes
        }
    }

    /// By platform id, then by text (`PlatformEcho.pendingMatchSpan` says why), else stored as sent outside Parley.
    private static func record(_ echo: PlatformEcho, ids: any IDGenerator, events: inout [DomainEvent], db: Database) throws -> EchoOutcome {
        let channels = echo.channelsItMayConfirm.map(\.description)
        if let known = try String.fetchOne(db, sql: """
            SELECT id FROM messages WHERE platform_message_id = ? AND channel IN (\(databaseQuestionMarks(count: channels.count)))
            """, arguments: StatementArguments([echo.platformMessageID] + channels)) {
            return .known(.init(known))
        }
        // The page's comment under a customer's post belongs to the post's thread, as the customers' comments do.
        let threadKey = try Self.thread(echo.threadKey, on: echo.channel, db: db)
        let thread: StatementArguments = [echo.channel.description, threadKey.description]
        let span = echo.pendingMatchSpan
        if let own = try Row.fetchOne(db, sql: """
            SELECT m.id, m.interaction_id, m.agent_id, m.delivery_status FROM messages m JOIN interactions i ON i.id = m.interaction_id
            WHERE i.channel = ? AND i.thread_key = ? AND m.direction = 'outbound' AND m.platform_message_id IS NULL
              AND m.delivery_status IN ('pending', 'sent') AND m.text = ? AND m.sent_at BETWEEN ? AND ?
            ORDER BY m.delivery_status = 'pending' DESC, m.sent_at, m.rowid LIMIT 1
            """, arguments: thread + [echo.text, span.lowerBound.storageValue, span.upperBound.storageValue]) {
            let id = Message.ID(own["id"] as String)
            if (own["delivery_status"] as String) == Message.DeliveryStatus.pending.rawValue {
                try db.execute(sql: "UPDATE messages SET delivery_status = 'sent' WHERE id = ?", arguments: [id.rawValue])
                events.append(.messageStatusChanged(MessageStatusChanged(messageID: id, interactionID: .init(own["interaction_id"] as String),
                                                                         status: .sent, agentID: (own["agent_id"] as String?).map { .init($0) })))
            }
            return .matchedPending(id)
        }
        // The thread's open interaction, else its latest: an answer sent elsewhere after the wrap-up is still its history.
        guard let interaction = try Row.fetchOne(db, sql: """
            SELECT id, channel, channel_id, assigned_agent_id FROM interactions WHERE channel = ? AND thread_key = ?
            ORDER BY state <> 'closed' DESC, created_at DESC LIMIT 1
            """, arguments: thread)
        else { return .noInteraction }
        let messageID = Message.ID(ids.make())
        let interactionID = Interaction.ID(interaction["id"] as String)
        try db.execute(sql: """
            INSERT INTO messages (id, interaction_id, channel, direction, visibility, text, attachments, platform_message_id,
                                  delivery_status, sent_at, stored_seq, outside_parley)
            VALUES (?, ?, ?, 'outbound', ?, ?, ?, ?, 'sent', ?,
                    (SELECT coalesce(max(stored_seq), 0) + 1 FROM messages WHERE interaction_id = ?), 1)
            """, arguments: [messageID.rawValue, interactionID.rawValue, echo.channel.description, echo.threadKey.visibility.rawValue,
                             echo.text, try JSONEncoder().encode(echo.attachments), echo.platformMessageID, echo.sentAt.storageValue,
                             interactionID.rawValue])
        events.append(.messageSent(MessageEvent(
            messageID: messageID, interactionID: interactionID,
            channelID: .init((interaction["channel_id"] as String?) ?? interaction["channel"]), visibility: echo.threadKey.visibility,
            agentID: (interaction["assigned_agent_id"] as String?).map { .init($0) }, threadKey: threadKey.description)))
        return .recordedOutside(messageID)
    }

    public func revisions(of interaction: Interaction.ID) async throws -> [MessageRevision] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.message_id, r.revision, r.text, r.replaced_at FROM message_revisions r JOIN messages m ON m.id = r.message_id
                WHERE m.interaction_id = ? ORDER BY r.message_id, r.revision
                """, arguments: [interaction.rawValue]).map { row in
                MessageRevision(messageID: .init(row["message_id"] as String), revision: row["revision"], text: row["text"],
                                replacedAt: Date(storageValue: row["replaced_at"]))
            }
        }
    }
}
