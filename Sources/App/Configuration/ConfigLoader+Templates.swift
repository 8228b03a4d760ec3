import Domain
import Yams

/// A WhatsApp channel's `templates:`: the approved message templates agents can send after the 24-hour
/// window. Each must match, name and language, a template Meta approved for the number's account.
///
/// ```yaml
/// templates:
///   - {name: order_update, language: en_US, body: "Hi {{1}}, your order {{2}} has shipped."}
/// ```
extension ConfigLoader {
    static func readTemplates(_ node: Node, _ path: String, kind: ChannelKind?, _ reader: inout YAMLReader) -> [MessageTemplate] {
        if let kind, kind != .whatsapp {
            reader.warning(node, path, "only WhatsApp channels send message templates; this list is ignored")
            return []
        }
        var templates: [MessageTemplate] = []
        for (index, item) in reader.sequence(node, path).enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let fields = reader.mapping(item, itemPath, known: ["name", "language", "body"]) else { continue }
            let name = reader.string(fields["name"], "\(itemPath).name", required: true)
            let language = reader.string(fields["language"], "\(itemPath).language", required: true)
            let body = reader.string(fields["body"], "\(itemPath).body", required: true)
            guard let name, let language, let body else { continue }
            // Meta's template names are lowercase letters, digits and underscores.
            guard name.range(of: "^[a-z0-9_]{1,512}$", options: .regularExpression) != nil else {
                reader.error(fields["name"], "\(itemPath).name", "'\(name)' is not a WhatsApp template name (lowercase letters, digits and '_')")
                continue
            }
            guard language.range(of: "^[a-z]{2,3}(_[A-Za-z0-9]{2,4})?$", options: .regularExpression) != nil else {
                reader.error(fields["language"], "\(itemPath).language", "'\(language)' is not a language code such as en or en_US")
                continue
            }
            let template = MessageTemplate(name: name, language: language, body: body)
            let numbers = template.placeholders.sorted()
            guard numbers == Array(stride(from: 1, through: numbers.count, by: 1)) else {
                reader.error(fields["body"], "\(itemPath).body", "placeholders must be numbered {{1}}, {{2}}… without gaps; found \(numbers)")
                continue
            }
            guard !templates.contains(where: { $0.name == name && $0.language == language }) else {
                reader.error(item, itemPath, "the template '\(name)' in \(language) is listed twice")
                continue
            }
            templates.append(template)
        }
        return templates
    }
}
