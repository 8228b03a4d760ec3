import Domain
import Foundation
import GRDB

extension SQLiteStore: AutomationStore {
    public func calendars() async throws -> [BusinessCalendar] {
        try await pool.read { db in
            try Data.fetchAll(db, sql: "SELECT definition FROM calendars ORDER BY id").map { try JSONDecoder().decode(BusinessCalendar.self, from: $0) }
        }
    }

    public func upsert(_ calendar: BusinessCalendar) async throws {
        let definition = try JSONEncoder().encode(calendar)
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO calendars (id, name, definition) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, definition = excluded.definition
                """, arguments: [calendar.id.rawValue, calendar.name, definition])
        }
    }

    public func setEmergency(of id: BusinessCalendar.ID, enabled: Bool, message: String?, at now: Date) async throws -> BusinessCalendar {
        try await pool.write { db in
            guard let data = try Data.fetchOne(db, sql: "SELECT definition FROM calendars WHERE id = ?", arguments: [id.rawValue]) else {
                throw StoreError.notFound("calendar \(id)")
            }
            var calendar = try JSONDecoder().decode(BusinessCalendar.self, from: data)
            let switchedOn = enabled && !calendar.emergency.enabled
            calendar.emergency.enabled = enabled
            if let message { calendar.emergency.message = message }
            calendar.emergency.since = enabled ? (switchedOn ? now : calendar.emergency.since) : nil
            try db.execute(sql: "UPDATE calendars SET definition = ? WHERE id = ?", arguments: [try JSONEncoder().encode(calendar), id.rawValue])
            try Self.append([.calendarEmergencyChanged(EmergencyChanged(calendarID: id, enabled: enabled, message: calendar.emergency.message))],
                            at: now, into: db)
            return calendar
        }
    }

    public func autoReply(_ reply: NewAutoReply, at now: Date, ids: any IDGenerator) async throws -> Message? {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM interactions WHERE id = ?", arguments: [reply.interactionID.rawValue]) else {
                throw StoreError.notFound("interaction \(reply.interactionID)")
            }
            let interaction = try Self.interaction(row)
            let messageID = Message.ID(ids.make())
            try db.execute(sql: """
                INSERT INTO auto_replies (contact_id, period, interaction_id, message_id, reason, sent_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (contact_id, period) DO NOTHING
                """, arguments: [reply.contactID.rawValue, reply.period, interaction.id.rawValue, messageID.rawValue, reply.reason, now.storageValue])
            guard db.changesCount == 1 else { return nil }
            let status: Message.DeliveryStatus = reply.delivery == nil ? .sent : .pending
            try db.execute(sql: """
                INSERT INTO messages (id, interaction_id, channel, direction, visibility, agent_id, text, attachments,
                                      delivery_status, sent_at, stored_seq)
                VALUES (?, ?, ?, 'outbound', ?, NULL, ?, '[]', ?, ?,
                        (SELECT coalesce(max(stored_seq), 0) + 1 FROM messages WHERE interaction_id = ?))
                """, arguments: [messageID.rawValue, interaction.id.rawValue, row["channel"] as String, reply.visibility.rawValue, reply.text,
                                 status.rawValue, now.storageValue, interaction.id.rawValue])
            var events: [DomainEvent] = [.interactionAutoReplied(AutoReplied(
                interactionID: interaction.id, channelID: interaction.channelID, messageID: messageID, reason: reply.reason, period: reply.period))]
            if let delivery = reply.delivery {
                try Self.enqueue(delivery, for: messageID, at: now, into: db)
            } else {
                events.append(.messageSent(MessageEvent(messageID: messageID, interactionID: interaction.id, channelID: interaction.channelID,
                                                        visibility: reply.visibility, threadKey: interaction.threadKey.description)))
            }
            try Self.append(events, at: now, into: db)
            guard let stored = try Row.fetchOne(db, sql: "SELECT * FROM messages WHERE id = ?", arguments: [messageID.rawValue]) else {
                throw StoreError.notFound("message \(messageID)")
            }
            return try Self.message(stored)
        }
    }

    public func hold(_ interaction: Interaction.ID, until: Date?, reason: String, at now: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO routing_holds (interaction_id, until, reason, since) VALUES (?, ?, ?, ?)
                ON CONFLICT (interaction_id) DO UPDATE SET until = excluded.until, reason = excluded.reason
                """, arguments: [interaction.rawValue, until?.storageValue, reason, now.storageValue])
        }
    }

    public func heldInteractions() async throws -> [HeldInteraction] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT h.* FROM routing_holds h JOIN interactions i ON i.id = h.interaction_id WHERE i.state <> 'closed'
                ORDER BY h.until IS NULL, h.until, h.interaction_id
                """).map { row in
                HeldInteraction(interactionID: .init(row["interaction_id"] as String), until: (row["until"] as Double?).map(Date.init(storageValue:)),
                                reason: row["reason"])
            }
        }
    }

    public func release(_ interaction: Interaction.ID) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM routing_holds WHERE interaction_id = ?", arguments: [interaction.rawValue])
            return db.changesCount == 1
        }
    }

    public func closeUnhandled(_ id: Interaction.ID, outcome: Interaction.Outcome, at now: Date) async throws -> Interaction? {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE interactions SET state = 'closed', outcome = ?, closed_at = ?, updated_at = ? WHERE id = ? AND state <> 'closed'
                """, arguments: [outcome.rawValue, now.storageValue, now.storageValue, id.rawValue])
            guard db.changesCount == 1,
                  let row = try Row.fetchOne(db, sql: "SELECT * FROM interactions WHERE id = ?", arguments: [id.rawValue]) else { return nil }
            try db.execute(sql: "DELETE FROM routing_holds WHERE interaction_id = ?", arguments: [id.rawValue])
            let interaction = try Self.interaction(row)
            let body = InteractionEvent(interactionID: id, channelID: interaction.channelID, workgroupID: interaction.workgroupID)
            try Self.append([outcome == .nonActionable ? .interactionNonActionable(body) : .interactionDeflected(body)], at: now, into: db)
            return interaction
        }
    }
}

