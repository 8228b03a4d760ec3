import Domain

/// The resolved secrets of every webhook endpoint: `/webhooks/{source}` for each platform's default app,
/// `/webhooks/meta/{app}` for each further Meta app and `/webhooks/line/{channel}` for each LINE channel with its
/// own channel secret. An endpoint may hold two signing secrets while one is
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
    /// LINE channels by channel id.
    public var lineChannels: [String: Endpoint]

    public init(platforms: [WebhookSource: Endpoint] = [:], metaApps: [String: Endpoint] = [:], lineChannels: [String: Endpoint] = [:]) {
        self.platforms = platforms
        self.metaApps = metaApps
        self.lineChannels = lineChannels
    }

    /// The endpoint a request addresses; nil when it is not configured.
    func endpoint(_ source: WebhookSource, app: String?) -> Endpoint? {
        guard let app else { return platforms[source] }
        switch source {
        case .meta: return metaApps[app]
        case .line: return lineChannels[app]
        default: return nil
        }
    }
}
