import Domain
import Foundation
import GRDB

extension SQLiteStore: AccountStore {
    public func createSession(_ session: Session) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [session.tokenHash, session.userID.rawValue, session.csrfToken,
                                 session.createdAt.storageValue, session.expiresAt.storageValue])
        }
    }

    public func session(tokenHash: String) async throws -> Session? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE token_hash = ?", arguments: [tokenHash]).map { row in
                Session(tokenHash: row["token_hash"], userID: .init(row["user_id"] as String), csrfToken: row["csrf_token"],
                        createdAt: Date(storageValue: row["created_at"]), expiresAt: Date(storageValue: row["expires_at"]))
            }
        }
    }

    public func touchSession(tokenHash: String, expiresAt: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE sessions SET expires_at = ? WHERE token_hash = ?", arguments: [expiresAt.storageValue, tokenHash])
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    public func createAPIToken(_ token: APIToken) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [token.id, token.userID.rawValue, token.name, token.tokenHash, token.createdAt.storageValue])
        }
    }

    public func apiToken(tokenHash: String) async throws -> APIToken? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE token_hash = ?", arguments: [tokenHash]).map(Self.apiToken)
        }
    }

    public func apiTokens(for user: User.ID) async throws -> [APIToken] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at, id",
                             arguments: [user.rawValue]).map(Self.apiToken)
        }
    }

    public func revokeAPIToken(id: String, of user: User.ID, at date: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                           arguments: [date.storageValue, id, user.rawValue])
            return db.changesCount == 1
        }
    }

    public func user(id: User.ID) async throws -> StoredUser? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id.rawValue]).map(Self.storedUser)
        }
    }

    public func appendAudit(_ record: AuditRecord) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO audit_log (at, actor, action, subject, outcome) VALUES (?, ?, ?, ?, ?)",
                           arguments: [record.at.storageValue, record.actor, record.action, record.subject, record.outcome])
        }
    }

    public func auditRecords(limit: Int) async throws -> [AuditRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                AuditRecord(at: Date(storageValue: row["at"]), actor: row["actor"], action: row["action"],
                            subject: row["subject"], outcome: row["outcome"])
            }
        }
    }

    static func apiToken(_ row: Row) -> APIToken {
        let revoked: Double? = row["revoked_at"]
        return APIToken(id: row["id"], userID: .init(row["user_id"] as String), name: row["name"], tokenHash: row["token_hash"],
                        createdAt: Date(storageValue: row["created_at"]), revokedAt: revoked.map(Date.init(storageValue:)))
    }
}
