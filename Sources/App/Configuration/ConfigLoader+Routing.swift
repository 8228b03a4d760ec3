import Domain
import Routing
import Yams

/// A workgroup's `routing:` section and the checks that need every workgroup (overflow targets and cycles).
extension ConfigLoader {
    static let routingKeys = ["strategy", "alerting_timeout", "expansion", "overflow", "service_levels", "priority", "aging_per_minute",
                              "rona_boost", "transfer_boost", "keep_slot_while_waiting", "last_agent_window", "last_agent_wait", "agent_transfer_wait", "auto_answer",
                              "languages", "language_minimum"]

    static func readRouting(_ node: Node?, _ path: String, _ reader: inout YAMLReader) -> WorkgroupRouting {
        var routing = WorkgroupRouting()
        guard let node, let fields = reader.mapping(node, path, known: routingKeys) else { return routing }
        routing.strategy = reader.enumeration(fields["strategy"], "\(path).strategy", as: SelectionStrategy.self) ?? routing.strategy
        routing.alertingTimeout = reader.duration(fields["alerting_timeout"], "\(path).alerting_timeout")
        routing.expansion = reader.sequence(fields["expansion"], "\(path).expansion").enumerated().compactMap { index, node in
            let itemPath = "\(path).expansion[\(index)]"
            guard let item = reader.mapping(node, itemPath, known: ["after", "proficiency"]),
                  let after = reader.duration(item["after"], "\(itemPath).after"),
                  let minimum = reader.int(item["proficiency"], "\(itemPath).proficiency", range: 0...5) else { return nil }
            return ExpansionTier(after: Double(after), minimum: minimum)
        }
        if let overflowNode = fields["overflow"], let overflow = reader.mapping(overflowNode, "\(path).overflow", known: ["to", "after"]),
           let target = reader.string(overflow["to"], "\(path).overflow.to", required: true),
           let after = reader.duration(overflow["after"], "\(path).overflow.after") {
            routing.overflow = Overflow(to: .init(target), after: Double(after))
        }
        if fields["service_levels"] != nil {
            routing.serviceLevels = reader.sequence(fields["service_levels"], "\(path).service_levels").enumerated().compactMap { index, node in
                reader.duration(node, "\(path).service_levels[\(index)]")
            }
        }
        routing.priority = reader.int(fields["priority"], "\(path).priority", range: 0...1000) ?? routing.priority
        routing.agingPerMinute = reader.int(fields["aging_per_minute"], "\(path).aging_per_minute", range: 0...1000) ?? routing.agingPerMinute
        routing.ronaBoost = reader.int(fields["rona_boost"], "\(path).rona_boost", range: 0...1000) ?? routing.ronaBoost
        routing.transferBoost = reader.int(fields["transfer_boost"], "\(path).transfer_boost", range: 0...1000) ?? routing.transferBoost
        if let keep = fields["keep_slot_while_waiting"] {
            routing.keepSlotWhileWaiting = keep.string == "always" ? nil : reader.duration(keep, "\(path).keep_slot_while_waiting")
        }
        routing.lastAgentWindow = reader.duration(fields["last_agent_window"], "\(path).last_agent_window") ?? routing.lastAgentWindow
        routing.lastAgentWait = reader.duration(fields["last_agent_wait"], "\(path).last_agent_wait") ?? routing.lastAgentWait
        routing.agentTransferWait = reader.duration(fields["agent_transfer_wait"], "\(path).agent_transfer_wait") ?? routing.agentTransferWait
        routing.autoAnswer = reader.bool(fields["auto_answer"], "\(path).auto_answer") ?? routing.autoAnswer
        routing.languages = readLanguages(fields["languages"], "\(path).languages", &reader)
        routing.languageMinimum = reader.int(fields["language_minimum"], "\(path).language_minimum", range: SkillLevel.proficiencyRange)
            ?? routing.languageMinimum
        return routing
    }

    /// `languages: {es: spanish, fr: french}`: ISO 639-1 code → skill id. Malformed entries are errors and left out.
    static func readLanguages(_ node: Node?, _ path: String, _ reader: inout YAMLReader) -> [String: Skill.ID] {
        guard let node else { return [:] }
        guard case .mapping(let mapping) = node else {
            reader.error(node, path, "expected a mapping of language codes to skills, such as {es: spanish, fr: french}")
            return [:]
        }
        var languages: [String: Skill.ID] = [:]
        for (keyNode, value) in mapping {
            guard let code = keyNode.string, LanguageRequirement.isLanguageCode(code) else {
                reader.error(keyNode, path, "'\(keyNode.string ?? "?")' is not an ISO 639-1 language code (two lowercase letters, such as 'es')")
                continue
            }
            if languages[code] != nil { reader.error(keyNode, "\(path).\(code)", "language '\(code)' is listed twice") }
            guard let skill = reader.string(value, "\(path).\(code)", required: true), !skill.isEmpty else { continue }
            languages[code] = Skill.ID(skill)
        }
        return languages
    }

    /// Each workgroup's routing problems, at the workgroup's line; then overflow cycles.
    static func checkRouting(_ config: ParleyConfig, top: [String: Node], reader: inout YAMLReader) {
        let skills = Set(config.skills.map(\.id))
        let workgroups = Set(config.workgroups.map(\.id))
        let nodes = reader.sequence(top["workgroups"], "workgroups")
        for (index, workgroup) in config.workgroups.enumerated() {
            // Undeclared skills are reported with the other references.
            for problem in RoutingValidation.problems(workgroup, skills: skills, workgroups: workgroups) where !problem.contains("is not declared under 'skills'") {
                reader.error(nodes[safe: index], "workgroups[\(index)] (\(workgroup.id))", problem)
            }
            for (code, skill) in workgroup.routing.languages.sorted(by: { $0.key < $1.key }) where !skills.contains(skill) {
                reader.error(nodes[safe: index]?["routing"]?["languages"]?[code] ?? nodes[safe: index], "workgroups[\(index)].routing.languages.\(code)",
                             "skill '\(skill)' is not declared under 'skills'")
            }
        }
        for cycle in RoutingValidation.overflowCycles(config.workgroups) {
            let index = config.workgroups.firstIndex { $0.id == cycle.first } ?? 0
            reader.error(nodes[safe: index], "workgroups[\(index)].routing.overflow",
                         "overflow goes round in a circle: \(cycle.map(\.rawValue).joined(separator: " → "))")
        }
    }
}
