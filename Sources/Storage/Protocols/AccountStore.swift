import Domain
import Foundation

/// Browser sessions, API tokens and the audit trail. Secrets are stored only as SHA-256 hashes: a copy of
/// the database does not let anyone sign in.
public protocol AccountStore: Sendable {
    func createSession(_ session: Session) async throws
    func session(tokenHash: String) async throws -> Session?
    func touchSession(tokenHash: String, expiresAt: Date) async throws
    func deleteSession(tokenHash: String) async throws

    func createAPIToken(_ token: APIToken) async throws
    func apiToken(tokenHash: String) async throws -> APIToken?
    func apiTokens(for user: User.ID) async throws -> [APIToken]
    func revokeAPIToken(id: String, of user: User.ID, at: Date) async throws -> Bool

    func user(id: User.ID) async throws -> StoredUser?

    func appendAudit(_ record: AuditRecord) async throws
    func auditRecords(limit: Int) async throws -> [AuditRecord]
}

public struct Session: Sendable, Hashable {
    public var tokenHash: String
    public var userID: User.ID
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, userID: User.ID, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

public struct APIToken: Sendable, Hashable {
    public var id: String
    public var userID: User.ID
    public var name: String
    public var tokenHash: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, userID: User.ID, name: String, tokenHash: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.userID = userID
        self.name = name
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Who did what to what, and when: logins (also failed ones) and administrative changes.
public struct AuditRecord: Sendable, Hashable {
    public var at: Date
    public var actor: String
    public var action: String
    public var subject: String
    public var outcome: String

    public init(at: Date, actor: String, action: String, subject: String, outcome: String) {
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.outcome = outcome
    }
}
