import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: AutomationStore {
    public func calendars() async throws -> [BusinessCalendar] {
        try await read { db in
            try await db.rows("SELECT definition FROM calendars ORDER BY id").map {
                try JSONDecoder().decode(BusinessCalendar.self, from: try $0["definition"] as Data)
            }
        }
    }

    public func upsert(_ calendar: BusinessCalendar) async throws {
        let definition = try JSONEncoder().encode(calendar)
        try await write { db in
            try await db.execute("""
                INSERT INTO calendars (id, name, definition) VALUES (\(calendar.id.rawValue), \(calendar.name), \(definition))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, definition = excluded.definition
                """)
        }
    }

    public func setEmergency(of id: BusinessCalendar.ID, enabled: Bool, message: String?, at now: Date) async throws -> BusinessCalendar {
        try await write { db in
            guard let row = try await db.row("SELECT definition FROM calendars WHERE id = \(id.rawValue) FOR UPDATE") else {
                throw StoreError.notFound("calendar \(id)")
            }
            var calendar = try JSONDecoder().decode(BusinessCalendar.self, from: try row["definition"] as Data)
            let switchedOn = enabled && !calendar.emergency.enabled
            calendar.emergency.enabled = enabled
            if let message { calendar.emergency.message = message }
            calendar.emergency.since = enabled ? (switchedOn ? now : calendar.emergency.since) : nil
            let definition = try JSONEncoder().encode(calendar)
            try await db.execute("UPDATE calendars SET definition = \(definition) WHERE id = \(id.rawValue)")
            _ = try await Self.append([.calendarEmergencyChanged(EmergencyChanged(calendarID: id, enabled: enabled, message: calendar.emergency.message))],
                                      at: now, into: db)
            return calendar
        }
    }

    public func autoReply(_ reply: NewAutoReply, at now: Date, ids: any IDGenerator) async throws -> Message? {
        let headers = try reply.delivery.map { try JSONEncoder().encode($0.request.headers) }
        return try await write { db in
            guard let row = try await db.row("SELECT * FROM interactions WHERE id = \(reply.interactionID.rawValue)") else {
                throw StoreError.notFound("interaction \(reply.interactionID)")
            }
            let interaction = try Self.interaction(row)
            let messageID = Message.ID(ids.make())
            guard try await db.row("""
                INSERT INTO auto_replies (contact_id, period, interaction_id, message_id, reason, sent_at)
                VALUES (\(reply.contactID.rawValue), \(reply.period), \(interaction.id.rawValue), \(messageID.rawValue), \(reply.reason),
                        \(now.storageValue))
                ON CONFLICT (contact_id, period) DO NOTHING RETURNING period
                """) != nil else { return nil }
            let status: Message.DeliveryStatus = reply.delivery == nil ? .sent : .pending
            let channel: String = try row["channel"]
            guard let stored = try await db.row("""
                INSERT INTO messages (id, interaction_id, channel, direction, visibility, agent_id, text, attachments,
                                      delivery_status, sent_at, stored_seq)
                VALUES (\(messageID.rawValue), \(interaction.id.rawValue), \(channel), 'outbound', \(reply.visibility.rawValue),
                        NULL, \(reply.text), \(Data("[]".utf8)), \(status.rawValue), \(now.storageValue),
                        (SELECT coalesce(max(stored_seq), 0) + 1 FROM messages WHERE interaction_id = \(interaction.id.rawValue)))
                RETURNING *
                """) else { throw StoreError.notFound("message \(messageID)") }
            var events: [DomainEvent] = [.interactionAutoReplied(AutoReplied(
                interactionID: interaction.id, channelID: interaction.channelID, messageID: messageID, reason: reply.reason, period: reply.period))]
            if let delivery = reply.delivery, let headers {
                try await Self.enqueue(delivery, headers: headers, for: messageID, at: now, into: db)
            } else {
                events.append(.messageSent(MessageEvent(messageID: messageID, interactionID: interaction.id, channelID: interaction.channelID,
                                                        visibility: reply.visibility, threadKey: interaction.threadKey.description)))
            }
            _ = try await Self.append(events, at: now, into: db)
            return try Self.message(stored)
        }
    }

    public func hold(_ interaction: Interaction.ID, until: Date?, reason: String, at now: Date) async throws {
        try await write { db in
            try await db.execute("""
                INSERT INTO routing_holds (interaction_id, until, reason, since)
                VALUES (\(interaction.rawValue), \(until?.storageValue), \(reason), \(now.storageValue))
                ON CONFLICT (interaction_id) DO UPDATE SET until = excluded.until, reason = excluded.reason
                """)
        }
    }

    public func heldInteractions() async throws -> [HeldInteraction] {
        try await read { db in
            try await db.rows("""
                SELECT h.interaction_id, h.until, h.reason FROM routing_holds h JOIN interactions i ON i.id = h.interaction_id
                WHERE i.state <> 'closed' ORDER BY h.until IS NULL, h.until, h.interaction_id
                """).map { row in
                HeldInteraction(interactionID: .init(try row["interaction_id"] as String), until: try row.optionalDate("until"),
                                reason: try row["reason"])
            }
        }
    }

    public func release(_ interaction: Interaction.ID) async throws -> Bool {
        try await write { db in
            try await db.row("DELETE FROM routing_holds WHERE interaction_id = \(interaction.rawValue) RETURNING interaction_id") != nil
        }
    }

    public func closeUnhandled(_ id: Interaction.ID, outcome: Interaction.Outcome, at now: Date) async throws -> Interaction? {
        try await write { db in
            guard let row = try await db.row("""
                UPDATE interactions SET state = 'closed', outcome = \(outcome.rawValue), closed_at = \(now.storageValue),
                                        updated_at = \(now.storageValue)
                WHERE id = \(id.rawValue) AND state <> 'closed' RETURNING *
                """) else { return nil }
            try await db.execute("DELETE FROM routing_holds WHERE interaction_id = \(id.rawValue)")
            let interaction = try Self.interaction(row)
            let body = InteractionEvent(interactionID: id, channelID: interaction.channelID, workgroupID: interaction.workgroupID)
            _ = try await Self.append([outcome == .nonActionable ? .interactionNonActionable(body) : .interactionDeflected(body)], at: now, into: db)
            return interaction
        }
    }
}

