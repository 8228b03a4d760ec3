import Connectors
import Domain
import Engagement
import Foundation
import Reporting

/// What `parley.yml` declares. The database is the truth: at start Parley applies this (creating or updating
/// what it declares); everything else is edited through the admin API. Every key is documented in
/// docs/configuration.md.
public struct ParleyConfig: Sendable, Equatable {
    public var server = Server()
    public var platforms = Platforms()
    public var channels: [Channel] = []
    public var skills: [Skill] = []
    public var workgroups: [Workgroup] = []
    /// Routing profiles applied to existing users at start, by username.
    public var agents: [AgentRouting] = []
    public var calendars: [BusinessCalendar] = []
    /// Each channel's keyword rules, by channel id.
    public var channelRules: [Channel.ID: ChannelRules] = [:]
    /// What each channel does with the content analyzer's scores, by channel id (`channels[].analysis`).
    public var channelAnalysis: [Channel.ID: ContentAnalysisSettings] = [:]
    /// Each channel's automations (mention replies, private-message workgroup, likes), by channel id.
    public var channelAutomations: [Channel.ID: ChannelAutomations] = [:]
    /// Each WhatsApp channel's approved message templates, by channel id (`channels[].templates`).
    public var channelTemplates: [Channel.ID: [MessageTemplate]] = [:]
    public var wrapUpCodes: [WrapUpCode] = []
    public var notReadyReasons: [NotReadyReason] = []
    /// The standard responses the file declares (`standard_responses`); at start the file's responses in the
    /// database are made to match this list exactly.
    public var standardResponses: [StandardResponse] = []
    /// `reports:`: the wallboard's time zone, the short-abandon threshold and the wallboard's alerts.
    public var reports = Reports()
    /// Each channel's API credential (page access token, X user token, LINE channel access token…), by channel id.
    public var channelAccessTokens: [Channel.ID: SecretReference] = [:]
    /// The Meta app (`platforms.meta.apps[].id`) a Meta channel's account is subscribed through, by channel id;
    /// absent: the default app. Only the channel check reads it: deliveries find their channel by account id.
    public var channelMetaApps: [Channel.ID: String] = [:]
    /// X channels' handle and DM setting, by channel id (`channels[].handle`, `channels[].dms_open`).
    public var channelX: [Channel.ID: XChannelSettings] = [:]
    /// X channels whose user token Parley refreshes (`channels[].oauth`), by channel id.
    public var channelXOAuth: [Channel.ID: XOAuthSettings] = [:]
    /// X channels' monitored keywords (`channels[].monitor`): one filtered-stream rule each, read by `XStreamConsumer`.
    public var channelMonitors: [Channel.ID: XMonitor] = [:]
    /// Each LINE channel's channel secret, current first (`channels[].channel_secret`, `previous_channel_secret`):
    /// its webhooks arrive at `/webhooks/line/{id}`, signed with it.
    public var channelLineSecrets: [Channel.ID: [SecretReference]] = [:]
    /// Facebook page channels that poll their feed, by channel id (`channels[].polling`).
    public var channelPolling: [Channel.ID: FeedPollingSettings] = [:]
    /// Open channels' integrator URL and secrets, by channel id (`channels[].url`, `webhook_secret`).
    public var channelOpen: [Channel.ID: OpenChannel] = [:]

    public init() {}

    /// An agent's routing profile as `parley.yml` gives it; nil fields are left as they are.
    public struct AgentRouting: Sendable, Equatable {
        public var username: String
        public var skills: [SkillLevel]?
        public var workgroups: [Workgroup.ID]?
        public var capacity: [CapacityClass: Int]?
        public var totalCapacity: Int?
        public var blending: [CapacityClass: Set<CapacityClass>]?

        public init(username: String) { self.username = username }

        /// The user with this profile applied.
        public func applied(to user: User) -> User {
            var user = user
            if let skills { user.skills = skills }
            if let workgroups { user.workgroups = workgroups }
            if let capacity { user.capacity = capacity }
            if let totalCapacity { user.totalCapacity = totalCapacity }
            if let blending { user.blending = blending }
            return user
        }
    }

