import Domain

/// The resolved secrets of every webhook endpoint: `/webhooks/{source}` for each platform's default app,
/// `/webhooks/{meta|x}/{app}` for each further Meta or X app and `/webhooks/line/{channel}` for each LINE channel
/// with its own channel secret. An endpoint may hold two signing secrets while one is
/// rotated out; the first is the current one.
public struct WebhookSecrets: Sendable {
    /// One endpoint's secrets.
    public struct Endpoint: Sendable, Equatable {
        /// Signing secrets, current first; a delivery signed with any of them is accepted.
        public var signing: [String]
        /// Meta's `hub.verify_token` for the subscription check.
        public var verifyToken: String?
        /// The one account the endpoint's deliveries are for (LINE: the bot's user id, `destination`); nil: any.
        public var account: String?

        public init(signing: [String], verifyToken: String? = nil, account: String? = nil) {
            self.signing = signing
            self.verifyToken = verifyToken
            self.account = account
        }
    }

    public var platforms: [WebhookSource: Endpoint]
    /// Further Meta apps by their endpoint id.
    public var metaApps: [String: Endpoint]
    /// Further X apps by their endpoint id; each signs with its consumer secret.
    public var xApps: [String: Endpoint]
    /// LINE channels by channel id.
    public var lineChannels: [String: Endpoint]

    public init(platforms: [WebhookSource: Endpoint] = [:], metaApps: [String: Endpoint] = [:], xApps: [String: Endpoint] = [:],
                lineChannels: [String: Endpoint] = [:]) {
        self.platforms = platforms
        self.metaApps = metaApps
        self.xApps = xApps
        self.lineChannels = lineChannels
    }

    /// The sources with an endpoint per app (Meta, X) or per channel (LINE).
    static let perApp: Set<WebhookSource> = [.meta, .x, .line]

    /// The further apps (LINE: channels) of `source`, by endpoint id.
    func apps(of source: WebhookSource) -> [String: Endpoint] {
        switch source {
        case .meta: metaApps
        case .x: xApps
        case .line: lineChannels
        case .open, .web: [:]
        }
    }

    /// The endpoint a request addresses; nil when it is not configured.
    func endpoint(_ source: WebhookSource, app: String?) -> Endpoint? {
        guard let app else { return platforms[source] }
        return apps(of: source)[app]
    }
}
