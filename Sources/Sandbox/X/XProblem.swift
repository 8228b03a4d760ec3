import Foundation

/// An X API v2 error as X answers it (platforms.md §5.6): RFC 7807 problem details,
/// `{"title", "detail", "type", "status"}`, or for invalid requests the `errors` list beside them.
struct XProblem: Error, Sendable, Equatable {
    var status: Int
    var title: String
    var detail: String
    var type = "about:blank"
    /// Invalid parameters: name → message (X's `errors[].parameters`).
    var parameters: [String: String] = [:]
    /// Streaming problems name the issue (`TooManyConnections`).
    var connectionIssue: String?

    var body: String {
        var object: [String: Any] = ["title": title, "detail": detail, "type": type, "status": status]
        object["connection_issue"] = connectionIssue
        if !parameters.isEmpty {
            object["errors"] = parameters.sorted { $0.key < $1.key }.map { name, message in
                ["parameters": [name: [""]], "message": message] as [String: Any]
            }
        }
        return XJSON.string(object)
    }

    static let unauthorized = XProblem(status: 401, title: "Unauthorized", detail: "Unauthorized")
    static let tooManyRequests = XProblem(status: 429, title: "Too Many Requests", detail: "Too Many Requests")

    static func invalid(_ parameter: String, _ message: String) -> XProblem {
        XProblem(status: 400, title: "Invalid Request", detail: "One or more parameters to your request was invalid.",
                 type: "https://api.twitter.com/2/problems/invalid-request", parameters: [parameter: message])
    }

    static let replyToDeleted = XProblem(status: 403, title: "Forbidden",
                                         detail: "You attempted to reply to a Tweet that is deleted or not visible to you.")
    static let duplicateContent = XProblem(status: 403, title: "Forbidden",
                                           detail: "You are not allowed to create a Tweet with duplicate content.")
    static let directMessagesClosed = XProblem(status: 403, title: "Forbidden",
                                               detail: "You are not permitted to send Direct Messages to this user.")
    static let notPermitted = XProblem(status: 403, title: "Forbidden", detail: "You are not permitted to perform this action.")

    static func notFound(_ path: String) -> XProblem {
        XProblem(status: 404, title: "Not Found Error", detail: "Could not find the requested resource: \(path).",
                 type: "https://api.twitter.com/2/problems/resource-not-found")
    }
}

enum XJSON {
    static func string(_ object: Any) -> String {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension XProblem {
    /// A second filtered-stream connection of the same app (platforms.md §5.5).
    static let tooManyConnections = XProblem(status: 429, title: "ConnectionException",
                                             detail: "This stream is currently at the maximum allowed connection limit.",
                                             type: "https://api.twitter.com/2/problems/streaming-connection",
                                             connectionIssue: "TooManyConnections")
}
