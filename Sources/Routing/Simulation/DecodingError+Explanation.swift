import Foundation

extension DecodingError {
    /// "arrivals[0].per_hour: expected a number" — the path, then what was wrong.
    var explanation: String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { path, key in
                if let index = key.intValue { return path + "[\(index)]" }
                return path.isEmpty ? key.stringValue : path + "." + key.stringValue
            }
        }
        func located(_ keys: [any CodingKey], _ message: String) -> String {
            keys.isEmpty ? message : "\(path(keys)): \(message)"
        }
        switch self {
        case .typeMismatch(let type, let context): return located(context.codingPath, "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context): return located(context.codingPath, "expected \(Self.describe(type)), found null")
        case .keyNotFound(let key, let context): return located(context.codingPath + [key], "required")
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return located(context.codingPath, underlying.map { "not valid JSON: \($0)" } ?? context.debugDescription)
        @unknown default: return "\(self)"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type, is UInt64.Type: "a number"
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        default: "\(type)".contains("Array") ? "a list" : "\(type)".contains("Dictionary") ? "a mapping" : "\(type)"
        }
    }
}
