import Domain

extension KeywordRule {
    /// What is wrong with one definition, every problem at once.
    struct Invalid: Error {
        var messages: [String]
    }

    static let priorityRange = 0...1000

    /// Checks a definition completely — at load, never at the first message — and compiles it.
    static func validated(
        _ definition: KeywordRuleDefinition, bounds: RegexBounds, known: KeywordRuleSet.KnownReferences
    ) -> Result<KeywordRule, Invalid> {
        var problems: [String] = []
        if definition.id.allSatisfy(\.isWhitespace) { problems.append("id is required") }
        let matcher = validatedMatcher(definition.match, bounds: bounds, problems: &problems)
        let actions = validatedActions(definition.then, known: known, problems: &problems)

        var channels: Set<Channel.ID> = []
        for channel in definition.channels {
            let id = Channel.ID(channel)
            if let knownChannels = known.channels, !knownChannels.contains(id) {
                problems.append("channels: unknown channel '\(channel)'")
            }
            channels.insert(id)
        }
        var kinds: Set<ChannelKind> = []
        for name in definition.channelKinds {
            if let kind = ChannelKind(rawValue: name) {
                kinds.insert(kind)
            } else {
                problems.append("channel_kinds: unknown kind '\(name)'; known: \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        guard problems.isEmpty, let matcher, let actions else { return .failure(Invalid(messages: problems)) }
        return .success(KeywordRule(
            id: ID(definition.id), name: definition.name ?? definition.id, definition: definition, match: matcher,
            channels: channels, channelKinds: kinds, actions: actions))
    }

    private static func validatedMatcher(_ match: KeywordRuleDefinition.Match, bounds: RegexBounds, problems: inout [String]) -> Matcher? {
        let before = problems.count
        for key in match.unknownKeys {
            problems.append("unknown match '\(key)'; known: \(KeywordRuleDefinition.Match.knownKeys.joined(separator: ", "))")
        }
        if match.isEmpty {
            problems.append("match is empty; give at least one of words, phrases, hashtags, regex or detect")
        }
        var sequences: [[Substring]] = []
        for word in match.words {
            let tokens = tokenSequence(word)
            if word.contains(where: \.isWhitespace) {
                problems.append("words entry '\(word)' holds several words; put it under phrases")
            } else if tokens.isEmpty {
                problems.append("words entry '\(word)' has no letter, digit or symbol to match")
            } else {
                sequences.append(tokens)
            }
        }
        for phrase in match.phrases {
            let tokens = tokenSequence(phrase)
            if tokens.isEmpty { problems.append("phrases entry '\(phrase)' has no letter, digit or symbol to match") }
            sequences.append(tokens)
        }
        var hashtags: [Substring] = []
        for hashtag in match.hashtags {
            let folded = FoldedText.fold(hashtag)
            let found = TextTokens(folded).hashtags
            if found.count == 1, found[0].range == 0..<folded.utf8.count {
                hashtags.append(found[0].text)
            } else {
                problems.append("hashtags entry '\(hashtag)' must be '#' followed by letters or digits only, like '#refund'")
            }
        }
        var regexes: [BoundedRegex] = []
        for pattern in match.regex {
            switch compiledRegex(pattern, bounds: bounds) {
            case .success(let regex): regexes.append(regex)
            case .failure(let problem): problems.append("regex '\(pattern)': \(problem.message)")
            }
        }
        var patterns: [SensitivePattern] = []
        for name in match.detect {
            if let pattern = SensitivePattern(rawValue: name) {
                patterns.append(pattern)
            } else {
                problems.append("detect: unknown pattern '\(name)'; known: \(SensitivePattern.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        guard problems.count == before else { return nil }
        return Matcher(tokenSequences: sequences, hashtags: hashtags, regexes: regexes, patterns: patterns)
    }

    private static func tokenSequence(_ entry: String) -> [Substring] {
        TextTokens(FoldedText.fold(entry)).words.map(\.text)
    }

    /// Everything that keeps a pattern from being used, checked in the order a writer would fix them.
    static func compiledRegex(_ pattern: String, bounds: RegexBounds) -> Result<BoundedRegex, RegexProblem> {
        if pattern.isEmpty { return .failure(RegexProblem("is empty")) }
        if pattern.count > bounds.maxPatternLength {
            return .failure(RegexProblem("is \(pattern.count) characters long; at most \(bounds.maxPatternLength) are allowed"))
        }
        let regex: BoundedRegex
        do { regex = try BoundedRegex(pattern) } catch { return .failure(error) }
        if let hazard = RegexHazards.firstHazard(in: pattern) { return .failure(RegexProblem(hazard)) }
        if regex.matchesEmptyText { return .failure(RegexProblem("matches the empty text, so it would match every message")) }
        for character in pattern where !character.isASCII {
            let folded = FoldedText.fold(String(character))
            if folded != String(character).lowercased() {
                return .failure(RegexProblem(
                    "contains '\(character)', but rules match a folded copy of the text (lower case, no accents): write '\(folded)'"))
            }
        }
        return .success(regex)
    }

    private static func validatedActions(
        _ then: KeywordRuleDefinition.Actions, known: KeywordRuleSet.KnownReferences, problems: inout [String]
    ) -> Actions? {
        let before = problems.count
        for key in then.unknownKeys {
            problems.append("unknown action '\(key)'; known: \(KeywordRuleDefinition.Actions.knownKeys.joined(separator: ", "))")
        }
        var workgroup: Workgroup.ID?
        if let name = then.workgroup {
            if name.isEmpty { problems.append("workgroup must not be empty") }
            workgroup = Workgroup.ID(name)
            if let workgroups = known.workgroups, let workgroup, !workgroups.contains(workgroup) {
                problems.append("workgroup '\(name)' is not defined")
            }
        }
        var skills: [SkillLevel] = []
        for (position, requirement) in then.skills.enumerated() {
            let label = "skills[\(position)] (\(requirement.skill))"
            if requirement.skill.isEmpty { problems.append("skills[\(position)]: skill is required") }
            if !SkillLevel.proficiencyRange.contains(requirement.proficiency) {
                problems.append("\(label): proficiency \(requirement.proficiency) is out of range 1–5")
            }
            if let knownSkills = known.skills, !knownSkills.contains(Skill.ID(requirement.skill)) {
                problems.append("\(label): skill '\(requirement.skill)' is not defined")
            }
            if skills.contains(where: { $0.skill.rawValue == requirement.skill }) {
                problems.append("\(label): skill listed twice")
            }
            skills.append(SkillLevel(skill: Skill.ID(requirement.skill), proficiency: requirement.proficiency))
        }
        if let priority = then.priority, !priorityRange.contains(priority) {
            problems.append("priority \(priority) is out of range 0–1000")
        }
        var mask: MaskStyle?
        if let style = then.mask {
            if !MaskStyle.keepLastRange.contains(style.keepLast) {
                problems.append("mask.keep_last \(style.keepLast) is out of range 0–8")
            }
            if style.symbol.count != 1 {
                problems.append("mask.symbol '\(style.symbol)' must be exactly one character")
            }
            mask = MaskStyle(keepLast: style.keepLast, symbol: style.symbol.first ?? "•")
        }
        guard problems.count == before else { return nil }
        return Actions(workgroup: workgroup, skills: skills, priority: then.priority, nonActionable: then.nonActionable,
                       stop: then.stop, mask: mask)
    }
}
