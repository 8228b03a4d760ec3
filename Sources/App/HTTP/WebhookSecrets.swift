import Domain

/// The resolved secrets of every webhook endpoint: `/webhooks/{source}` for each platform's default app and
/// `/webhooks/{meta|x}/{app}` for each further Meta or X app. An endpoint may hold two signing secrets while one is
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
    /// Further X apps by their endpoint id; each signs with its consumer secret.
    public var xApps: [String: Endpoint]

    public init(platforms: [WebhookSource: Endpoint] = [:], metaApps: [String: Endpoint] = [:], xApps: [String: Endpoint] = [:]) {
        self.platforms = platforms
        self.metaApps = metaApps
        self.xApps = xApps
    }

    /// The sources with an endpoint per app.
    static let perApp: Set<WebhookSource> = [.meta, .x]

    /// The further apps of `source`, by endpoint id.
    func apps(of source: WebhookSource) -> [String: Endpoint] {
        switch source {
        case .meta: metaApps
        case .x: xApps
        case .line, .open, .web: [:]
        }
    }

    /// The endpoint a request addresses; nil when it is not configured.
    func endpoint(_ source: WebhookSource, app: String?) -> Endpoint? {
        guard let app else { return platforms[source] }
        return apps(of: source)[app]
    }
}