extension SQLiteStore {
    public func recordAction(_ action: NewInteractionAction, at now: Date, ids: any IDGenerator) async throws -> InteractionAction? {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM interactions WHERE id = ?", arguments: [action.interactionID.rawValue]) else {
                throw StoreError.notFound("interaction \(action.interactionID)")
            }
            let interaction = try Self.interaction(row)
            let done = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM interaction_actions WHERE interaction_id = ? AND action = ? AND target = ?)
                """, arguments: [action.interactionID.rawValue, action.action.rawValue, action.target]) ?? false
            guard !done else { return nil }
            let id = InteractionAction.ID(ids.make())
            let outboxID = try Self.enqueue(action.delivery, for: nil, at: now, into: db)
            try db.execute(sql: """
                INSERT INTO interaction_actions (id, interaction_id, action, target, agent_id, outbox_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id.rawValue, action.interactionID.rawValue, action.action.rawValue, action.target, action.agentID?.rawValue,
                                 outboxID, now.storageValue])
            try Self.append([.interactionActionTaken(ActionTaken(interactionID: interaction.id, channelID: interaction.channelID, actionID: id,
                                                                 action: action.action, target: action.target, agentID: action.agentID))],
                            at: now, into: db)
            return InteractionAction(id: id, interactionID: interaction.id, action: action.action, target: action.target,
                                     agentID: action.agentID, createdAt: now, status: OutboxItem.State.pending.rawValue)
        }
    }

    public func actions(of interaction: Interaction.ID) async throws -> [InteractionAction] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.*, o.state FROM interaction_actions a JOIN outbox o ON o.id = a.outbox_id
                WHERE a.interaction_id = ? ORDER BY a.created_at, a.id
                """, arguments: [interaction.rawValue]).map { row in
                InteractionAction(id: .init(row["id"] as String), interactionID: interaction,
                                  action: AutomaticAction(rawValue: row["action"]) ?? .like, target: row["target"],
                                  agentID: (row["agent_id"] as String?).map { User.ID($0) }, createdAt: Date(storageValue: row["created_at"]),
                                  status: row["state"])
            }
        }
    }
}
