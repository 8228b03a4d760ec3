import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: RoutingStore {
    public func routingSnapshot() async throws -> RoutingSnapshot {
        let (interactions, reservations) = try await read { db in
            let interactions = try await db.rows("SELECT * FROM interactions WHERE state <> 'closed' AND id NOT IN (SELECT interaction_id FROM routing_holds) ORDER BY created_at, id").map(Self.interaction)
            let reservations = try await db.rows("""
                SELECT r.interaction_id, r.agent_id, r.until, r.rule FROM routing_reservations r
                JOIN interactions i ON i.id = r.interaction_id WHERE i.state = 'queued' ORDER BY r.interaction_id
                """).map { row in
                StoredReservation(interactionID: .init(try row["interaction_id"] as String), agentID: .init(try row["agent_id"] as String),
                                  until: try row.date("until"), rule: try row["rule"])
            }
            return (interactions, reservations)
        }
        return RoutingSnapshot(interactions: interactions, channels: try await channels(),
                               users: try await users().map(\.user).filter(\.active), presence: try await agentStates(),
                               workgroups: try await workgroups(), reservations: reservations)
    }

    public func recordRouting(_ changes: [RoutingChange], at date: Date) async throws {
        try await recordRouting(changes, at: date, fence: nil)
    }

    /// Records routing's changes; with a `fence`, only while that term still leads routing (checked in the same
    /// transaction, under a share lock on the lease row, so a new leader's takeover waits for it or refuses it).
    public func recordRouting(_ changes: [RoutingChange], at date: Date, fence: RoutingFence?) async throws {
        guard !changes.isEmpty else { return }
        try await write { db in
            if let fence { try await Self.checkFence(fence, db) }
            var events: [DomainEvent] = []
            /// Moves an open interaction; returns what its events need to name (nil fields when it is gone).
            func set(_ id: Interaction.ID, state: Interaction.State, agent: User.ID?) async throws -> (channel: Domain.Channel.ID, workgroup: Workgroup.ID?) {
                try await db.execute("""
                    UPDATE interactions SET state = \(state.rawValue), assigned_agent_id = \(agent?.rawValue), updated_at = \(date.storageValue)
                    WHERE id = \(id.rawValue) AND state <> 'closed'
                    """)
                try await db.execute("DELETE FROM routing_reservations WHERE interaction_id = \(id.rawValue)")
                let row = try await db.row("SELECT channel_id, channel, workgroup_id FROM interactions WHERE id = \(id.rawValue)")
                let channelID: String? = try row?["channel_id"]
                let channel: String? = try row?["channel"]
                let workgroup: String? = try row?["workgroup_id"]
                return (.init(channelID ?? channel ?? ""), workgroup.map { .init($0) })
            }
            for change in changes {
                switch change {
                case .queued(let id, let group):
                    try await db.execute("UPDATE interactions SET workgroup_id = \(group?.rawValue) WHERE id = \(id.rawValue)")
                    let row = try await set(id, state: .queued, agent: nil)
                    events.append(.interactionQueued(InteractionEvent(interactionID: id, channelID: row.channel, workgroupID: group)))
                case .offered(let id, let agent):
                    let row = try await set(id, state: .offered, agent: agent)
                    events.append(.interactionOffered(InteractionAgentEvent(interactionID: id, agentID: agent, workgroupID: row.workgroup)))
                case .rejected(let id, let agent):
                    let row = try await set(id, state: .queued, agent: nil)
                    events.append(.interactionRejected(InteractionAgentEvent(interactionID: id, agentID: agent, workgroupID: row.workgroup)))
                case .redirectedOnNoAnswer(let id, let agent):
                    let row = try await set(id, state: .queued, agent: nil)
                    events.append(.interactionRONA(InteractionAgentEvent(interactionID: id, agentID: agent, workgroupID: row.workgroup)))
                case .requeued(let id, let agent):
                    let row = try await set(id, state: .queued, agent: nil)
                    events.append(.interactionOfferRevoked(InteractionAgentEvent(interactionID: id, agentID: agent, workgroupID: row.workgroup)))
                    events.append(.interactionQueued(InteractionEvent(interactionID: id, channelID: row.channel, workgroupID: row.workgroup)))
                case .accepted(let id, let agent):
                    let row = try await set(id, state: .active, agent: agent)
                    events.append(.interactionAccepted(InteractionAgentEvent(interactionID: id, agentID: agent, workgroupID: row.workgroup)))
                case .agentNotReady(let agent, let reason):
                    try await db.execute("""
                        INSERT INTO agent_states (user_id, state, reason, since) VALUES (\(agent.rawValue), 'not_ready', \(reason.rawValue),
                                                                                      \(date.storageValue))
                        ON CONFLICT (user_id) DO UPDATE SET state = 'not_ready', reason = excluded.reason, since = excluded.since
                        """)
                    events.append(.agentStateChanged(AgentStateChanged(agentID: agent, state: .notReady, reason: reason)))
                case .explained(let id, let agent, let decision, let rule, let explanation):
                    try await db.execute("""
                        INSERT INTO routing_decisions (interaction_id, agent_id, decision, rule, explanation, decided_at)
                        SELECT \(id.rawValue), \(agent.rawValue), \(decision), \(rule), \(explanation), \(date.storageValue)
                        WHERE EXISTS (SELECT 1 FROM interactions WHERE id = \(id.rawValue))
                        """)
                case .transferred(let id, let from, let toAgent, let toWorkgroup, let note):
                    if let toWorkgroup {
                        try await db.execute("UPDATE interactions SET workgroup_id = \(toWorkgroup.rawValue) WHERE id = \(id.rawValue)")
                    }
                    let row = try await set(id, state: .queued, agent: nil)
                    events.append(.interactionTransferred(InteractionTransferred(interactionID: id, fromAgentID: from, toAgentID: toAgent,
                                                                                 toWorkgroupID: toWorkgroup, note: note)))
                    events.append(.interactionQueued(InteractionEvent(interactionID: id, channelID: row.channel, workgroupID: row.workgroup)))
                case .priorityChanged(let id, let priority):
                    try await db.execute("UPDATE interactions SET priority = \(priority) WHERE id = \(id.rawValue)")
                case .reserved(let id, let agent, let until, let rule):
                    try await db.execute("""
                        INSERT INTO routing_reservations (interaction_id, agent_id, until, rule)
                        SELECT \(id.rawValue), \(agent.rawValue), \(until.storageValue), \(rule)
                        WHERE EXISTS (SELECT 1 FROM interactions WHERE id = \(id.rawValue) AND state = 'queued')
                        ON CONFLICT (interaction_id) DO UPDATE SET agent_id = excluded.agent_id, until = excluded.until, rule = excluded.rule
                        """)
                case .reservationEnded(let id):
                    try await db.execute("DELETE FROM routing_reservations WHERE interaction_id = \(id.rawValue)")
                }
            }
            try await Self.append(events, at: date, into: db)
        }
    }

    public func routingDecisions(for interaction: Interaction.ID) async throws -> [StoredRoutingDecision] {
        try await read { db in
            try await db.rows("""
                SELECT interaction_id, agent_id, decision, rule, explanation, decided_at FROM routing_decisions
                WHERE interaction_id = \(interaction.rawValue) ORDER BY id
                """).map { row in
                StoredRoutingDecision(interactionID: .init(try row["interaction_id"] as String), agentID: .init(try row["agent_id"] as String),
                                      decision: try row["decision"], rule: try row["rule"], explanation: try row["explanation"],
                                      decidedAt: try row.date("decided_at"))
            }
        }
    }

    public func lastAgent(of contact: Contact.ID, excluding: Interaction.ID, since: Date) async throws -> User.ID? {
        try await read { db in
            let row = try await db.row("""
                SELECT i.assigned_agent_id FROM interactions i
                WHERE i.contact_id = \(contact.rawValue) AND i.id <> \(excluding.rawValue) AND i.assigned_agent_id IS NOT NULL
                  AND (i.state IN ('active', 'waiting_for_customer', 'wrap_up')
                       OR (i.state = 'closed' AND i.outcome = 'wrapped_up' AND i.closed_at >= \(since.storageValue))
                       -- Closed for inactivity: served when its last message was, not when it was closed.
                       OR (i.state = 'closed' AND i.outcome = 'auto_closed'
                           AND (SELECT max(m.sent_at) FROM messages m WHERE m.interaction_id = i.id) >= \(since.storageValue)))
                ORDER BY i.updated_at DESC, i.id DESC LIMIT 1
                """)
            return try row.map { User.ID(try $0["assigned_agent_id"] as String) }
        }
    }
}
