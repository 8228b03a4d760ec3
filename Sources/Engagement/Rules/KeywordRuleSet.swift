import Domain

/// A channel's keyword rules, in order, with what may be kept of the text and how hard a regular
/// expression may work.
///
/// Order semantics (see `evaluate`, and docs/rules.md):
/// - rules run top to bottom; every rule that matches is listed in `RuleOutcome.matchedRuleIDs`;
/// - a later rule's workgroup and priority replace an earlier one's (the last match wins);
/// - required skills add up; a skill required twice keeps the higher proficiency;
/// - non-actionable, once set, stays set;
/// - `stop` ends routing decisions: later rules no longer change workgroup, skills, priority or
///   actionability. Masking is not routing: later rules with a `mask` action still run and still mask, so a
///   stop rule can never let a card number through.
public struct KeywordRuleSet: Sendable {
    public static let empty = KeywordRuleSet(rules: [], keepOriginal: false, regexBounds: .standard)

    public let rules: [KeywordRule]
    /// Whether the unmasked original may be kept next to the masked text (for example for compliance
    /// export). When false, masked text is all Parley keeps.
    public let keepOriginal: Bool
    public let regexBounds: RegexBounds

    private init(rules: [KeywordRule], keepOriginal: Bool, regexBounds: RegexBounds) {
        self.rules = rules
        self.keepOriginal = keepOriginal
        self.regexBounds = regexBounds
    }

    /// References a rule may make, when the caller knows them; nil sets are not checked.
    public struct KnownReferences: Sendable {
        public var workgroups: Set<Workgroup.ID>?
        public var skills: Set<Skill.ID>?
        public var channels: Set<Channel.ID>?

        public init(workgroups: Set<Workgroup.ID>? = nil, skills: Set<Skill.ID>? = nil, channels: Set<Channel.ID>? = nil) {
            self.workgroups = workgroups
            self.skills = skills
            self.channels = channels
        }
    }

    /// Validates and compiles `definitions`; throws every problem found, each naming its rule.
    public init(
        validating definitions: [KeywordRuleDefinition], keepOriginal: Bool = false, regexBounds: RegexBounds = .standard,
        known: KnownReferences = KnownReferences()
    ) throws(KeywordRuleError) {
        var rules: [KeywordRule] = []
        var problems: [KeywordRuleError.Problem] = []
        var firstIndex: [String: Int] = [:]
        for (index, definition) in definitions.enumerated() {
            var messages: [String] = []
            if let earlier = firstIndex[definition.id] {
                messages.append("id '\(definition.id)' is already used by rules[\(earlier)]; ids must be unique")
            } else if !definition.id.isEmpty {
                firstIndex[definition.id] = index
            }
            switch KeywordRule.validated(definition, bounds: regexBounds, known: known) {
            case .success(let rule): rules.append(rule)
            case .failure(let invalid): messages += invalid.messages
            }
            problems += messages.map { KeywordRuleError.Problem(index: index, ruleID: definition.id, message: $0) }
        }
        guard problems.isEmpty else { throw KeywordRuleError(problems: problems) }
        self.init(rules: rules, keepOriginal: keepOriginal, regexBounds: regexBounds)
    }
}
