import Foundation

/// X's OAuth 2.0 token endpoint as far as Parley uses it (docs/connectors/x.md): `POST /2/oauth2/token` with
/// `grant_type=refresh_token`. The client id must be known; a confidential client must authenticate with HTTP
/// Basic (`client_id:client_secret`); each refresh token works once (reusing one is 400 `invalid_request`, as X
/// answers); every refresh issues a new access token that expires after `expiresIn` seconds and a new refresh
/// token. Once OAuth is set up (`PUT /_sandbox/x/oauth`), the `/2/` API takes only unexpired access tokens it issued.
struct XOAuth: Sendable {
    /// Client id → secret; nil for a public client.
    var clients: [String: String?] = [:]
    /// Refresh tokens not used yet.
    var refreshTokens: Set<String> = []
    /// Issued access tokens and when each expires.
    var accessTokens: [String: Date] = [:]
    var expiresIn: TimeInterval = 7200
    static let scope = "tweet.read tweet.write users.read dm.read dm.write like.write offline.access"
    private var issued = 0

    init(clients: [String: String?] = [:], refreshTokens: Set<String> = [], expiresIn: TimeInterval = 7200) {
        self.clients = clients
        self.refreshTokens = refreshTokens
        self.expiresIn = expiresIn
    }

    /// Whether `token` is an access token this endpoint issued and that has not expired.
    func accepts(_ token: String, now: Date) -> Bool {
        accessTokens[token].map { $0 > now } ?? false
    }

    mutating func token(method: String, headers: [String: String], body: String, now: Date) -> XWorld.Answer {
        guard method == "POST" else { return Self.error(405, "invalid_request", "Use POST.") }
        let form = Self.form(body)
        guard let grant = form["grant_type"] else { return Self.error(400, "invalid_request", "Missing required parameter [grant_type].") }
        guard grant == "refresh_token" else {
            return Self.error(400, "unsupported_grant_type", "Only refresh_token is played by the sandbox (got \(grant)).")
        }
        guard let clientID = form["client_id"] ?? Self.basic(headers["authorization"])?.id else {
            return Self.error(400, "invalid_request", "Missing required parameter [client_id].")
        }
        guard let secret = clients[clientID] else { return Self.error(401, "unauthorized_client", "Invalid client id.") }
        if let secret {
            // A confidential client authenticates with Basic; its id in the body alone is not enough.
            guard let given = Self.basic(headers["authorization"]), given.id == clientID, given.secret == secret else {
                return Self.error(401, "unauthorized_client", "Missing valid authorization header")
            }
        }
        guard let refresh = form["refresh_token"], refreshTokens.remove(refresh) != nil else {
            return Self.error(400, "invalid_request", "Value passed for the token was invalid.")
        }
        issued += 1
        let access = "sbx-x-access-\(issued)-\(Int(now.timeIntervalSince1970))"
        let rotated = "sbx-x-refresh-\(issued)-\(Int(now.timeIntervalSince1970))"
        accessTokens[access] = now + expiresIn
        refreshTokens.insert(rotated)
        let answer: [String: Any] = ["token_type": "bearer", "expires_in": Int(expiresIn), "access_token": access, "scope": Self.scope,
                                     "refresh_token": rotated]
        return XWorld.Answer(status: 200, body: XJSON.string(answer))
    }

    static func error(_ status: Int, _ error: String, _ description: String) -> XWorld.Answer {
        XWorld.Answer(status: status, body: XJSON.string(["error": error, "error_description": description]))
    }

    /// `application/x-www-form-urlencoded`: `+` is a space, the rest percent-decoded.
    static func form(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ") }
            guard let name = parts.first?.removingPercentEncoding else { continue }
            fields[name] = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
        }
        return fields
    }

    static func basic(_ header: String?) -> (id: String, secret: String)? {
        guard let header, header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst("basic ".count)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
