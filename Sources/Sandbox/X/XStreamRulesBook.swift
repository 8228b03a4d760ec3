import Foundation

/// X's filtered-stream rules for the app the sandbox plays (platforms.md §5.5): `GET` lists them, `POST` adds
/// (`{"add": [{"value", "tag"}]}`) or deletes (`{"delete": {"ids": [...]}}`), `?dry_run=true` checks without
/// changing anything. Answers in X's shape: `data`, `meta.summary`, and `errors` for invalid rules (nothing of
/// the request is created then) and duplicate values (the others are created).
struct XStreamRulesBook: Sendable {
    struct Rule: Sendable, Equatable {
        var id: String
        var value: String
        var tag: String?
        var matcher: XRuleMatcher
    }

    private(set) var rules: [Rule] = []
    private var lastID: UInt64 = 1_273_026_480_692_322_304

    /// The tags (or ids, for untagged rules) of the rules a tweet matches, in rule order.
    func matching(_ tweet: XRuleMatcher.Tweet) -> [Rule] {
        rules.filter { $0.matcher.matches(tweet) }
    }

    /// Rules set directly by a control call (a rule of "someone else" on the same app), bypassing the API.
    mutating func put(value: String, tag: String?) throws(XRuleSyntaxError) -> Rule {
        let rule = Rule(id: nextID(), value: value, tag: tag, matcher: try XRuleMatcher.parse(value))
        rules.append(rule)
        return rule
    }

    mutating func answer(method: String, query: String?, parameters: [String: Any], now: Date) -> XWorld.Answer {
        let sent = Self.timestamp(now)
        if method == "GET" {
            var body: [String: Any] = ["meta": ["sent": sent, "result_count": rules.count]]
            if !rules.isEmpty { body["data"] = rules.map(Self.json) }
            return XWorld.Answer(status: 200, body: XJSON.string(body))
        }
        let dryRun = (query ?? "").split(separator: "&").contains { $0 == "dry_run=true" }
        if let add = parameters["add"] as? [[String: Any]] {
            return self.add(add, dryRun: dryRun, sent: sent)
        }
        if let ids = (parameters["delete"] as? [String: Any])?["ids"] as? [String] {
            return delete(ids, dryRun: dryRun, sent: sent)
        }
        return XWorld.Answer(status: 400, body: XProblem.invalid("add", "The request needs one of `add` or `delete`.").body)
    }

    private mutating func add(_ entries: [[String: Any]], dryRun: Bool, sent: String) -> XWorld.Answer {
        var errors: [[String: Any]] = []
        var accepted: [(value: String, tag: String?, matcher: XRuleMatcher)] = []
        var invalid = 0
        for entry in entries {
            let value = entry["value"] as? String ?? ""
            let tag = entry["tag"] as? String
            do throws(XRuleSyntaxError) {
                let matcher = try XRuleMatcher.parse(value)
                if let existing = rules.first(where: { $0.value == value }) {
                    errors.append(["value": value, "id": existing.id, "title": "DuplicateRule",
                                   "type": "https://api.twitter.com/2/problems/duplicate-rules"])
                } else if accepted.contains(where: { $0.value == value }) {
                    errors.append(["value": value, "title": "DuplicateRule", "type": "https://api.twitter.com/2/problems/duplicate-rules"])
                } else {
                    accepted.append((value, tag, matcher))
                }
            } catch {
                invalid += 1
                errors.append(["value": value, "details": [error.description], "title": "UnprocessableEntity",
                               "type": "https://api.twitter.com/2/problems/invalid-rules"])
            }
        }
        // An invalid rule fails the whole request; duplicates are only not created.
        let created: [Rule] = invalid > 0 ? [] : accepted.map { Rule(id: nextID(), value: $0.value, tag: $0.tag, matcher: $0.matcher) }
        if !dryRun { rules += created }
        let summary: [String: Int] = ["created": created.count, "not_created": entries.count - created.count,
                                      "valid": entries.count - invalid, "invalid": invalid]
        var body: [String: Any] = ["meta": ["sent": sent, "summary": summary]]
        if !created.isEmpty { body["data"] = created.map(Self.json) }
        if !errors.isEmpty { body["errors"] = errors }
        return XWorld.Answer(status: invalid > 0 ? 400 : 201, body: XJSON.string(body))
    }

    private mutating func delete(_ ids: [String], dryRun: Bool, sent: String) -> XWorld.Answer {
        let known = Set(rules.map(\.id))
        let found = ids.filter { known.contains($0) }
        if !dryRun { rules.removeAll { ids.contains($0.id) } }
        var body: [String: Any] = ["meta": ["sent": sent, "summary": ["deleted": found.count, "not_deleted": ids.count - found.count]]]
        let missing = ids.filter { !known.contains($0) }
        if !missing.isEmpty {
            body["errors"] = missing.map { ["value": $0, "title": "Rule not found", "detail": "Rule does not exist",
                                            "type": "https://api.twitter.com/2/problems/resource-not-found"] as [String: Any] }
        }
        return XWorld.Answer(status: 200, body: XJSON.string(body))
    }

    private mutating func nextID() -> String {
        lastID += 1
        return String(lastID)
    }

    private static func json(_ rule: Rule) -> [String: Any] {
        var object: [String: Any] = ["id": rule.id, "value": rule.value]
        if let tag = rule.tag { object["tag"] = tag }
        return object
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
