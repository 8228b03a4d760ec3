import Domain

/// What a channel's keyword rules decided for one message.
public struct RuleOutcome: Sendable, Hashable {
    /// The workgroup of the last matching rule that set one (before any stop); nil: the channel's default.
    public var workgroup: Workgroup.ID?
    /// Every required skill of the matching rules; a skill required twice keeps the higher proficiency.
    public var skills: [SkillLevel] = []
    /// The priority of the last matching rule that set one (before any stop), 0…1000.
    public var priority: Int?
    /// False when a matching rule marked the message non-actionable: kept and reported, not routed.
    public var actionable = true
    /// The text agents see, when anything was masked; nil when nothing was (agents see the text as it came).
    public var maskedText: String?
    /// The unmasked text, only when something was masked and the rule set keeps originals.
    public var originalText: String?
    /// The rules that matched, in order, including masking rules after a stop.
    public var matchedRuleIDs: [KeywordRule.ID] = []
    /// The rules whose regular expression ran out of time: counted as not matched.
    public var timedOutRuleIDs: [KeywordRule.ID] = []
    /// The rule that stopped routing decisions, if any.
    public var stoppedBy: KeywordRule.ID?

    public init() {}

    /// The text to store and show to agents.
    public func textForAgents(original: String) -> String { maskedText ?? original }
}
