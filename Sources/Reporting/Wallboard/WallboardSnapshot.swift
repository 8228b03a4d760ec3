import Domain

/// Everything a supervisor's wallboard shows, at one moment: today's figures per workgroup (the same
/// definitions and code as the Queue Performance report for today), agents, platform activity and the social
/// statistics. `docs/metrics.md` defines each figure.
public struct WallboardSnapshot: Codable, Sendable, Hashable {
    public var generatedAt: String
    public var timeZone: String
    public var day: String
    public var workgroups: [WorkgroupBoard]
    public var agents: [AgentBoard]
    public var platforms: [PlatformActivity]
    public var social: SocialStatistics
    public var alerts: [WallboardAlert]
}

public struct WorkgroupBoard: Codable, Sendable, Hashable {
    public struct Agents: Codable, Sendable, Hashable {
        public var ready = 0
        public var notReady = 0
        public var loggedOut = 0
        /// Holding at least one interaction (in any state).
        public var busy = 0
    }

    public struct Point: Codable, Sendable, Hashable {
        public var hour: String
        public var offered: Int64
        public var answered: Int64
        public var serviceLevelPercent: Double?
        public var averageQueueLength: Double?
    }

    public var id: String
    public var name: String
    public var waiting: Int64
    public var longestWaitingMs: Int64?
    public var offered: Int64
    public var answered: Int64
    public var abandoned: Int64
    public var deflected: Int64
    /// The workgroup's service-level goal (`service_level_seconds`, `service_level_target`; without one, its first
    /// threshold) and today's service level at it.
    public var serviceLevelSeconds: Int?
    public var serviceLevelTarget: Double?
    public var serviceLevelPercent: Double?
    public var averageWaitMs: Int64?
    public var averageHandleMs: Int64?
    public var agents: Agents
    /// Today hour by hour, for the charts.
    public var series: [Point]
}

public struct AgentBoard: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var state: String
    public var reason: String?
    public var inStateMs: Int64?
    /// Interactions held now, per capacity class (`public_social`, `private_messaging`, `web_messaging`).
    public var load: [String: Int]
    public var workgroups: [String]
}

/// "Facebook Media Activity", "Twitter Media Activity" and the same for every platform in use.
public struct PlatformActivity: Codable, Sendable, Hashable {
    public var platform: String
    public var title: String
    /// Customer messages received and messages sent today.
    public var inbound: Int64
    public var outbound: Int64
    /// Open interactions an agent holds now, and those waiting in a queue.
    public var active: Int
    public var waiting: Int
}

/// Longest Social Conversation / Direct Message: of the open interactions on social platforms (every kind but
/// web messaging and open channels), public or private, the one open longest (now − its first message).
public struct SocialStatistics: Codable, Sendable, Hashable {
    public var activeSocialConversations: Int
    public var activeSocialDirectMessages: Int
    public var longestSocialConversationMs: Int64?
    public var longestSocialConversationId: String?
    public var longestSocialDirectMessageMs: Int64?
    public var longestSocialDirectMessageId: String?
}

/// What the wallboard needs from the directory.
public struct WallboardDirectory: Sendable {
    public var workgroups: [(id: String, name: String)]
    public var agents: [(id: String, name: String, workgroups: [String])]
    public var channelKinds: [String: ChannelKind]

    public init(workgroups: [(id: String, name: String)], agents: [(id: String, name: String, workgroups: [String])], channelKinds: [String: ChannelKind]) {
        self.workgroups = workgroups
        self.agents = agents
        self.channelKinds = channelKinds
    }
}
