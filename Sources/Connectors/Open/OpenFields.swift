import Foundation

/// Reads the fields of one JSON object of an open-channel body, naming each field by its path
/// (`sender.id`, `attachments[1].url`) when it is missing or of the wrong type.
struct OpenFields {
    private let object: JSONObject
    private let path: String

    init(_ object: JSONObject, path: String) {
        self.object = object
        self.path = path
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { object[key] != nil && !(object[key] is NSNull) }

    func string(_ key: String) throws(OpenContractError) -> String {
        guard has(key) else { throw OpenContractError(.invalidMessage, "missing '\(name(key))'") }
        guard let text = object[key] as? String else { throw OpenContractError(.invalidMessage, "'\(name(key))' must be a string") }
        return text
    }

    func optionalString(_ key: String) throws(OpenContractError) -> String? {
        has(key) ? try string(key) : nil
    }

    /// A non-empty id of at most 200 characters: ids are opaque, but they are keys and end up in logs and URLs.
    func identifier(_ key: String) throws(OpenContractError) -> String {
        let text = try string(key)
        guard !text.isEmpty, text.count <= 200 else {
            throw OpenContractError(.invalidMessage, "'\(name(key))' must be 1 to 200 characters")
        }
        return text
    }

    /// An ISO-8601 date and time with a zone: `2026-11-26T17:05:00Z`, optionally with fractional seconds.
    func date(_ key: String) throws(OpenContractError) -> Date {
        let text = try string(key)
        guard let date = OpenTime.parse(text) else {
            throw OpenContractError(.invalidMessage, "'\(name(key))' is '\(text)'; use ISO 8601 with a zone, such as 2026-11-26T17:05:00.123Z")
        }
        return date
    }

    func object(_ key: String) throws(OpenContractError) -> OpenFields {
        guard has(key) else { throw OpenContractError(.invalidMessage, "missing '\(name(key))'") }
        guard let inner = object[key] as? JSONObject else { throw OpenContractError(.invalidMessage, "'\(name(key))' must be an object") }
        return OpenFields(inner, path: name(key))
    }

    /// An optional array of objects (absent: none).
    func objects(_ key: String) throws(OpenContractError) -> [OpenFields] {
        guard has(key) else { return [] }
        guard let items = object[key] as? [Any] else { throw OpenContractError(.invalidMessage, "'\(name(key))' must be an array") }
        var fields: [OpenFields] = []
        for (index, item) in items.enumerated() {
            guard let inner = item as? JSONObject else {
                throw OpenContractError(.invalidMessage, "'\(name(key))[\(index)]' must be an object")
            }
            fields.append(OpenFields(inner, path: "\(name(key))[\(index)]"))
        }
        return fields
    }
}

/// The contract's timestamps: ISO 8601 with a zone, with or without fractional seconds.
public enum OpenTime {
    public static func parse(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601WithFractions)) ?? (try? Date(text, strategy: .iso8601))
    }

    /// How Parley writes them: UTC with milliseconds.
    public static func format(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }
}
