import Domain
import Foundation
import GRDB

extension SQLiteStore: AgentStateStore {
    @discardableResult
    public func setAgentState(_ change: AgentStateChanged, at date: Date) async throws -> Bool {
        try await pool.write { db in
            let current = try Row.fetchOne(db, sql: "SELECT state, reason FROM agent_states WHERE user_id = ?", arguments: [change.agentID.rawValue])
            let currentReason: String? = current?["reason"]
            if let current, current["state"] as String == change.state.rawValue, currentReason == change.reason?.rawValue { return false }
            try db.execute(sql: """
                INSERT INTO agent_states (user_id, state, reason, since) VALUES (?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, since = excluded.since
                """, arguments: [change.agentID.rawValue, change.state.rawValue, change.reason?.rawValue, date.storageValue])
            try Self.append([.agentStateChanged(change)], at: date, into: db)
            return true
        }
    }

    public func agentState(_ agent: User.ID) async throws -> AgentPresence? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM agent_states WHERE user_id = ?", arguments: [agent.rawValue]).map(Self.presence)
        }
    }

    public func agentStates() async throws -> [AgentPresence] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM agent_states ORDER BY user_id").map(Self.presence) }
    }

    static func presence(_ row: Row) -> AgentPresence {
        let reason: String? = row["reason"]
        return AgentPresence(agentID: .init(row["user_id"] as String),
                             state: AgentStateChanged.State(rawValue: row["state"]) ?? .loggedOut,
                             reason: reason.map { .init($0) }, since: Date(storageValue: row["since"]))
    }
}
