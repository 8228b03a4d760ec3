import Domain

extension KeywordRuleSet {
    /// Runs the rules over one message's text, in order (semantics on `KeywordRuleSet`). Pure apart from
    /// reading a monotonic clock for the regex time bound; any text, of any size, is safe to pass.
    public func evaluate(_ text: String, channel: Channel.ID? = nil, kind: ChannelKind? = nil) -> RuleOutcome {
        var outcome = RuleOutcome()
        let applicable = rules.filter { $0.applies(to: channel, kind: kind) }
        guard !applicable.isEmpty else { return outcome }
        let folded = FoldedText(text)
        let tokens = applicable.contains(where: \.match.needsTokens) ? TextTokens(folded.folded) : nil
        var spans: [TextMasker.Span] = []
        var maskingFailed = false

        for rule in applicable {
            let decidesRouting = outcome.stoppedBy == nil
            guard decidesRouting || rule.actions.mask != nil else { continue }
            let found = rule.match.find(in: folded.folded, tokens: tokens, bounds: regexBounds)
            if found.timedOut {
                outcome.timedOutRuleIDs.append(rule.id)
                if rule.actions.mask != nil { maskingFailed = true }
                continue
            }
            guard found.matched else { continue }
            outcome.matchedRuleIDs.append(rule.id)
            if let style = rule.actions.mask {
                spans += found.ranges.map { TextMasker.Span(range: folded.originalRange(utf8Offsets: $0), style: style) }
            }
            if decidesRouting { outcome.apply(rule) }
        }

        if maskingFailed {
            outcome.maskedText = TextMasker.maskAll(text)
        } else if !spans.isEmpty {
            outcome.maskedText = TextMasker.mask(text, spans: spans)
        }
        if outcome.maskedText != nil, keepOriginal { outcome.originalText = text }
        return outcome
    }
}

extension RuleOutcome {
    /// One matching rule's routing actions, applied over what earlier rules decided.
    mutating func apply(_ rule: KeywordRule) {
        let actions = rule.actions
        if let workgroup = actions.workgroup { self.workgroup = workgroup }
        if let priority = actions.priority { self.priority = priority }
        for requirement in actions.skills {
            if let index = skills.firstIndex(where: { $0.skill == requirement.skill }) {
                skills[index].proficiency = max(skills[index].proficiency, requirement.proficiency)
            } else {
                skills.append(requirement)
            }
        }
        if actions.nonActionable { actionable = false }
        if actions.stop { stoppedBy = rule.id }
    }
}

extension KeywordRule.Matcher {
    /// Whether the rule matched, where (UTF-8 offsets into the folded text), and whether a regex ran out of time.
    struct Found {
        var matched = false
        var ranges: [Range<Int>] = []
        var timedOut = false
    }

    func find(in folded: String, tokens: TextTokens?, bounds: RegexBounds) -> Found {
        var found = Found()
        if let tokens {
            for sequence in tokenSequences { found.ranges += tokens.occurrences(of: sequence) }
            for hashtag in hashtags { found.ranges += tokens.occurrences(ofHashtag: hashtag) }
        }
        for pattern in patterns { found.ranges += pattern.occurrences(in: folded) }
        found.matched = !found.ranges.isEmpty
        for regex in regexes {
            let scan = regex.scan(folded, bounds: bounds)
            if scan.timedOut {
                found.timedOut = true
                return found
            }
            found.matched = found.matched || scan.matched
            found.ranges += scan.ranges
        }
        return found
    }
}
