import Domain

/// The resolved secrets of every webhook endpoint: `/webhooks/{source}` for each platform's default app and
/// `/webhooks/meta/{app}` for each further Meta app. An endpoint may hold two signing secrets while one is
/// rotated out; the first is the current one.
public struct WebhookSecrets: Sendable {
    /// One endpoint's secrets.
    public struct Endpoint: Sendable, Equatable {
        /// Signing secrets, current first; a delivery signed with any of them is accepted.
        public var signing: [String]
        /// Meta's `hub.verify_token` for the subscription check.
        public var verifyToken: String?

        public init(signing: [String], verifyToken: String? = nil) {
            self.signing = signing
            self.verifyToken = verifyToken
        }
    }

    public var platforms: [WebhookSource: Endpoint]
    /// Further Meta apps by their endpoint id.
    public var metaApps: [String: Endpoint]

    public init(platforms: [WebhookSource: Endpoint] = [:], metaApps: [String: Endpoint] = [:]) {
        self.platforms = platforms
        self.metaApps = metaApps
    }

    /// The endpoint a request addresses; nil when it is not configured.
    func endpoint(_ source: WebhookSource, app: String?) -> Endpoint? {
        guard let app else { return platforms[source] }
        return source == .meta ? metaApps[app] : nil
    }
}
