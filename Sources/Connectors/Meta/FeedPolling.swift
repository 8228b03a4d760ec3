import Foundation

/// The page feed by polling (platforms.md §2.5), for pages whose webhooks are unavailable and as a safety net
/// after downtime: the Graph API's posts and comments become the changes a feed webhook would have carried,
/// in a body shaped like one, so they go through the same splitter and get the same dedupe keys — a comment
/// both delivered and polled is stored once. Pure: the HTTP calls are the caller's.
public enum FeedPolling {
    /// The fields asked of `/{page-id}/feed` and `/{post-id}/comments`.
    public static let postFields = "id,message,created_time,from"
    public static let commentFields = "id,message,created_time,from,parent"

    /// One page of a Graph list: the webhook-shaped changes it holds and the URL of the next page.
    public struct Page: Sendable {
        /// Each a feed change `{"field": "feed", "value": {…}}` as JSON.
        public var changes: [Data]
        /// Post ids on this page (whose comments are fetched next).
        public var postIDs: [String]
        public var next: String?
    }

    /// A page of `/{page-id}/feed`: each post as a `verb: add` change (the page's own posts come out as the
    /// page's, which the splitter files as echoes).
    public static func posts(_ body: Data) -> Page? {
        guard let root = (try? JSONSerialization.jsonObject(with: body)) as? JSONObject else { return nil }
        var changes: [Data] = []
        var ids: [String] = []
        for post in root.objects("data") {
            guard let id = post.string("id") else { continue }
            ids.append(id)
            guard let created = unixSeconds(post["created_time"]) else { continue }
            var value: JSONObject = ["item": "status", "verb": "add", "post_id": id, "created_time": created]
            value["from"] = post["from"]
            value["message"] = post["message"]
            changes.append(change(value))
        }
        return Page(changes: changes, postIDs: ids, next: next(root))
    }

    /// A page of `/{post-id}/comments`: each comment as a `verb: add` change under the post, threaded by its
    /// parent as a webhook would be (a top-level comment's parent is the post).
    public static func comments(_ body: Data, postID: String) -> Page? {
        guard let root = (try? JSONSerialization.jsonObject(with: body)) as? JSONObject else { return nil }
        var changes: [Data] = []
        for comment in root.objects("data") {
            guard let id = comment.string("id"), let created = unixSeconds(comment["created_time"]) else { continue }
            var value: JSONObject = ["item": "comment", "verb": "add", "comment_id": id, "post_id": postID,
                                     "parent_id": comment.object("parent")?.string("id") ?? postID, "created_time": created]
            value["from"] = comment["from"]
            value["message"] = comment["message"]
            changes.append(change(value))
        }
        return Page(changes: changes, postIDs: [], next: next(root))
    }

    /// A delivery body as Meta would send it: `{"object": "page", "entry": [{"id", "time", "changes"}]}`.
    public static func body(pageID: String, changes: [Data], time: Date) -> Data {
        let values = changes.compactMap { try? JSONSerialization.jsonObject(with: $0) }
        let root: JSONObject = ["object": "page", "entry": [["id": pageID, "time": Int(time.timeIntervalSince1970), "changes": values]]]
        return (try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])) ?? Data()
    }

    private static func change(_ value: JSONObject) -> Data {
        (try? JSONSerialization.data(withJSONObject: ["field": "feed", "value": value], options: [.sortedKeys])) ?? Data()
    }

    /// `paging.next`, followed verbatim (§2.5); absent on the last page.
    private static func next(_ root: JSONObject) -> String? {
        root.object("paging")?.string("next")
    }

    /// REST times are `2024-02-06T09:31:16+0000` (offset without a colon); webhooks carry Unix seconds, which
    /// the dedupe key is built from, so both forms become the same integer.
    static func unixSeconds(_ value: Any?) -> Int? {
        if let number = value as? NSNumber { return number.intValue }
        guard let text = value as? String else { return nil }
        if let seconds = Int(text) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssZ"
        return formatter.date(from: text).map { Int($0.timeIntervalSince1970) }
    }
}
