/// How a workgroup routes beyond its required skills: target expansion, overflow, offer timeout, service
/// levels, the selection strategy, priority and its aging, and how long slots and reservations last.
/// Durations are whole seconds. Every field has a default, so older stored definitions still decode.
public struct WorkgroupRouting: Codable, Sendable, Hashable {
    /// After each tier's wait, the required proficiency drops to the tier's minimum (0: any member).
    public var expansion: [ExpansionTier] = []
    public var overflow: Overflow?
    /// How long an offer rings before RONA; nil: the server's `--offer-timeout`.
    public var alertingTimeout: Int?
    /// Up to 12 service-level thresholds, for reports.
    public var serviceLevels: [Int] = [30, 60, 300, 900, 3600]
    public var strategy: SelectionStrategy = .mostSkilledThenLongestIdle
    public var priority = 50
    /// Priority points gained per minute of waiting.
    public var agingPerMinute = 1
    public var ronaBoost = 10
    public var transferBoost = 10
    /// How long an interaction waiting for the customer keeps its agent's slot; nil: as long as it waits.
    public var keepSlotWhileWaiting: Int? = 600
    /// A new interaction from a customer an agent served within this window (0: never) waits for that agent…
    public var lastAgentWindow = 72 * 3600
    /// …for this long, before the workgroup takes it.
    public var lastAgentWait = 60
    public var agentTransferWait = 120
    public var autoAnswer = false
    /// Language requirement: the customer's language (ISO 639-1, e.g. "es") → the skill an agent needs for it.
    public var languages: [String: Skill.ID] = [:]
    /// The proficiency required in a language's skill (1–5).
    public var languageMinimum = 1

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case expansion, overflow, alertingTimeout, serviceLevels, strategy, priority, agingPerMinute, ronaBoost, transferBoost
        case keepSlotWhileWaiting, keepSlotForever, lastAgentWindow, lastAgentWait, agentTransferWait, autoAnswer, languages, languageMinimum
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = WorkgroupRouting()
        expansion = try container.decodeIfPresent([ExpansionTier].self, forKey: .expansion) ?? defaults.expansion
        overflow = try container.decodeIfPresent(Overflow.self, forKey: .overflow)
        alertingTimeout = try container.decodeIfPresent(Int.self, forKey: .alertingTimeout)
        serviceLevels = try container.decodeIfPresent([Int].self, forKey: .serviceLevels) ?? defaults.serviceLevels
        strategy = try container.decodeIfPresent(SelectionStrategy.self, forKey: .strategy) ?? defaults.strategy
        priority = try container.decodeIfPresent(Int.self, forKey: .priority) ?? defaults.priority
        agingPerMinute = try container.decodeIfPresent(Int.self, forKey: .agingPerMinute) ?? defaults.agingPerMinute
        ronaBoost = try container.decodeIfPresent(Int.self, forKey: .ronaBoost) ?? defaults.ronaBoost
        transferBoost = try container.decodeIfPresent(Int.self, forKey: .transferBoost) ?? defaults.transferBoost
        let forever = try container.decodeIfPresent(Bool.self, forKey: .keepSlotForever) ?? false
        keepSlotWhileWaiting = forever ? nil : try container.decodeIfPresent(Int.self, forKey: .keepSlotWhileWaiting) ?? defaults.keepSlotWhileWaiting
        lastAgentWindow = try container.decodeIfPresent(Int.self, forKey: .lastAgentWindow) ?? defaults.lastAgentWindow
        lastAgentWait = try container.decodeIfPresent(Int.self, forKey: .lastAgentWait) ?? defaults.lastAgentWait
        agentTransferWait = try container.decodeIfPresent(Int.self, forKey: .agentTransferWait) ?? defaults.agentTransferWait
        autoAnswer = try container.decodeIfPresent(Bool.self, forKey: .autoAnswer) ?? defaults.autoAnswer
        languages = try container.decodeIfPresent([String: Skill.ID].self, forKey: .languages) ?? defaults.languages
        languageMinimum = try container.decodeIfPresent(Int.self, forKey: .languageMinimum) ?? defaults.languageMinimum
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(expansion, forKey: .expansion)
        try container.encodeIfPresent(overflow, forKey: .overflow)
        try container.encodeIfPresent(alertingTimeout, forKey: .alertingTimeout)
        try container.encode(serviceLevels, forKey: .serviceLevels)
        try container.encode(strategy, forKey: .strategy)
        try container.encode(priority, forKey: .priority)
        try container.encode(agingPerMinute, forKey: .agingPerMinute)
        try container.encode(ronaBoost, forKey: .ronaBoost)
        try container.encode(transferBoost, forKey: .transferBoost)
        try container.encodeIfPresent(keepSlotWhileWaiting, forKey: .keepSlotWhileWaiting)
        try container.encode(keepSlotWhileWaiting == nil, forKey: .keepSlotForever)
        try container.encode(lastAgentWindow, forKey: .lastAgentWindow)
        try container.encode(lastAgentWait, forKey: .lastAgentWait)
        try container.encode(agentTransferWait, forKey: .agentTransferWait)
        try container.encode(autoAnswer, forKey: .autoAnswer)
        if !languages.isEmpty { try container.encode(languages, forKey: .languages) }
        try container.encode(languageMinimum, forKey: .languageMinimum)
    }
}

public struct ExpansionTier: Sendable, Hashable, Codable {
    /// Seconds in the workgroup after which the tier applies.
    public var after: Double
    /// The proficiency now required in each skill (never more than the skill's own minimum); 0 admits any member.
    public var minimum: Int

    public init(after: Double, minimum: Int) {
        self.after = after
        self.minimum = minimum
    }
}

public struct Overflow: Sendable, Hashable, Codable {
    public var to: Workgroup.ID
    /// Seconds waiting in the workgroup before moving to `to`.
    public var after: Double

    public init(to: Workgroup.ID, after: Double) {
        self.to = to
        self.after = after
    }
}

/// Which qualifying agent wins.
public enum SelectionStrategy: String, Sendable, Hashable, Codable, CaseIterable {
    /// The reference's rule: "the highest skilled available agent who is idle for the longest time".
    case mostSkilledThenLongestIdle = "most_skilled"
    case longestIdle = "longest_idle"
    /// Fewest interactions in hand, then longest idle.
    case leastBusy = "least_busy"
    /// Whoever was offered something least recently.
    case roundRobin = "round_robin"
}
