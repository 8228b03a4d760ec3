import Domain
import Foundation
import GRDB

extension SQLiteStore: RoutingStore {
    public func routingSnapshot() async throws -> RoutingSnapshot {
        let (interactions, reservations) = try await pool.read { db in
            let interactions = try Row.fetchAll(db, sql: "SELECT * FROM interactions WHERE state <> 'closed' AND id NOT IN (SELECT interaction_id FROM routing_holds) ORDER BY created_at, id").map(Self.interaction)
            let reservations = try Row.fetchAll(db, sql: """
                SELECT r.* FROM routing_reservations r JOIN interactions i ON i.id = r.interaction_id WHERE i.state = 'queued'
                ORDER BY r.interaction_id
                """).map { row in
                StoredReservation(interactionID: .init(row["interaction_id"] as String), agentID: .init(row["agent_id"] as String),
                                  until: Date(storageValue: row["until"]), rule: row["rule"])
            }
            return (interactions, reservations)
        }
        return RoutingSnapshot(interactions: interactions, channels: try await channels(),
                               users: try await users().map(\.user).filter(\.active), presence: try await agentStates(),
                               workgroups: try await workgroups(), reservations: reservations)
    }

    public func recordRouting(_ changes: [RoutingChange], at date: Date) async throws {
        guard !changes.isEmpty else { return }
        try await pool.write { db in
            var events: [DomainEvent] = []
            func set(_ id: Interaction.ID, state: Interaction.State, agent: User.ID?) throws -> Row? {
                try db.execute(sql: "UPDATE interactions SET state = ?, assigned_agent_id = ?, updated_at = ? WHERE id = ? AND state <> 'closed'",
                               arguments: [state.rawValue, agent?.rawValue, date.storageValue, id.rawValue])
                try db.execute(sql: "DELETE FROM routing_reservations WHERE interaction_id = ?", arguments: [id.rawValue])
                return try Row.fetchOne(db, sql: "SELECT channel_id, channel, workgroup_id FROM interactions WHERE id = ?", arguments: [id.rawValue])
            }
            func workgroup(_ row: Row?) -> Workgroup.ID? { (row?["workgroup_id"] as String?).map { .init($0) } }
            func channel(_ row: Row?) -> Channel.ID { .init((row?["channel_id"] as String?) ?? (row?["channel"] as String?) ?? "") }
            for change in changes {
                switch change {
                case .queued(let id, let group):
                    try db.execute(sql: "UPDATE interactions SET workgroup_id = ? WHERE id = ?", arguments: [group?.rawValue, id.rawValue])
                    let row = try set(id, state: .queued, agent: nil)
                    events.append(.interactionQueued(InteractionEvent(interactionID: id, channelID: channel(row), workgroupID: group)))
                case .offered(let id, let agent):
                    let row = try set(id, state: .offered, agent: agent)
                    events.append(.interactionOffered(InteractionAgentEvent(interactionID: id, agentID: agent, workgroupID: workgroup(row))))
                case .rejected(let id, let agent):
                    let row = try set(id, state: .queued, agent: nil)
                    events.append(.interactionRejected(InteractionAgentEvent(interactionID: id, agentID: agent, workgroupID: workgroup(row))))
                case .redirectedOnNoAnswer(let id, let agent):
                    let row = try set(id, state: .queued, agent: nil)
                    events.append(.interactionRONA(InteractionAgentEvent(interactionID: id, agentID: agent, workgroupID: workgroup(row))))
                case .requeued(let id, let agent):
                    let row = try set(id, state: .queued, agent: nil)
                    events.append(.interactionOfferRevoked(InteractionAgentEvent(interactionID: id, agentID: agent, workgroupID: workgroup(row))))
                    events.append(.interactionQueued(InteractionEvent(interactionID: id, channelID: channel(row), workgroupID: workgroup(row))))
                case .accepted(let id, let agent):
                    let row = try set(id, state: .active, agent: agent)
                    events.append(.interactionAccepted(InteractionAgentEvent(interactionID: id, agentID: agent, workgroupID: workgroup(row))))
                case .agentNotReady(let agent, let reason):
                    try db.execute(sql: """
                        INSERT INTO agent_states (user_id, state, reason, since) VALUES (?, 'not_ready', ?, ?)
                        ON CONFLICT (user_id) DO UPDATE SET state = 'not_ready', reason = excluded.reason, since = excluded.since
                        """, arguments: [agent.rawValue, reason.rawValue, date.storageValue])
                    events.append(.agentStateChanged(AgentStateChanged(agentID: agent, state: .notReady, reason: reason)))
                case .explained(let id, let agent, let decision, let rule, let explanation):
                    try db.execute(sql: """
                        INSERT INTO routing_decisions (interaction_id, agent_id, decision, rule, explanation, decided_at)
                        SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM interactions WHERE id = ?)
                        """, arguments: [id.rawValue, agent.rawValue, decision, rule, explanation, date.storageValue, id.rawValue])
                case .transferred(let id, let from, let toAgent, let toWorkgroup, let note):
                    if let toWorkgroup {
                        try db.execute(sql: "UPDATE interactions SET workgroup_id = ? WHERE id = ?", arguments: [toWorkgroup.rawValue, id.rawValue])
                    }
                    let row = try set(id, state: .queued, agent: nil)
                    events.append(.interactionTransferred(InteractionTransferred(interactionID: id, fromAgentID: from, toAgentID: toAgent,
                                                                                 toWorkgroupID: toWorkgroup, note: note)))
                    events.append(.interactionQueued(InteractionEvent(interactionID: id, channelID: channel(row), workgroupID: workgroup(row))))
                case .priorityChanged(let id, let priority):
                    try db.execute(sql: "UPDATE interactions SET priority = ? WHERE id = ?", arguments: [priority, id.rawValue])
                case .reserved(let id, let agent, let until, let rule):
                    try db.execute(sql: """
                        INSERT INTO routing_reservations (interaction_id, agent_id, until, rule)
                        SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM interactions WHERE id = ? AND state = 'queued')
                        ON CONFLICT (interaction_id) DO UPDATE SET agent_id = excluded.agent_id, until = excluded.until, rule = excluded.rule
                        """, arguments: [id.rawValue, agent.rawValue, until.storageValue, rule, id.rawValue])
                case .reservationEnded(let id):
                    try db.execute(sql: "DELETE FROM routing_reservations WHERE interaction_id = ?", arguments: [id.rawValue])
                }
            }
            try Self.append(events, at: date, into: db)
        }
    }

