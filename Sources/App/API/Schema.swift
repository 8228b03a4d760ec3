import Foundation

/// A JSON Schema (OpenAPI 3.1 dialect) for the API document, written next to the types it describes.
indirect enum Schema: Sendable {
    case string(format: String? = nil, values: [String]? = nil, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil)
    case integer(minimum: Int? = nil)
    case number
    case boolean
    case array(Schema, minItems: Int? = nil)
    /// `allowsOtherProperties`: request bodies tolerate fields this version does not know (forward compatible);
    /// responses list every field they send.
    case object([(String, Schema)], required: [String], allowsOtherProperties: Bool = false)
    /// A map with string keys.
    case dictionary(Schema)
    case ref(String)
    /// May also be JSON null (a decoder reads null as absent).
    case nullable(Schema)
    /// A schema written out as JSON text, for rules the cases above cannot say (conditionals).
    case literal(String)

    var json: [String: Any] {
        switch self {
        case .string(let format, let values, let minLength, let maxLength, let pattern):
            var schema: [String: Any] = ["type": "string"]
            if let format { schema["format"] = format }
            if let values { schema["enum"] = values }
            if let minLength { schema["minLength"] = minLength }
            if let maxLength { schema["maxLength"] = maxLength }
            if let pattern { schema["pattern"] = pattern }
            return schema
        case .integer(let minimum):
            var schema: [String: Any] = ["type": "integer"]
            if let minimum { schema["minimum"] = minimum }
            return schema
        case .number: return ["type": "number"]
        case .boolean: return ["type": "boolean"]
        case .array(let items, let minItems):
            var schema: [String: Any] = ["type": "array", "items": items.json]
            if let minItems { schema["minItems"] = minItems }
            return schema
        case .object(let properties, let required, let open):
            var props: [String: Any] = [:]
            for (name, schema) in properties { props[name] = schema.json }
            return ["type": "object", "properties": props, "required": required, "additionalProperties": open]
        case .dictionary(let values): return ["type": "object", "additionalProperties": values.json]
        case .ref(let name): return ["$ref": "#/components/schemas/\(name)"]
        case .nullable(let schema): return ["anyOf": [schema.json, ["type": "null"]]]
        case .literal(let text):
            return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        }
    }
}

/// A documented schema, for the types the API sends and takes.
protocol APISchema {
    static var schemaName: String { get }
    static var schema: Schema { get }
}
