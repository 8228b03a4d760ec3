import Domain
import Engagement
import Foundation
import Yams

/// A channel's `rules:` section: keyword rules in order (docs/rules.md) with what may be kept of the original
/// text and the regular-expression bounds. Invalid rules (a bad regular expression, an unknown workgroup or
/// skill, a catastrophic pattern) are errors at load, naming the rule — never a surprise at the first message.
extension ConfigLoader {
    static func readRules(_ node: Node, _ path: String, _ reader: inout YAMLReader) -> ParleyConfig.ChannelRules? {
        guard let fields = reader.mapping(node, path, known: ["keep_original", "regex_max_input", "regex_max_duration", "list"]) else { return nil }
        var rules = ParleyConfig.ChannelRules()
        rules.keepOriginal = reader.bool(fields["keep_original"], "\(path).keep_original") ?? false
        if rules.keepOriginal {
            reader.warning(fields["keep_original"], "\(path).keep_original",
                           "Parley does not store unmasked originals yet: only the masked text is kept")
        }
        rules.bounds.maxInputCharacters = reader.int(fields["regex_max_input"], "\(path).regex_max_input", range: 100...1_000_000)
            ?? rules.bounds.maxInputCharacters
        if let text = reader.string(fields["regex_max_duration"], "\(path).regex_max_duration") {
            if text.hasSuffix("ms"), let milliseconds = Int(text.dropLast(2)), (1...5000).contains(milliseconds) {
                rules.bounds.maxDuration = .milliseconds(milliseconds)
            } else {
                reader.error(fields["regex_max_duration"], "\(path).regex_max_duration", "write milliseconds from 1ms to 5000ms, e.g. 50ms")
            }
        }
        guard let list = fields["list"] else { return rules }
        do {
            rules.definitions = try YAMLDecoder().decode([KeywordRuleDefinition].self, from: list)
        } catch {
            reader.error(list, "\(path).list", "not a list of rules (each needs an id, a match and then): \(error)")
        }
        return rules
    }

    /// Compiles each channel's rules against the file's workgroups and skills; every problem names its rule.
    static func checkRules(_ config: ParleyConfig, top: [String: Node], reader: inout YAMLReader) {
        let known = KeywordRuleSet.KnownReferences(workgroups: Set(config.workgroups.map(\.id)), skills: Set(config.skills.map(\.id)),
                                                   channels: Set(config.channels.map(\.id)))
        let nodes = reader.sequence(top["channels"], "channels")
        for (index, channel) in config.channels.enumerated() {
            guard let rules = config.channelRules[channel.id] else { continue }
            do {
                _ = try rules.compiled(known: known)
            } catch {
                for problem in error.problems {
                    reader.error(nodes[safe: index], "channels[\(index)].rules.list[\(problem.index)] (\(problem.ruleID))", problem.message)
                }
            }
        }
    }
}

extension ParleyConfig.ChannelRules {
    public func compiled(known: KeywordRuleSet.KnownReferences = .init()) throws(KeywordRuleError) -> KeywordRuleSet {
        try KeywordRuleSet(validating: definitions, keepOriginal: keepOriginal, regexBounds: bounds, known: known)
    }
}
