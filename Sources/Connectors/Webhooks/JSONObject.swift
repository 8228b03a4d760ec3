import Crypto
import Foundation

/// Small helpers for walking platform JSON without a Codable type per event shape: splitters must accept
/// every shape a platform may send, including ones we have never seen.
typealias JSONObject = [String: Any]

extension Dictionary where Key == String, Value == Any {
    func object(_ key: String) -> JSONObject? { self[key] as? JSONObject }
    func objects(_ key: String) -> [JSONObject] { (self[key] as? [Any])?.compactMap { $0 as? JSONObject } ?? [] }

    /// A string, or a number rendered as a string (ids are strings, but some platforms send numbers).
    func string(_ key: String) -> String? {
        switch self[key] {
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    func double(_ key: String) -> Double? {
        switch self[key] {
        case let number as NSNumber: return number.doubleValue
        case let text as String: return Double(text)
        default: return nil
        }
    }

    func bool(_ key: String) -> Bool { (self[key] as? NSNumber)?.boolValue ?? false }
}

enum JSON {
    static func parseObject(_ data: Data) throws(SplitError) -> JSONObject {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw SplitError.malformed("body is not valid JSON")
        }
        guard let object = value as? JSONObject else { throw SplitError.malformed("body is not a JSON object") }
        return object
    }

    /// Deterministic bytes for one event, used as its stored payload and for content hashes.
    static func encode(_ object: JSONObject) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// `sha256:<hex>` of an event's canonical bytes: the dedupe key for events a platform gives no id.
    static func contentHash(_ payload: Data) -> String {
        "sha256:" + lowercaseHex(SHA256.hash(data: payload))
    }

    /// The platform times Parley takes: the Unix epoch to the year 2100. Anything else (a typo, a hostile `1e300`)
    /// counts as no time at all, rather than reaching date arithmetic that traps on overflow.
    static let plausibleSeconds: ClosedRange<Double> = 0...4_102_444_800

    static func millis(_ value: Double?) -> Date? { seconds(value.map { $0 / 1000 }) }
    static func seconds(_ value: Double?) -> Date? {
        value.flatMap { plausibleSeconds.contains($0) ? Date(timeIntervalSince1970: $0) : nil }
    }
}

public enum SplitError: Error, Equatable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let reason): reason
        }
    }
}
