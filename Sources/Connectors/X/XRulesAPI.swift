import Foundation

/// The wire side of X's filtered-stream rules API (platforms.md §5.5): `GET /2/tweets/search/stream/rules`
/// lists the app's rules; `POST` with `{"add": [...]}` or `{"delete": {"ids": [...]}}` changes them and answers
/// `meta.summary` counts and, for what it refused, `errors` (an invalid rule, a duplicate value).
public enum XRulesAPI {
    public static let path = "/2/tweets/search/stream/rules"

    public struct Answer: Sendable, Equatable {
        public var rules: [XStreamRule] = []
        /// `meta.summary`: created, not_created, valid, invalid, deleted, not_deleted.
        public var summary: [String: Int] = [:]
        public var errors: [Problem] = []
    }

    /// One refused rule or request, in words an operator can act on.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var title: String
        public var detail: String?
        public var value: String?

        public var description: String {
            [title, value.map { "for rule '\($0)'" }, detail].compactMap { $0 }.joined(separator: ": ")
        }
    }

    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case notJSON(status: Int)

        public var description: String {
            switch self {
            case .notJSON(let status): "X answered HTTP \(status) with a body that is not a JSON object"
            }
        }
    }

    public static func read(_ body: Data, status: Int) throws(ReadError) -> Answer {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? JSONObject else { throw .notJSON(status: status) }
        var answer = Answer()
        answer.rules = object.objects("data").compactMap { rule in
            guard let value = rule.string("value") else { return nil }
            return XStreamRule(id: rule.string("id"), value: value, tag: rule.string("tag"))
        }
        for (key, count) in object.object("meta")?.object("summary") ?? [:] {
            if let number = count as? NSNumber { answer.summary[key] = number.intValue }
        }
        answer.errors = object.objects("errors").map { error in
            Problem(title: error.string("title") ?? error.string("message") ?? "error", detail: error.string("detail"), value: error.string("value"))
        }
        // A whole-request problem (401, 429, 400 invalid request) is problem details at the top level.
        if answer.errors.isEmpty, status >= 400 {
            answer.errors = [Problem(title: object.string("title") ?? "HTTP \(status)", detail: object.string("detail"), value: nil)]
        }
        return answer
    }

    public static func addBody(_ rules: [XStreamRule]) -> Data {
        body(["add": rules.map { rule -> [String: String] in
            var entry = ["value": rule.value]
            entry["tag"] = rule.tag
            return entry
        }])
    }

    public static func deleteBody(ids: [String]) -> Data {
        body(["delete": ["ids": ids]])
    }

    private static func body(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}
