/// A keyword rule as configuration writes it, before validation: plain strings and numbers, as read from
/// `parley.yml` or the admin API's JSON. `KeywordRuleSet(validating:)` turns a list of them into rules, or
/// rejects it naming each rule and what is wrong with it.
///
/// Keys Parley does not know under `match` or `then` are kept (`unknownKeys`) so that validation can
/// reject them with the rule named, instead of a typo silently turning a rule off.
public struct KeywordRuleDefinition: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var match: Match
    /// Only messages of these channels (ids); empty: every channel the rule set is used for.
    public var channels: [String]
    /// Only messages of these channel kinds (`x`, `whatsapp`, …); empty: every kind.
    public var channelKinds: [String]
    public var then: Actions

    public init(id: String, name: String? = nil, match: Match, channels: [String] = [], channelKinds: [String] = [], then: Actions) {
        self.id = id
        self.name = name
        self.match = match
        self.channels = channels
        self.channelKinds = channelKinds
        self.then = then
    }

    /// What the rule looks for. The rule matches when any entry of any kind is found.
    public struct Match: Sendable, Hashable {
        /// Whole words or single symbols (`refund`, `🔥`), case- and accent-insensitive.
        public var words: [String]
        /// Word sequences (`money back`); spaces and punctuation between the words do not matter.
        public var phrases: [String]
        /// Hashtags with their `#` (`#refund`): match that hashtag only, not the plain word.
        public var hashtags: [String]
        /// Regular expressions (ICU syntax) run on the folded text: lower case, without accents.
        public var regex: [String]
        /// Built-in detectors: `payment_card`, `iban`.
        public var detect: [String]
        public var unknownKeys: [String]

        public init(
            words: [String] = [], phrases: [String] = [], hashtags: [String] = [], regex: [String] = [], detect: [String] = [],
            unknownKeys: [String] = []
        ) {
            self.words = words
            self.phrases = phrases
            self.hashtags = hashtags
            self.regex = regex
            self.detect = detect
            self.unknownKeys = unknownKeys
        }

        var isEmpty: Bool { words.isEmpty && phrases.isEmpty && hashtags.isEmpty && regex.isEmpty && detect.isEmpty }
    }

    /// What the rule does when it matches.
    public struct Actions: Sendable, Hashable {
        public var workgroup: String?
        public var skills: [Skill]
        /// 0 (lowest) … 1000.
        public var priority: Int?
        /// Kept and visible in reports, but not routed to an agent.
        public var nonActionable: Bool
        /// No further rule changes routing (masking rules still run; see `KeywordRuleSet`).
        public var stop: Bool
        public var mask: Mask?
        public var unknownKeys: [String]

        public init(
            workgroup: String? = nil, skills: [Skill] = [], priority: Int? = nil, nonActionable: Bool = false, stop: Bool = false,
            mask: Mask? = nil, unknownKeys: [String] = []
        ) {
            self.workgroup = workgroup
            self.skills = skills
            self.priority = priority
            self.nonActionable = nonActionable
            self.stop = stop
            self.mask = mask
            self.unknownKeys = unknownKeys
        }
    }

    /// A required skill and the minimum proficiency (1–5).
    public struct Skill: Sendable, Hashable, Codable {
        public var skill: String
        public var proficiency: Int

        public init(skill: String, proficiency: Int) {
            self.skill = skill
            self.proficiency = proficiency
        }
    }

    /// How matched text is masked: each letter, digit or symbol becomes `symbol`, except the last
    /// `keepLast` letters or digits; spaces and punctuation stay, so `4111 1111 1111 1111` shows as
    /// `•••• •••• •••• 1111`.
    public struct Mask: Sendable, Hashable {
        public var keepLast: Int
        public var symbol: String

        public init(keepLast: Int = 0, symbol: String = "•") {
            self.keepLast = keepLast
            self.symbol = symbol
        }
    }
}
