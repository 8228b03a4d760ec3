import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: RoutingStore {
    public func routingSnapshot() async throws -> RoutingSnapshot {
        let interactions = try await read { db in
            try await db.rows("SELECT * FROM interactions WHERE state <> 'closed' ORDER BY created_at, id").map(Self.interaction)
        }
        return RoutingSnapshot(interactions: interactions, channels: try await channels(),
                               users: try await users().map(\.user).filter(\.active), presence: try await agentStates(),
                               workgroups: try await workgroups())
    }

    public func recordRouting(_ changes: [RoutingChange], at date: Date) async throws {
        guard !changes.isEmpty else { return }
        try await write { db in
            var events: [DomainEvent] = []
            /// Moves an open interaction; returns what its events need to name (nil fields when it is gone).
            func set(_ id: Interaction.ID, state: Interaction.State, agent: User.ID?) async throws -> (channel: Domain.Channel.ID, workgroup: Workgroup.ID?) {
                try await db.execute("""
                    UPDATE interactions SET state = \(state.rawValue), assigned_agent_id = \(agent?.rawValue), updated_at = \(date.storageValue)
                    WHERE id = \(id.rawValue) AND state <> 'closed'
                    """)
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
}
