import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: AgentStateStore {
    /// One statement decides and changes: the upsert's WHERE sees the row as locked by this transaction, so two
    /// concurrent identical changes record one `agent.state_changed`, not two.
    @discardableResult
    public func setAgentState(_ change: AgentStateChanged, at date: Date) async throws -> Bool {
        try await write { db in
            let changed = try await db.row("""
                INSERT INTO agent_states (user_id, state, reason, since)
                VALUES (\(change.agentID.rawValue), \(change.state.rawValue), \(change.reason?.rawValue), \(date.storageValue))
                ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, since = excluded.since
                WHERE agent_states.state IS DISTINCT FROM excluded.state OR agent_states.reason IS DISTINCT FROM excluded.reason
                RETURNING user_id
                """) != nil
            if changed { try await Self.append([.agentStateChanged(change)], at: date, into: db) }
            return changed
        }
    }

    public func agentState(_ agent: User.ID) async throws -> AgentPresence? {
        try await read { db in try await db.row("SELECT * FROM agent_states WHERE user_id = \(agent.rawValue)").map(Self.presence) }
    }

    public func agentStates() async throws -> [AgentPresence] {
        try await read { db in try await db.rows("SELECT * FROM agent_states ORDER BY user_id").map(Self.presence) }
    }

    static func presence(_ row: Row) throws -> AgentPresence {
        let reason: String? = try row["reason"]
        return AgentPresence(agentID: .init(try row["user_id"] as String),
                             state: AgentStateChanged.State(rawValue: try row["state"]) ?? .loggedOut,
                             reason: reason.map { .init($0) }, since: try row.date("since"))
    }
}
