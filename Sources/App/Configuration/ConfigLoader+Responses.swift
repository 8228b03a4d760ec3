import Domain
import Yams

/// `standard_responses:`: the library agents insert answers from. What the file lists is created or updated at
/// start, and file responses it no longer lists are removed; responses added through the API are left alone
/// (docs/configuration.md).
///
/// ```yaml
/// standard_responses:
///   - id: greeting
///     title: Greeting
///     category: Openers
///     text: "Hi {customer.first_name}, this is {agent.first_name} from {channel.name}. How can I help?"
///     keywords: [hello, hi]
///     channels: [whatsapp, messenger]
/// ```
extension ConfigLoader {
    static let standardResponseKeys = ["id", "title", "category", "text", "keywords", "channels"]

    static func readStandardResponse(_ fields: [String: Node], _ path: String, _ reader: inout YAMLReader) -> StandardResponse? {
        let title = reader.string(fields["title"], "\(path).title", required: true)
        let text = reader.string(fields["text"], "\(path).text", required: true)
        let id = reader.string(fields["id"], "\(path).id") ?? title.map { StandardResponse.id(forTitle: $0).rawValue }
        let category = reader.string(fields["category"], "\(path).category") ?? StandardResponse.defaultCategory
        let keywords = reader.sequence(fields["keywords"], "\(path).keywords").enumerated().compactMap { index, node in
            reader.string(node, "\(path).keywords[\(index)]", required: true)
        }
        let kinds = reader.sequence(fields["channels"], "\(path).channels").enumerated().compactMap { index, node in
            reader.enumeration(node, "\(path).channels[\(index)]", as: ChannelKind.self, required: true)
        }
        guard let id, let title, let text else { return nil }
        let response = StandardResponse(id: .init(id), title: title, category: category, text: text, keywords: keywords,
                                        channelKinds: kinds, source: .file)
        if let problem = response.problem {
            reader.error(fields[problem.field] ?? reader.currentItem, "\(path).\(problem.field)", problem.message)
            return nil
        }
        return response
    }

    /// Ids appear once (an entry without `id` takes its title's slug).
    static func checkStandardResponses(top: [String: Node], reader: inout YAMLReader) {
        var seen = Set<String>()
        for (index, node) in reader.sequence(top["standard_responses"], "standard_responses").enumerated() {
            guard case .mapping = node, let id = node["id"]?.string ?? node["title"]?.string.map({ StandardResponse.id(forTitle: $0).rawValue })
            else { continue }
            if !seen.insert(id).inserted { reader.error(node, "standard_responses[\(index)].id", "the id '\(id)' is listed twice") }
        }
    }
}
