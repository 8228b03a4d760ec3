import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: ConversationStore {
    /// The interaction row is locked first (`FOR UPDATE`): its checks hold until COMMIT, and replies to one
    /// interaction take their `stored_seq` one after another.
    public func reply(_ reply: NewReply, at now: Date, ids: any IDGenerator) async throws -> ReplyResult {
        let attachments = try JSONEncoder().encode(reply.attachments)
        let headers = try reply.delivery.map { try JSONEncoder().encode($0.request.headers) }
        return try await write { db in
            guard let row = try await db.row("SELECT * FROM interactions WHERE id = \(reply.interactionID.rawValue) FOR UPDATE"),
                (try row["assigned_agent_id"] as String?) == reply.agentID.rawValue
            else { throw ConversationError.notYours(reply.interactionID) }
            if let key = reply.clientKey, let existing = try await db.row("""
                SELECT * FROM messages WHERE interaction_id = \(reply.interactionID.rawValue) AND client_key = \(key)
                """) {
                return ReplyResult(message: try Self.message(existing), created: false)
            }
            let interaction = try Self.interaction(row)
            guard [.active, .waitingForCustomer].contains(interaction.state) else {
                throw ConversationError.wrongState(interaction.id, interaction.state)
            }
            let messageID = Message.ID(ids.make())
            let status: Message.DeliveryStatus = reply.delivery == nil ? .sent : .pending
            let channel: String = try row["channel"]
            guard let stored = try await db.row("""
                INSERT INTO messages (id, interaction_id, channel, direction, visibility, agent_id, text, attachments,
                                      delivery_status, sent_at, stored_seq, client_key)
                VALUES (\(messageID.rawValue), \(interaction.id.rawValue), \(channel), 'outbound', \(reply.visibility.rawValue),
                        \(reply.agentID.rawValue), \(reply.text), \(attachments), \(status.rawValue), \(now.storageValue),
                        (SELECT coalesce(max(stored_seq), 0) + 1 FROM messages WHERE interaction_id = \(interaction.id.rawValue)),
                        \(reply.clientKey))
                RETURNING *
                """) else { throw StoreError.notFound("message \(messageID)") }
            try await db.execute("""
                UPDATE interactions SET state = 'waiting_for_customer', updated_at = \(now.storageValue) WHERE id = \(interaction.id.rawValue)
                """)
            if let delivery = reply.delivery, let headers {
                try await Self.enqueue(delivery, headers: headers, for: messageID, at: now, into: db)
            } else {
                // Parley itself is the platform (web messaging): stored is sent.
                try await Self.append([.messageSent(MessageEvent(
                    messageID: messageID, interactionID: interaction.id, channelID: interaction.channelID, visibility: reply.visibility,
                    agentID: reply.agentID, threadKey: interaction.threadKey.description))], at: now, into: db)
            }
            return ReplyResult(message: try Self.message(stored), created: true)
        }
    }

    public func wrapUp(_ id: Interaction.ID, by agent: User.ID, code: WrapUpCode.ID, at now: Date) async throws -> Interaction {
        try await write { db in
            guard let row = try await db.row("SELECT * FROM interactions WHERE id = \(id.rawValue) FOR UPDATE"),
                (try row["assigned_agent_id"] as String?) == agent.rawValue
            else { throw ConversationError.notYours(id) }
            let interaction = try Self.interaction(row)
            guard [.active, .waitingForCustomer, .wrapUp].contains(interaction.state) else {
                throw ConversationError.wrongState(id, interaction.state)
            }
            guard let active = try await db.value("SELECT active FROM wrap_up_codes WHERE id = \(code.rawValue)", as: Bool.self) else {
                throw ConversationError.unknownCode(code)
            }
            guard active else { throw ConversationError.inactiveCode(code) }
            guard let closed = try await db.row("""
                UPDATE interactions SET state = 'closed', outcome = 'wrapped_up', wrap_up_code = \(code.rawValue),
                    closed_at = \(now.storageValue), updated_at = \(now.storageValue)
                WHERE id = \(id.rawValue)
                RETURNING *
                """) else { throw StoreError.notFound("interaction \(id)") }
            try await Self.append([.interactionWrappedUp(InteractionWrappedUp(interactionID: id, agentID: agent, code: code))], at: now, into: db)
            return try Self.interaction(closed)
        }
    }

    /// Rows another transaction holds (a message arriving, a reply being stored) are skipped: they are not silent.
    public func closeInactive(_ channels: [Domain.Channel], at now: Date) async throws -> [Interaction] {
        guard !channels.isEmpty else { return [] }
        return try await write { db in
            var closed: [Interaction] = []
            var events: [DomainEvent] = []
            for channel in channels {
                let cutoff = now.addingTimeInterval(-TimeInterval(channel.inactivityTimeout))
                let rows = try await db.rows("""
                    SELECT * FROM interactions
                    WHERE channel = \(channel.key.description) AND state <> 'closed' AND updated_at < \(cutoff.storageValue)
                    ORDER BY updated_at LIMIT 500
                    FOR UPDATE SKIP LOCKED
                    """)
                for row in rows {
                    var interaction = try Self.interaction(row)
                    let waiting = [.new, .queued, .offered].contains(interaction.state)
                    interaction.outcome = waiting ? .abandoned : .autoClosed
                    try await db.execute("""
                        UPDATE interactions SET state = 'closed', outcome = \(interaction.outcome?.rawValue),
                            closed_at = \(now.storageValue), updated_at = \(now.storageValue)
                        WHERE id = \(interaction.id.rawValue)
                        """)
                    if waiting {
                        events.append(.interactionAbandoned(InteractionEvent(interactionID: interaction.id, channelID: interaction.channelID,
                                                                             workgroupID: interaction.workgroupID)))
                    } else {
                        events.append(.interactionAutoClosed(InteractionAgentEvent(interactionID: interaction.id,
                                                                                   agentID: interaction.assignedAgentID ?? .init(""),
                                                                                   workgroupID: interaction.workgroupID)))
                    }
                    interaction.state = .closed
                    interaction.closedAt = now
                    closed.append(interaction)
                }
            }
            try await Self.append(events, at: now, into: db)
            return closed
        }
    }

    public func threadMessages(channel: ChannelKey, threadKey: ThreadKey, after: Message.ID?, limit: Int) async throws -> [Message] {
        try await read { db in
            try await db.rows("""
                SELECT m.* FROM messages m JOIN interactions i ON i.id = m.interaction_id
                WHERE i.channel = \(channel.description) AND i.thread_key = \(threadKey.description)
                    AND m.seq > coalesce((SELECT seq FROM messages WHERE id = \(after?.rawValue)::text), 0)
                ORDER BY m.seq LIMIT \(limit)
                """).map(Self.message)
        }
    }

    public func message(_ id: Message.ID) async throws -> Message? {
        try await read { db in try await db.row("SELECT * FROM messages WHERE id = \(id.rawValue)").map(Self.message) }
    }

    public func latestInbound(of interaction: Interaction.ID) async throws -> Message? {
        try await read { db in
            try await db.row("""
                SELECT * FROM messages WHERE interaction_id = \(interaction.rawValue) AND direction = 'inbound'
                ORDER BY stored_seq DESC LIMIT 1
                """).map(Self.message)
        }
    }

    public func privateReplyTargets(of interaction: Interaction.ID) async throws -> [Message.ID: String] {
        try await read { db in
            var targets: [Message.ID: String] = [:]
            let rows = try await db.rows("""
                SELECT message_id, idempotency_key FROM outbox
                WHERE idempotency_key >= \(PrivateReplyKey.prefix(of: interaction)) AND idempotency_key < \(PrivateReplyKey.end(of: interaction))
                    AND message_id IS NOT NULL
                """)
            for row in rows {
                if let comment = PrivateReplyKey.comment(in: try row["idempotency_key"], of: interaction) {
                    targets[.init(try row["message_id"] as String)] = comment
                }
            }
            return targets
        }
    }

    /// An outbox item that carries an agent's message moves the message with it: sent, or failed with the reason.
    /// Returns the event to append (the caller appends last).
    static func followDelivery(of messageID: String, _ transition: OutboxTransition, db: DB) async throws -> [DomainEvent] {
        guard let row = try await db.row("""
            SELECT m.id, m.visibility, m.agent_id, i.id AS interaction_id, i.channel_id, i.channel, i.thread_key
            FROM messages m JOIN interactions i ON i.id = m.interaction_id WHERE m.id = \(messageID)
            """) else { return [] }
        let channelID: String? = try row["channel_id"]
        let event = MessageEvent(messageID: .init(messageID), interactionID: .init(try row["interaction_id"] as String),
                                 channelID: .init(try channelID ?? row["channel"]),
                                 visibility: Visibility(rawValue: try row["visibility"]) ?? .private,
                                 agentID: (try row["agent_id"] as String?).map { .init($0) }, threadKey: try row["thread_key"])
        switch transition {
        case .sent(let platformID):
            // Its echo may have confirmed it first, and a receipt moved it on (or reported it failed) since: never back to sent.
            try await db.execute("""
                UPDATE messages SET platform_message_id = coalesce(\(platformID)::text, platform_message_id),
                    delivery_status = CASE WHEN delivery_status IN ('delivered', 'read', 'failed') THEN delivery_status ELSE 'sent' END
                WHERE id = \(messageID)
                """)
            return [.messageSent(event)]
        case .failed(let reason), .denied(let reason):
            try await db.execute("UPDATE messages SET delivery_status = 'failed', failure_reason = \(reason) WHERE id = \(messageID)")
            return [.messageFailed(MessageFailed(messageID: event.messageID, interactionID: event.interactionID, reason: reason,
                                                 agentID: event.agentID))]
        case .retry:
            // The desktop shows the wait ("queued — X rate limit, sending at 14:32"): tell it to look again.
            return [.messageStatusChanged(MessageStatusChanged(messageID: event.messageID, interactionID: event.interactionID,
                                                               status: .pending, agentID: event.agentID))]
        }
    }

    /// The platform call that delivers a stored outbound message (an agent's reply or Parley's own answer).
    /// Enqueues a platform call; `messageID` is the stored message it delivers (nil for an action on a post).
    /// Returns the outbox row's id.
    @discardableResult
    static func enqueue(_ delivery: NewOutboxItem, headers: Data, for messageID: Message.ID?, at now: Date, into db: DB) async throws -> Int64 {
        let id = try await db.value("""
            INSERT INTO outbox (channel, idempotency_key, method, path, headers, body, state, attempts,
                                created_at, next_attempt_at, deadline, message_id)
            VALUES (\(delivery.channel.description), \(delivery.idempotencyKey), \(delivery.request.method),
                    \(delivery.request.path), \(headers), \(delivery.request.body), 'pending', 0, \(now.storageValue),
                    \(now.storageValue), \(delivery.deadline.storageValue), \(messageID?.rawValue))
            RETURNING id
            """, as: Int64.self)
        guard let id else { throw StoreError.notFound("the outbox row just inserted") }
        return id
    }
}
