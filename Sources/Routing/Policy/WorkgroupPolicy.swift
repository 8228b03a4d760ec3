import Domain
import Foundation

/// How one workgroup (queue) routes: who qualifies, how the target widens over time, how priority grows,
/// how long offers ring, and how the winner is chosen. Validated by `RoutingConfiguration`.
public struct WorkgroupPolicy: Sendable, Hashable, Codable {
    public var id: Workgroup.ID
    /// The primary target: every skill at `minimum` or above (and at most `maximum`, if set).
    public var requiredSkills: [SkillRequirement]
    /// Target expansion: after each tier's wait, the required proficiency drops to the tier's minimum
    /// (0: any member). Waits increase, minimums decrease.
    public var expansion: [ExpansionTier]
    /// Move to another workgroup after waiting this long here.
    public var overflow: Overflow?
    /// How long an offer rings before RONA.
    public var alertingTimeout: TimeInterval
    /// Up to 12 service-level thresholds in seconds, for reports.
    public var serviceLevels: [Int]
    public var strategy: SelectionStrategy
    /// Starting priority of each interaction (the reference's default is 50).
    public var priority: Int
    /// Priority points gained per minute of waiting (0: no aging).
    public var agingPerMinute: Int
    /// Points added when an offer goes unanswered (RONA), and when an interaction is transferred here.
    public var ronaBoost: Int
    public var transferBoost: Int
    /// How long an interaction waiting for the customer keeps the agent's slot (nil: always; 0: never).
    public var keepSlotWhileWaiting: TimeInterval?
    /// How far back an agent counts as the customer's last agent (0: last-agent routing is off).
    public var lastAgentWindow: TimeInterval
    /// How long a returning customer's interaction waits for their last agent before the workgroup takes it.
    public var lastAgentWait: TimeInterval
    /// How long an interaction transferred to a named agent waits for them before returning to the queue.
    public var agentTransferWait: TimeInterval
    /// Offers are accepted on the agent's behalf.
    public var autoAnswer: Bool
    /// The customer's language (ISO 639-1) → the skill an agent needs, at `languageMinimum` or above, to be offered
    /// it. Dropped, like the skills, at a tier that admits any member. Empty: language plays no part.
    public var languages: [String: Skill.ID]
    public var languageMinimum: Int

    public init(
        id: Workgroup.ID, requiredSkills: [SkillRequirement] = [], expansion: [ExpansionTier] = [], overflow: Overflow? = nil,
        alertingTimeout: TimeInterval = 30, serviceLevels: [Int] = [30, 60, 300, 900, 3600], strategy: SelectionStrategy = .mostSkilledThenLongestIdle,
        priority: Int = 50, agingPerMinute: Int = 1, ronaBoost: Int = 10, transferBoost: Int = 10,
        keepSlotWhileWaiting: TimeInterval? = 600, lastAgentWindow: TimeInterval = 72 * 3600, lastAgentWait: TimeInterval = 60,
        agentTransferWait: TimeInterval = 120, autoAnswer: Bool = false, languages: [String: Skill.ID] = [:], languageMinimum: Int = 1
    ) {
        self.id = id
        self.requiredSkills = requiredSkills
        self.expansion = expansion
        self.overflow = overflow
        self.alertingTimeout = alertingTimeout
        self.serviceLevels = serviceLevels
        self.strategy = strategy
        self.priority = priority
        self.agingPerMinute = agingPerMinute
        self.ronaBoost = ronaBoost
        self.transferBoost = transferBoost
        self.keepSlotWhileWaiting = keepSlotWhileWaiting
        self.lastAgentWindow = lastAgentWindow
        self.lastAgentWait = lastAgentWait
        self.agentTransferWait = agentTransferWait
        self.autoAnswer = autoAnswer
        self.languages = languages
        self.languageMinimum = languageMinimum
    }

    /// The engine's view of a configured workgroup; `defaultAlertingTimeout` where the workgroup sets none.
    public init(_ workgroup: Workgroup, defaultAlertingTimeout: TimeInterval) {
        let routing = workgroup.routing
        self.init(
            id: workgroup.id,
            requiredSkills: workgroup.requiredSkills.map { SkillRequirement(skill: $0.skill, minimum: $0.proficiency, maximum: $0.maximum) },
            expansion: routing.expansion, overflow: routing.overflow,
            alertingTimeout: routing.alertingTimeout.map(TimeInterval.init) ?? defaultAlertingTimeout, serviceLevels: routing.serviceLevels,
            strategy: routing.strategy, priority: routing.priority, agingPerMinute: routing.agingPerMinute, ronaBoost: routing.ronaBoost,
            transferBoost: routing.transferBoost, keepSlotWhileWaiting: routing.keepSlotWhileWaiting.map(TimeInterval.init),
            lastAgentWindow: TimeInterval(routing.lastAgentWindow), lastAgentWait: TimeInterval(routing.lastAgentWait), agentTransferWait: TimeInterval(routing.agentTransferWait),
            autoAnswer: routing.autoAnswer, languages: routing.languages, languageMinimum: routing.languageMinimum)
    }
}

public struct SkillRequirement: Sendable, Hashable, Codable {
    public var skill: Skill.ID
    public var minimum: Int
    /// Only the primary target has a ceiling; expansion tiers drop it.
    public var maximum: Int?

    public init(skill: Skill.ID, minimum: Int, maximum: Int? = nil) {
        self.skill = skill
        self.minimum = minimum
        self.maximum = maximum
    }
}