    public func routingDecisions(for interaction: Interaction.ID) async throws -> [StoredRoutingDecision] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM routing_decisions WHERE interaction_id = ? ORDER BY id", arguments: [interaction.rawValue]).map { row in
                StoredRoutingDecision(interactionID: .init(row["interaction_id"] as String), agentID: .init(row["agent_id"] as String), decision: row["decision"],
                                      rule: row["rule"], explanation: row["explanation"], decidedAt: Date(storageValue: row["decided_at"]))
            }
        }
    }

    public func lastAgent(of contact: Contact.ID, excluding: Interaction.ID, since: Date) async throws -> User.ID? {
        try await pool.read { db in
            try String.fetchOne(db, sql: """
                SELECT i.assigned_agent_id FROM interactions i
                WHERE i.contact_id = ? AND i.id <> ? AND i.assigned_agent_id IS NOT NULL
                  AND (i.state IN ('active', 'waiting_for_customer', 'wrap_up')
                       OR (i.state = 'closed' AND i.outcome = 'wrapped_up' AND i.closed_at >= ?)
                       -- Closed for inactivity: served when its last message was, not when it was closed.
                       OR (i.state = 'closed' AND i.outcome = 'auto_closed'
                           AND (SELECT max(m.sent_at) FROM messages m WHERE m.interaction_id = i.id) >= ?))
                ORDER BY i.updated_at DESC, i.id DESC LIMIT 1
                """, arguments: [contact.rawValue, excluding.rawValue, since.storageValue, since.storageValue]).map { User.ID($0) }
        }
    }
}
