import Foundation

/// Which access tokens the sandbox's Meta accepts. By default any non-empty token is good (tests and the demo
/// configure whatever string they like); a control call marks tokens expired or invalid, or pins an account to
/// the tokens that may act for it.
struct TokenBook: Sendable {
    /// Accounts that accept only these tokens; accounts not listed accept any token.
    var valid: [String: Set<String>] = [:]
    /// Tokens that have expired, with when.
    var expired: [String: Date] = [:]
    var invalid: Set<String> = []

    /// Why Graph would refuse `token` for a call on `account`, or nil when it is good. A missing token is only
    /// refused in strict mode, so channels configured without one keep working against the sandbox.
    func problem(with token: String?, account: String?, strict: Bool, now: Date) -> GraphError? {
        guard let token, !token.isEmpty else { return strict ? .tokenMissing : nil }
        if let expiry = expired[token] { return .tokenExpired(at: expiry, now: now) }
        if invalid.contains(token) { return .tokenInvalid }
        if let account, let allowed = valid[account], !allowed.contains(token) { return .tokenInvalid }
        return nil
    }

    /// The account a token was registered for (what `me` means to Graph).
    func account(of token: String?) -> String? {
        guard let token else { return nil }
        return valid.first { $0.value.contains(token) }?.key
    }
}