extension PostgresStore {
    public func recordAction(_ action: NewInteractionAction, at now: Date, ids: any IDGenerator) async throws -> InteractionAction? {
        let headers = try JSONEncoder().encode(action.delivery.request.headers)
        return try await write { db in
            // The interaction's row lock serializes concurrent recorders of the same action (several nodes).
            guard let row = try await db.row("SELECT * FROM interactions WHERE id = \(action.interactionID.rawValue) FOR UPDATE") else {
                throw StoreError.notFound("interaction \(action.interactionID)")
            }
            let interaction = try Self.interaction(row)
            let done = try await db.row("""
                SELECT 1 FROM interaction_actions
                WHERE interaction_id = \(action.interactionID.rawValue) AND action = \(action.action.rawValue) AND target = \(action.target)
                """) != nil
            guard !done else { return nil }
            let id = InteractionAction.ID(ids.make())
            let outboxID = try await Self.enqueue(action.delivery, headers: headers, for: nil, at: now, into: db)
            try await db.execute("""
                INSERT INTO interaction_actions (id, interaction_id, action, target, agent_id, outbox_id, created_at)
                VALUES (\(id.rawValue), \(action.interactionID.rawValue), \(action.action.rawValue), \(action.target),
                        \(action.agentID?.rawValue), \(outboxID), \(now.storageValue))
                """)
            _ = try await Self.append([.interactionActionTaken(ActionTaken(interactionID: interaction.id, channelID: interaction.channelID,
                                                                           actionID: id, action: action.action, target: action.target,
                                                                           agentID: action.agentID))], at: now, into: db)
            return InteractionAction(id: id, interactionID: interaction.id, action: action.action, target: action.target,
                                     agentID: action.agentID, createdAt: now, status: OutboxItem.State.pending.rawValue)
        }
    }

    public func actions(of interaction: Interaction.ID) async throws -> [InteractionAction] {
        try await read { db in
            try await db.rows("""
                SELECT a.id, a.action, a.target, a.agent_id, a.created_at, o.state FROM interaction_actions a JOIN outbox o ON o.id = a.outbox_id
                WHERE a.interaction_id = \(interaction.rawValue) ORDER BY a.created_at, a.id
                """).map { row in
                InteractionAction(id: .init(try row["id"] as String), interactionID: interaction,
                                  action: AutomaticAction(rawValue: try row["action"]) ?? .like, target: try row["target"],
                                  agentID: (try row["agent_id"] as String?).map { User.ID($0) }, createdAt: try row.date("created_at"),
                                  status: try row["state"])
            }
        }
    }
}
