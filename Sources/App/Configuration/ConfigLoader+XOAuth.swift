import Domain
import Yams

/// An X channel's OAuth 2.0 user tokens, refreshed by Parley (docs/connectors/x.md):
///
/// ```yaml
/// channels:
///   - id: acme-x
///     kind: x
///     oauth:
///       client_id: "M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ"
///       client_secret: {env: X_CLIENT_SECRET}   # confidential clients; omit for a public client
///       refresh_token: {env: X_REFRESH_TOKEN}   # the first one; Parley keeps the rotated ones
/// ```
extension ConfigLoader {
    static let xOAuthKeys = ["oauth"]

    static func readXOAuth(_ fields: [String: Node], _ path: String, kind: ChannelKind?, _ reader: inout YAMLReader) -> XOAuthSettings? {
        guard let node = fields["oauth"] else { return nil }
        let oauthPath = "\(path).oauth"
        guard let oauth = reader.mapping(node, oauthPath, known: ["client_id", "client_secret", "refresh_token"]) else { return nil }
        let item = reader.currentItem
        reader.currentItem = node
        defer { reader.currentItem = item }
        let client = reader.string(oauth["client_id"], "\(oauthPath).client_id", required: true)
        let secret = reader.secret(oauth["client_secret"], "\(oauthPath).client_secret")
        let refresh = reader.secret(oauth["refresh_token"], "\(oauthPath).refresh_token")
        if oauth["refresh_token"] == nil {
            reader.error(node, "\(oauthPath).refresh_token",
                         "is required: the refresh token from authorising the app with the offline.access scope, e.g. {env: X_REFRESH_TOKEN}")
        }
        if let kind, kind != .x {
            reader.warning(node, oauthPath, "only x channels refresh OAuth 2.0 tokens; this is ignored")
            return nil
        }
        if fields["access_token"] != nil {
            reader.error(fields["access_token"], "\(path).access_token",
                         "give either access_token (a token Parley does not renew) or oauth (Parley refreshes it), not both")
        }
        guard let client, !client.isEmpty, let refresh else { return nil }
        return XOAuthSettings(clientID: client, clientSecret: secret, refreshToken: refresh)
    }
}
