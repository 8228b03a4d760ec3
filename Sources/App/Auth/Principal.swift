import Domain

/// Who is calling, and how they proved it.
public struct Principal: Sendable {
    public enum Method: Sendable {
        /// A browser session cookie; writes must carry the session's CSRF token.
        case session(tokenHash: String, csrfToken: String)
        /// A bearer API token for integrations.
        case token(id: String)
    }

    public var user: User
    public var method: Method
}
