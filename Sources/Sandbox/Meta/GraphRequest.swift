import Foundation

/// One call to the sandbox's Graph API, as Graph reads it: parameters may come in the query string, a form
/// body or a JSON body (Graph accepts all three, and a form value may itself be JSON, as `recipient` often is);
/// the access token in `Authorization: Bearer`, or an `access_token` parameter. A version prefix such as
/// `/v21.0/` is optional.
struct GraphRequest {
    var method: String
    var segments: [String]
    var version: String?
    var query: [(String, String)]
    var parameters: [String: Any]
    var token: String?
    /// Where the sandbox itself is reached (`http://host:port`), for the URLs it answers with.
    var sandboxURL: String
    /// The body's bytes and type as sent: an upload's file is not text.
    var rawBody = Data()
    var contentType: String?

    init(method: String, path: String, query: String?, headers: [String: String], body: String, sandboxURL: String) {
        self.method = method.uppercased()
        self.sandboxURL = sandboxURL
        self.contentType = headers["content-type"]
        var segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        if let first = segments.first, Self.isVersion(first) {
            version = first
            segments.removeFirst()
        }
        self.segments = segments
        self.query = Self.form(query ?? "")
        var parameters: [String: Any] = [:]
        for (key, value) in self.query { parameters[key] = value }
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{"), let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] {
            parameters.merge(object) { _, body in body }
        } else if trimmed.contains("=") {
            for (key, value) in Self.form(trimmed) { parameters[key] = value }
        }
        self.parameters = parameters
        let authorization = headers["authorization"] ?? ""
        if let space = authorization.firstIndex(of: " "), ["bearer", "oauth"].contains(authorization[..<space].lowercased()) {
            token = String(authorization[authorization.index(after: space)...]).trimmingCharacters(in: .whitespaces)
        } else {
            token = parameters["access_token"] as? String
        }
    }

    /// `v21.0`, not LINE's `v2` (whose API shares the sandbox).
    static func isVersion(_ segment: String) -> Bool {
        segment.wholeMatch(of: /v[0-9]+\.[0-9]+/) != nil
    }

    static func form(_ text: String) -> [(String, String)] {
        text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            guard let key = parts.first, !key.isEmpty else { return nil }
            return (decode(key), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    func string(_ key: String) -> String? {
        switch parameters[key] {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    func int(_ key: String) -> Int? { string(key).flatMap { Int($0) } }

    /// An object parameter, given as JSON or as a JSON-encoded form value.
    func object(_ key: String) -> [String: Any]? {
        if let object = parameters[key] as? [String: Any] { return object }
        guard let text = parameters[key] as? String else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    /// `true`/`false` as JSON booleans or form strings (`is_hidden=true`).
    func bool(_ key: String) -> Bool? {
        switch parameters[key] {
        case let flag as Bool: return flag
        case let text as String: return ["true", "1"].contains(text.lowercased()) ? true : ["false", "0"].contains(text.lowercased()) ? false : nil
        default: return nil
        }
    }

    /// The URL of the same call with some query parameters replaced: the `next` link of a paged answer.
    func url(replacing changes: [String: String?]) -> String {
        var items = query.filter { changes[$0.0] == nil }
        for (key, value) in changes.sorted(by: { $0.key < $1.key }) {
            if let value { items.append((key, value)) }
        }
        let path = ([version].compactMap { $0 } + segments).joined(separator: "/")
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?")
        let encoded = items.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
        return "\(sandboxURL)/\(path)" + (encoded.isEmpty ? "" : "?" + encoded.joined(separator: "&"))
    }
}