    /// A channel's keyword rules as written; `compiled()` validates them into the evaluator.
    public struct ChannelRules: Sendable, Equatable {
        public var definitions: [KeywordRuleDefinition] = []
        public var keepOriginal = false
        public var bounds = RegexBounds.standard

        public init() {}
    }

    public struct Reports: Sendable, Equatable {
        /// The zone of the wallboard's "today" and the reports' default (IANA name).
        public var timeZone = "UTC"
        /// An abandon after less than this many seconds of waiting is a short abandon (docs/metrics.md).
        public var shortAbandonSeconds = 10
        public var alerts: [WallboardAlertRule] = []
    }

    public struct Server: Sendable, Equatable {
        public var host: String?
        public var port: Int?
        /// Peers whose `X-Forwarded-For` is believed (a reverse proxy terminating TLS).
        public var trustedProxies: [String] = []
        public var maxBodyBytes: Int = 5 * 1024 * 1024
        /// Inbound attachments: the largest file Parley copies, and the total its copies may take (nil: the defaults).
        public var mediaMaxFileBytes: Int?
        public var mediaQuotaBytes: Int?

        public init() {}
    }

    public struct Platforms: Sendable, Equatable {
        public var meta = Platform(apiBaseURL: "https://graph.facebook.com/v21.0")
        public var x = Platform(apiBaseURL: "https://api.x.com")
        public var line = Platform(apiBaseURL: "https://api.line.me")
        public var open = Platform(apiBaseURL: nil)

        public init() {}
    }

    /// One platform app: the secret that signs its webhooks, the Meta verify token, its API base URL.
    public struct Platform: Sendable, Equatable {
        public var webhookSecret: SecretReference?
        /// The secret being rotated out: deliveries signed with either are accepted until it is removed.
        public var previousWebhookSecret: SecretReference?
        public var verifyToken: SecretReference?
        /// X only: the app-only bearer token, for the filtered stream and its rules API (`platforms.x.bearer_token`).
        public var bearerToken: SecretReference?
        public var apiBaseURL: String?
        /// Further Meta or X apps, each with its own endpoint `/webhooks/{meta|x}/{id}` (`platforms.meta.apps`,
        /// `platforms.x.apps`).
        public var apps: [MetaApp] = []
        /// Meta's numeric id of the default app, for the channel check's subscription lookup.
        public var appID: String?

        public init(webhookSecret: SecretReference? = nil, verifyToken: SecretReference? = nil, apiBaseURL: String?) {
            self.webhookSecret = webhookSecret
            self.verifyToken = verifyToken
            self.apiBaseURL = apiBaseURL
        }
    }

    /// A Meta app of its own: pages, Instagram accounts and WhatsApp numbers subscribed through it deliver to
    /// `/webhooks/meta/{id}`, signed with its app secret. Several accounts can share one app. An X app has the
    /// same shape (its consumer secret as `webhookSecret`, no app id or verify token) and delivers to
    /// `/webhooks/x/{id}`.
    public struct MetaApp: Sendable, Equatable {
        /// The endpoint's path segment (letters, digits, `-`, `_`).
        public var id: String
        /// Meta's numeric app id, for the channel check (`GET /{app-id}/subscriptions`).
        public var appID: String?
        public var webhookSecret: SecretReference
        public var previousWebhookSecret: SecretReference?
        public var verifyToken: SecretReference?

        public init(id: String, appID: String? = nil, webhookSecret: SecretReference, previousWebhookSecret: SecretReference? = nil,
                    verifyToken: SecretReference? = nil) {
            self.id = id
            self.appID = appID
            self.webhookSecret = webhookSecret
            self.previousWebhookSecret = previousWebhookSecret
            self.verifyToken = verifyToken
        }
    }
}

/// A secret as configuration names it: never the value itself in a file that is committed.
public enum SecretReference: Sendable, Equatable, Hashable {
    /// Read from this environment variable at start.
    case environment(String)
    /// AES-GCM ciphertext (base64) under the instance key (`PARLEY_SECRET_KEY` or `secret.key` in the data directory).
    case encrypted(String)
    /// A literal in the file. Accepted for local testing; `config validate` warns.
    case plain(String)
}
