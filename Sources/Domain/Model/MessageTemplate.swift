import Foundation

/// An approved WhatsApp message template as the channel lists it (`channels[].templates`): after the 24-hour
/// customer service window, the only thing a business may send (platforms.md §4.3). Meta approves the body;
/// Parley fills its numbered placeholders `{{1}}`, `{{2}}`… with the agent's parameters.
public struct MessageTemplate: Sendable, Hashable, Codable {
    public var name: String
    /// Meta's language code, e.g. `en_US`: a template is approved per language.
    public var language: String
    /// The body as approved, with its placeholders.
    public var body: String

    public init(name: String, language: String, body: String) {
        self.name = name
        self.language = language
        self.body = body
    }

    /// The placeholders' numbers in order of first appearance.
    public var placeholders: [Int] {
        var seen: [Int] = []
        var rest = body[...]
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            if let number = Int(rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)), !seen.contains(number) { seen.append(number) }
            rest = rest[close.upperBound...]
        }
        return seen
    }

    /// How many parameters a send must give: the highest placeholder (Meta numbers them 1…n without gaps).
    public var parameterCount: Int { placeholders.max() ?? 0 }

    /// The body with `{{n}}` replaced by the n-th parameter: what the customer will read, stored as the message text.
    /// One pass over the body, so a parameter that itself reads `{{1}}` is shown as typed, never filled again.
    public func rendered(with parameters: [String]) -> String {
        var text = ""
        var rest = body[...]
        while let open = rest.range(of: "{{") {
            text += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            if let close = after.range(of: "}}"), let number = Int(after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)),
                parameters.indices.contains(number - 1) {
                text += parameters[number - 1]
                rest = after[close.upperBound...]
            } else {
                text += "{{"
                rest = after
            }
        }
        return text + rest
    }

    /// Why these parameters cannot fill the template, in words for the agent; nil when they can.
    /// Meta refuses parameter text with line breaks or tabs, or more than four spaces in a row (error 132018).
    public func problem(with parameters: [String]) -> String? {
        guard parameters.count == parameterCount else {
            return "the template '\(name)' (\(language)) takes \(parameterCount) parameter\(parameterCount == 1 ? "" : "s"); \(parameters.count) given"
        }
        for (index, value) in parameters.enumerated() {
            if value.trimmingCharacters(in: .whitespaces).isEmpty { return "parameter {{\(index + 1)}} is empty" }
            if value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" }) {
                return "parameter {{\(index + 1)}} has a line break or a tab, which WhatsApp refuses in template parameters"
            }
            if value.contains("     ") { return "parameter {{\(index + 1)}} has more than four spaces in a row, which WhatsApp refuses" }
            if value.unicodeScalars.count > 1024 { return "parameter {{\(index + 1)}} is longer than 1024 characters" }
        }
        return nil
    }
}

/// A template send as an agent asks for it: which template, in which language, with which parameters.
public struct TemplateSend: Sendable, Hashable, Codable {
    public var name: String
    public var language: String
    public var parameters: [String]

    public init(name: String, language: String, parameters: [String]) {
        self.name = name
        self.language = language
        self.parameters = parameters
    }

    enum CodingKeys: String, CodingKey { case name, language, parameters }

    /// A template without placeholders may be sent without `parameters`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        language = try container.decode(String.self, forKey: .language)
        parameters = try container.decodeIfPresent([String].self, forKey: .parameters) ?? []
    }
}
