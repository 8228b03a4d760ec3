import Foundation

/// The posts and comments of the sandbox's pages and Instagram accounts: every one a generated webhook
/// announced, plus the page's own replies, so polling (platforms.md §2.5) finds what webhooks delivered.
/// Removed comments are kept, marked, and no longer listed.
struct FeedStore: Sendable {
    struct Party: Sendable, Equatable {
        var id: String
        var name: String
    }

    struct Post: Sendable, Equatable {
        /// `<page-id>_<post-id>`.
        var id: String
        var account: String
        var message: String
        var from: Party
        var createdAt: Date
        var permalink: String
    }

    struct Comment: Sendable, Equatable {
        /// Facebook: `<post-id>_<comment-id>`; Instagram: a plain number.
        var id: String
        var account: String
        var surface: Surface
        /// The post (Facebook) or media (Instagram) the comment is on.
        var postID: String
        /// The comment this one answers; nil for a top-level comment.
        var parentID: String?
        var message: String?
        var from: Party
        var createdAt: Date
        var isHidden = false
        var isRemoved = false
    }

    enum Surface: String, Sendable {
        case facebook, instagram
    }

    private(set) var posts: [String: Post] = [:]
    private(set) var comments: [String: Comment] = [:]

    mutating func add(_ post: Post) { posts[post.id] = post }
    mutating func add(_ comment: Comment) { comments[comment.id] = comment }
    mutating func edit(_ id: String, message: String) { comments[id]?.message = message }
    mutating func remove(_ id: String) { comments[id]?.isRemoved = true }
    mutating func hide(_ id: String, _ hidden: Bool) { comments[id]?.isHidden = hidden }

    func post(_ id: String) -> Post? { posts[id] }
    func comment(_ id: String) -> Comment? { comments[id] }
    func knows(_ id: String) -> Bool { posts[id] != nil || comments[id] != nil }

    /// A page's posts, newest first (the order of `/{page-id}/feed`).
    func posts(of page: String) -> [Post] {
        posts.values.filter { $0.account == page }.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    /// The comments under a post or a comment, oldest first: only direct answers (Graph's `filter=toplevel`),
    /// or, on a post, every comment and reply (`filter=stream`).
    func comments(under object: String, stream: Bool) -> [Comment] {
        let isPost = posts[object] != nil || comments[object] == nil
        return comments.values.filter { comment in
            guard !comment.isRemoved else { return false }
            if isPost && comment.postID == object { return stream || comment.parentID == nil }
            return comment.parentID == object
        }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }
}

/// Graph's cursor paging over a list in a fixed order: a cursor names the last item seen (its time and id),
/// so items added between two calls neither repeat nor slip through, and a removed item does not break it.
struct CursorPage<Item> {
    var items: [Item]
    var before: String?
    var after: String?
    var hasMore: Bool

    init(_ sorted: [Item], descending: Bool, after cursor: String?, limit: Int, key: (Item) -> (Date, String)) {
        var remaining = sorted[...]
        if let position = cursor.flatMap(Self.decode) {
            remaining = remaining.drop { item in
                let itemKey = key(item)
                let seconds = itemKey.0.timeIntervalSince1970
                let reached = descending ? (seconds, itemKey.1) < position : (seconds, itemKey.1) > position
                return !reached
            }
        }
        items = Array(remaining.prefix(limit))
        hasMore = remaining.count > items.count
        before = items.first.map { Self.encode(key($0)) }
        after = items.last.map { Self.encode(key($0)) }
    }

    static func encode(_ key: (Date, String)) -> String {
        Data("\(key.0.timeIntervalSince1970)|\(key.1)".utf8).base64EncodedString()
    }

    static func decode(_ cursor: String) -> (Double, String)? {
        guard let data = Data(base64Encoded: cursor) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: "|", maxSplits: 1)
        guard parts.count == 2, let seconds = Double(parts[0]) else { return nil }
        return (seconds, String(parts[1]))
    }
}
