import Domain

/// A validated keyword rule, ready to run: its keywords are folded and tokenised, its regular expressions
/// compiled and checked. Made only by `KeywordRuleSet(validating:)`.
public struct KeywordRule: Sendable, Identifiable {
    public typealias ID = Identifier<KeywordRule>

    public let id: ID
    public let name: String
    /// The rule as configured, for export and display.
    public let definition: KeywordRuleDefinition
    let match: Matcher
    /// Empty: every channel.
    public let channels: Set<Channel.ID>
    /// Empty: every kind.
    public let channelKinds: Set<ChannelKind>
    public let actions: Actions

    /// What a validated rule does when it matches.
    public struct Actions: Sendable, Hashable {
        public var workgroup: Workgroup.ID?
        public var skills: [SkillLevel]
        public var priority: Int?
        public var nonActionable: Bool
        public var stop: Bool
        public var mask: MaskStyle?
    }

    /// The rule's match, in the folded form the text is compared in.
    struct Matcher: Sendable {
        /// Each entry of `words` and `phrases` as its folded tokens.
        var tokenSequences: [[Substring]]
        /// Folded, without the `#`.
        var hashtags: [Substring]
        var regexes: [BoundedRegex]
        var patterns: [SensitivePattern]

        var needsTokens: Bool { !tokenSequences.isEmpty || !hashtags.isEmpty }
    }

    /// Whether the rule is meant for messages of this channel.
    func applies(to channel: Channel.ID?, kind: ChannelKind?) -> Bool {
        if !channels.isEmpty, !(channel.map(channels.contains) ?? false) { return false }
        if !channelKinds.isEmpty, !(kind.map(channelKinds.contains) ?? false) { return false }
        return true
    }
}

/// How matched text is shown to agents; see `KeywordRuleDefinition.Mask`.
public struct MaskStyle: Sendable, Hashable {
    public static let keepLastRange = 0...8

    public var keepLast: Int
    public var symbol: Character

    public init(keepLast: Int = 0, symbol: Character = "•") {
        self.keepLast = keepLast
        self.symbol = symbol
    }
}
