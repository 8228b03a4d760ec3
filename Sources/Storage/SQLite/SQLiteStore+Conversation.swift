import Domain
import Foundation
import GRDB

extension SQLiteStore: ConversationStore {
    public func reply(_ reply: NewReply, at now: Date, ids: any IDGenerator) async throws -> ReplyResult {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM interactions WHERE id = ?", arguments: [reply.interactionID.rawValue]),
                (row["assigned_agent_id"] as String?) == reply.agentID.rawValue
            else { throw ConversationError.notYours(reply.interactionID) }
            if let key = reply.clientKey, let existing = try Row.fetchOne(db, sql: """
                SELECT * FROM messages WHERE interaction_id = ? AND client_key = ?
                """, arguments: [reply.interactionID.rawValue, key]) {
                return ReplyResult(message: try Self.message(existing), created: false)
            }
            let interaction = try Self.interaction(row)
            guard [.active, .waitingForCustomer].contains(interaction.state) else {
                throw ConversationError.wrongState(interaction.id, interaction.state)
            }
            let messageID = Message.ID(ids.make())
            let status: Message.DeliveryStatus = reply.delivery == nil ? .sent : .pending
            try db.execute(sql: """
                INSERT INTO messages (id, interaction_id, channel, direction, visibility, agent_id, text, attachments,
                                      delivery_status, sent_at, stored_seq, client_key)
                VALUES (?, ?, ?, 'outbound', ?, ?, ?, ?, ?, ?,
                        (SELECT coalesce(max(stored_seq), 0) + 1 FROM messages WHERE interaction_id = ?), ?)
                """, arguments: [messageID.rawValue, interaction.id.rawValue, row["channel"] as String, reply.visibility.rawValue,
                                 reply.agentID.rawValue, reply.text, try JSONEncoder().encode(reply.attachments), status.rawValue,
                                 now.storageValue, interaction.id.rawValue, reply.clientKey])
            try db.execute(sql: "UPDATE interactions SET state = 'waiting_for_customer', updated_at = ? WHERE id = ?",
                           arguments: [now.storageValue, interaction.id.rawValue])
            if let delivery = reply.delivery {
                try Self.enqueue(delivery, for: messageID, at: now, into: db)
            } else {
                // Parley itself is the platform (web messaging): stored is sent.
                try Self.append([.messageSent(MessageEvent(
                    messageID: messageID, interactionID: interaction.id, channelID: interaction.channelID, visibility: reply.visibility,
                    agentID: reply.agentID, threadKey: interaction.threadKey.description))], at: now, into: db)
            }
            guard let stored = try Row.fetchOne(db, sql: "SELECT * FROM messages WHERE id = ?", arguments: [messageID.rawValue]) else {
                throw StoreError.notFound("message \(messageID)")
            }
            return ReplyResult(message: try Self.message(stored), created: true)
        }
    }

    public func wrapUp(_ id: Interaction.ID, by agent: User.ID, code: WrapUpCode.ID, at now: Date) async throws -> Interaction {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM interactions WHERE id = ?", arguments: [id.rawValue]),
                (row["assigned_agent_id"] as String?) == agent.rawValue
            else { throw ConversationError.notYours(id) }
            let interaction = try Self.interaction(row)
            guard [.active, .waitingForCustomer, .wrapUp].contains(interaction.state) else {
                throw ConversationError.wrongState(id, interaction.state)
            }
            guard let active = try Bool.fetchOne(db, sql: "SELECT active FROM wrap_up_codes WHERE id = ?", arguments: [code.rawValue]) else {
                throw ConversationError.unknownCode(code)
            }
            guard active else { throw ConversationError.inactiveCode(code) }
            try db.execute(sql: """
                UPDATE interactions SET state = 'closed', outcome = 'wrapped_up', wrap_up_code = ?, closed_at = ?, updated_at = ?
                WHERE id = ?
                """, arguments: [code.rawValue, now.storageValue, now.storageValue, id.rawValue])
            try Self.append([.interactionWrappedUp(InteractionWrappedUp(interactionID: id, agentID: agent, code: code))], at: now, into: db)
            guard let closed = try Row.fetchOne(db, sql: "SELECT * FROM interactions WHERE id = ?", arguments: [id.rawValue]) else {
                throw StoreError.notFound("interaction \(id)")
            }
            return try Self.interaction(closed)
        }
    }

    public func closeInactive(_ channels: [Channel], at now: Date) async throws -> [Interaction] {
        guard !channels.isEmpty else { return [] }
        return try await pool.write { db in
            var closed: [Interaction] = []
            for channel in channels {
                let cutoff = now.addingTimeInterval(-TimeInterval(channel.inactivityTimeout))
                let rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM interactions WHERE channel = ? AND state <> 'closed' AND updated_at < ? ORDER BY updated_at LIMIT 500
                    """, arguments: [channel.key.description, cutoff.storageValue])
                for row in rows {
                    var interaction = try Self.interaction(row)
                    let waiting = [.new, .queued, .offered].contains(interaction.state)
                    interaction.outcome = waiting ? .abandoned : .autoClosed
                    try db.execute(sql: """
                        UPDATE interactions SET state = 'closed', outcome = ?, closed_at = ?, updated_at = ? WHERE id = ?
                        """, arguments: [interaction.outcome?.rawValue, now.storageValue, now.storageValue, interaction.id.rawValue])
                    if waiting {
                        try Self.append([.interactionAbandoned(InteractionEvent(interactionID: interaction.id, channelID: interaction.channelID,
                                                                                workgroupID: interaction.workgroupID))], at: now, into: db)
                    } else {
                        try Self.append([.interactionAutoClosed(InteractionAgentEvent(interactionID: interaction.id,
                                                                                      agentID: interaction.assignedAgentID ?? .init(""),
                                                                                      workgroupID: interaction.workgroupID))], at: now, into: db)
                    }
                    interaction.state = .closed
                    interaction.closedAt = now
                    closed.append(interaction)
                }
            }
            return closed
        }
    }

    public func threadMessages(channel: ChannelKey, threadKey: ThreadKey, after: Message.ID?, limit: Int) async throws -> [Message] {
        try await pool.read { db in
            let start = try after.flatMap { try Int64.fetchOne(db, sql: "SELECT rowid FROM messages WHERE id = ?", arguments: [$0.rawValue]) } ?? 0
            return try Row.fetchAll(db, sql: """
                SELECT m.* FROM messages m JOIN interactions i ON i.id = m.interaction_id
                WHERE i.channel = ? AND i.thread_key = ? AND m.rowid > ? ORDER BY m.rowid LIMIT ?
                """, arguments: [channel.description, threadKey.description, start, limit]).map(Self.message)
        }
    }

    public func message(_ id: Message.ID) async throws -> Message? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM messages WHERE id = ?", arguments: [id.rawValue]).map(Self.message)
        }
    }

    public func latestInbound(of interaction: Interaction.ID) async throws -> Message? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM messages WHERE interaction_id = ? AND direction = 'inbound' ORDER BY stored_seq DESC LIMIT 1
                """, arguments: [interaction.rawValue]).map(Self.message)
        }
    }

    public func privateReplyTargets(of interaction: Interaction.ID) async throws -> [Message.ID: String] {
        try await pool.read { db in
            var targets: [Message.ID: String] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT message_id, idempotency_key FROM outbox WHERE idempotency_key >= ? AND idempotency_key < ? AND message_id IS NOT NULL
                """, arguments: [PrivateReplyKey.prefix(of: interaction), PrivateReplyKey.end(of: interaction)])
            for row in rows {
                if let comment = PrivateReplyKey.comment(in: row["idempotency_key"], of: interaction) {
                    targets[.init(row["message_id"] as String)] = comment
                }
            }
            return targets
        }
    }

    /// An outbox item that carries an agent's message moves the message with it: sent, or failed with the reason.
    static func followDelivery(of item: Int64, _ transition: OutboxTransition, at date: Date, db: Database) throws {
        guard let messageID = try String.fetchOne(db, sql: "SELECT message_id FROM outbox WHERE id = ?", arguments: [item]),
            let row = try Row.fetchOne(db, sql: """
                SELECT m.id, m.visibility, m.agent_id, i.id AS interaction_id, i.channel_id, i.channel, i.thread_key
                FROM messages m JOIN interactions i ON i.id = m.interaction_id WHERE m.id = ?
                """, arguments: [messageID])
        else { return }
        let event = MessageEvent(messageID: .init(messageID), interactionID: .init(row["interaction_id"] as String),
                                 channelID: .init((row["channel_id"] as String?) ?? row["channel"]),
                                 visibility: Visibility(rawValue: row["visibility"]) ?? .private,
                                 agentID: (row["agent_id"] as String?).map { .init($0) }, threadKey: row["thread_key"])
        switch transition {
        case .sent(let platformID):
            // Its echo may have confirmed it first, and a receipt moved it on (or reported it failed) since: never back to sent.
            try db.execute(sql: """
                UPDATE messages SET platform_message_id = coalesce(?, platform_message_id),
                    delivery_status = CASE WHEN delivery_status IN ('delivered', 'read', 'failed') THEN delivery_status ELSE 'sent' END
                WHERE id = ?
                """, arguments: [platformID, messageID])
            try append([.messageSent(event)], at: date, into: db)
        case .failed(let reason), .denied(let reason):
            try db.execute(sql: "UPDATE messages SET delivery_status = 'failed', failure_reason = ? WHERE id = ?", arguments: [reason, messageID])
            try append([.messageFailed(MessageFailed(messageID: event.messageID, interactionID: event.interactionID, reason: reason,
                                                      agentID: event.agentID))],
                       at: date, into: db)
        case .retry:
            // The desktop shows the wait ("queued — X rate limit, sending at 14:32"): tell it to look again.
            try append([.messageStatusChanged(MessageStatusChanged(messageID: event.messageID, interactionID: event.interactionID,
                                                                   status: .pending, agentID: event.agentID))], at: date, into: db)
        }
    }

    /// The platform call that delivers a stored outbound message (an agent's reply or Parley's own answer).
    /// Enqueues a platform call; `messageID` is the stored message it delivers (nil for an action on a post).
    /// Returns the outbox row's id.
    @discardableResult
    static func enqueue(_ delivery: NewOutboxItem, for messageID: Message.ID?, at now: Date, into db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO outbox (channel, idempotency_key, method, path, headers, body, state, attempts,
                                created_at, next_attempt_at, deadline, message_id)
            VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)
            """, arguments: [
                delivery.channel.description, delivery.idempotencyKey, delivery.request.method, delivery.request.path,
                try JSONEncoder().encode(delivery.request.headers), delivery.request.body, now.storageValue, now.storageValue,
                delivery.deadline.storageValue, messageID?.rawValue,
            ])
        return db.lastInsertedRowID
    }
}
