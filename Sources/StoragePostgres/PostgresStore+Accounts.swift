import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: AccountStore {
    public func createSession(_ session: Session) async throws {
        try await write { db in
            try await db.execute("""
                INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
                VALUES (\(session.tokenHash), \(session.userID.rawValue), \(session.csrfToken), \(session.createdAt.storageValue),
                        \(session.expiresAt.storageValue))
                """)
        }
    }

    public func session(tokenHash: String) async throws -> Session? {
        try await read { db in
            try await db.row("SELECT * FROM sessions WHERE token_hash = \(tokenHash)").map { row in
                Session(tokenHash: try row["token_hash"], userID: .init(try row["user_id"] as String), csrfToken: try row["csrf_token"],
                        createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"))
            }
        }
    }

    public func touchSession(tokenHash: String, expiresAt: Date) async throws {
        try await write { db in
            try await db.execute("UPDATE sessions SET expires_at = \(expiresAt.storageValue) WHERE token_hash = \(tokenHash)")
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await write { db in try await db.execute("DELETE FROM sessions WHERE token_hash = \(tokenHash)") }
    }

    public func createAPIToken(_ token: APIToken) async throws {
        try await write { db in
            try await db.execute("""
                INSERT INTO api_tokens (id, user_id, name, token_hash, created_at)
                VALUES (\(token.id), \(token.userID.rawValue), \(token.name), \(token.tokenHash), \(token.createdAt.storageValue))
                """)
        }
    }

    public func apiToken(tokenHash: String) async throws -> APIToken? {
        try await read { db in try await db.row("SELECT * FROM api_tokens WHERE token_hash = \(tokenHash)").map(Self.apiToken) }
    }

    public func apiTokens(for user: User.ID) async throws -> [APIToken] {
        try await read { db in
            try await db.rows("SELECT * FROM api_tokens WHERE user_id = \(user.rawValue) ORDER BY created_at, id").map(Self.apiToken)
        }
    }

    public func revokeAPIToken(id: String, of user: User.ID, at date: Date) async throws -> Bool {
        try await write { db in
            try await db.row("""
                UPDATE api_tokens SET revoked_at = \(date.storageValue)
                WHERE id = \(id) AND user_id = \(user.rawValue) AND revoked_at IS NULL RETURNING id
                """) != nil
        }
    }

    public func user(id: User.ID) async throws -> StoredUser? {
        try await read { db in try await db.row("SELECT * FROM users WHERE id = \(id.rawValue)").map(Self.storedUser) }
    }

    public func appendAudit(_ record: AuditRecord) async throws {
        try await write { db in
            try await db.execute("""
                INSERT INTO audit_log (at, actor, action, subject, outcome)
                VALUES (\(record.at.storageValue), \(record.actor), \(record.action), \(record.subject), \(record.outcome))
                """)
        }
    }

    public func auditRecords(limit: Int) async throws -> [AuditRecord] {
        try await read { db in
            try await db.rows("SELECT * FROM audit_log ORDER BY id DESC LIMIT \(limit)").map { row in
                AuditRecord(at: try row.date("at"), actor: try row["actor"], action: try row["action"],
                            subject: try row["subject"], outcome: try row["outcome"])
            }
        }
    }

    static func apiToken(_ row: Row) throws -> APIToken {
        APIToken(id: try row["id"], userID: .init(try row["user_id"] as String), name: try row["name"], tokenHash: try row["token_hash"],
                 createdAt: try row.date("created_at"), revokedAt: try row.optionalDate("revoked_at"))
    }
}
