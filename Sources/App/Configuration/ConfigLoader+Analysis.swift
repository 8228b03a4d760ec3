import Domain
import Engagement
import Yams

/// A channel's `analysis:` section: what the content analyzer's reading of a new interaction may decide
/// (docs/content-analysis.md, "In the pipeline"). A category the model cannot give or a workgroup that is not
/// declared is an error at load, naming the entry — a mapping that can never fire must not pass silently.
extension ConfigLoader {
    static func readAnalysis(_ node: Node, _ path: String, _ reader: inout YAMLReader) -> ContentAnalysisSettings? {
        guard let fields = reader.mapping(node, path, known: ["categories", "category_min_confidence", "screen_non_actionable"]) else {
            return nil
        }
        var settings = ContentAnalysisSettings()
        settings.categoryMinConfidence = reader.double(fields["category_min_confidence"], "\(path).category_min_confidence", range: 0...1)
            ?? settings.categoryMinConfidence
        settings.screenNonActionable = reader.bool(fields["screen_non_actionable"], "\(path).screen_non_actionable") ?? false
        guard let categories = fields["categories"] else { return settings }
        guard case .mapping(let entries) = categories else {
            reader.error(categories, "\(path).categories", "expected a mapping of category to workgroup, e.g. {billing: billing-team}")
            return settings
        }
        let labels = ContentModelKind.category.classes
        for (key, value) in entries {
            guard let label = key.string else {
                reader.error(key, "\(path).categories", "keys must be category names")
                continue
            }
            let entryPath = "\(path).categories.\(label)"
            guard labels.contains(label) else {
                reader.error(key, entryPath, "unknown category '\(label)'; the category model gives \(labels.joined(separator: ", "))")
                continue
            }
            if let workgroup = reader.string(value, entryPath, required: true) { settings.categoryWorkgroups[label] = .init(workgroup) }
        }
        return settings
    }

    /// Every category mapping must name a declared workgroup; the error points at the mapping's line.
    static func checkAnalysis(_ config: ParleyConfig, top: [String: Node], reader: inout YAMLReader) {
        let workgroups = Set(config.workgroups.map(\.id))
        let nodes = reader.sequence(top["channels"], "channels")
        for (index, channel) in config.channels.enumerated() {
            guard let settings = config.channelAnalysis[channel.id] else { continue }
            let categories = child(child(nodes[safe: index], "analysis"), "categories")
            for (label, workgroup) in settings.categoryWorkgroups.sorted(by: { $0.key < $1.key }) where !workgroups.contains(workgroup) {
                reader.error(child(categories, label) ?? nodes[safe: index], "channels[\(index)].analysis.categories.\(label)",
                             "workgroup '\(workgroup)' is not declared under 'workgroups'")
            }
        }
    }

    private static func child(_ node: Node?, _ key: String) -> Node? {
        guard case .mapping(let mapping)? = node else { return nil }
        return mapping.first { $0.key.string == key }?.value
    }
}
