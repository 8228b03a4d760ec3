import Foundation

/// Page feed and comment endpoints (platforms.md §2.2, §2.3, §2.5, §3): public replies, likes, hide/unhide,
/// delete, and the polling reads with Graph's paging.
extension MetaWorld {
    /// A public reply: Facebook ids are `<post>_<comment>`, so the new comment shares its thread's post part.
    mutating func comment(on object: String, surface: FeedStore.Surface, _ request: GraphRequest,
                          _ context: GraphContext) throws(GraphError) -> GraphAnswer {
        let message = request.string("message")
        guard message?.isEmpty == false || request.string("attachment_url") != nil || request.string("attachment_id") != nil else {
            throw .invalidParameter("Missing message or attachment")
        }
        let parent = feed.comment(object)
        let post = feed.post(object)
        if strict && parent == nil && post == nil { throw .unsupported("POST", id: object) }
        let postID = post?.id ?? parent?.postID ?? object
        let account = post?.account ?? parent?.account
            ?? (surface == .instagram ? context.accounts.instagramAccount : context.accounts.facebookPage)
        let id: String
        if surface == .instagram {
            id = ids.numeric()
        } else {
            // A post id is `<page>_<post>`, a comment id `<post>_<comment>`: either way the thread's post part.
            let postPart = post != nil ? String(object.split(separator: "_").last ?? Substring(object))
                : String(object.split(separator: "_").first ?? Substring(object))
            id = "\(postPart)_\(ids.numeric())"
        }
        let page = FeedStore.Party(id: account, name: surface == .instagram ? context.accounts.instagramUsername : context.accounts.pageName)
        let comment = FeedStore.Comment(id: id, account: account, surface: surface, postID: postID,
                                        parentID: post == nil ? object : nil, message: message, from: page, createdAt: context.now)
        feed.add(comment)
        return .json(["id": id], followUps: echoes ? [.pageComment(comment)] : [])
    }

    /// Likes (and unlikes) change nothing the sandbox shows; an unknown object is only refused in strict mode.
    func act(on object: String, _ method: String, _ request: GraphRequest) throws(GraphError) -> GraphAnswer {
        if strict && !feed.knows(object) { throw .unsupported(method, id: object) }
        return .success
    }

    mutating func update(_ object: String, _ request: GraphRequest) throws(GraphError) -> GraphAnswer {
        let hidden = request.bool("is_hidden") ?? request.bool("hide")
        let message = request.string("message")
        guard hidden != nil || message != nil else { throw .invalidParameter("Nothing to update: pass is_hidden (Instagram: hide) or message") }
        _ = try act(on: object, "POST", request)
        if let hidden { feed.hide(object, hidden) }
        if let message { feed.edit(object, message: message) }
        return .success
    }

    mutating func delete(_ object: String, _ request: GraphRequest) throws(GraphError) -> GraphAnswer {
        _ = try act(on: object, "DELETE", request)
        feed.remove(object)
        return .success
    }

    /// `GET /{page-id}/feed`: newest first, `since`/`until` in Unix seconds, `limit` (default 25, at most 100).
    /// Paging carries both Graph styles: `cursors` and a `next` link with `until` and `__paging_token`.
    func feedPage(_ page: String, _ request: GraphRequest, _ context: GraphContext) throws(GraphError) -> GraphAnswer {
        let account = page == "me" ? tokens.account(of: request.token) ?? context.accounts.facebookPage : page
        let posts = within(feed.posts(of: account), request, time: \.createdAt)
        let cursor = request.string("after") ?? request.string("__paging_token")
        let result = CursorPage(posts, descending: true, after: cursor, limit: limit(request)) { ($0.createdAt, $0.id) }
        let fields = request.string("fields") ?? ""
        let data = result.items.map { post -> [String: Any] in
            var item = json(post)
            if fields.contains("comments") { item["comments"] = nestedComments(post.id, fields: fields, request) }
            return item
        }
        var next: [String: String?] = ["after": result.after, "__paging_token": result.after]
        next["until"] = result.items.last.map { String(Int($0.createdAt.timeIntervalSince1970)) }
        return .json(["data": data, "paging": paging(result, request, next: next)])
    }

    /// `GET /{post-or-comment-id}/comments`: `filter=toplevel` (default) or `stream`, `order=chronological`
    /// (default) or `reverse_chronological`, `since`, `limit`, cursor `after`.
    func commentsPage(_ object: String, _ request: GraphRequest) throws(GraphError) -> GraphAnswer {
        if strict && !feed.knows(object) { throw .unsupported("GET", id: object) }
        let stream = request.string("filter") == "stream"
        let descending = request.string("order") == "reverse_chronological"
        var comments = within(feed.comments(under: object, stream: stream), request, time: \.createdAt)
        if descending { comments.reverse() }
        let result = CursorPage(comments, descending: descending, after: request.string("after"), limit: limit(request)) { ($0.createdAt, $0.id) }
        return .json(["data": result.items.map(json), "paging": paging(result, request, next: ["after": result.after])])
    }

    func json(_ post: FeedStore.Post) -> [String: Any] {
        ["id": post.id, "message": post.message, "created_time": GraphJSON.restTime(post.createdAt),
         "from": ["id": post.from.id, "name": post.from.name], "permalink_url": post.permalink]
    }

    func json(_ comment: FeedStore.Comment) -> [String: Any] {
        var item: [String: Any] = ["id": comment.id, "created_time": GraphJSON.restTime(comment.createdAt), "is_hidden": comment.isHidden]
        if comment.surface == .instagram {
            item["text"] = comment.message ?? ""
            item["from"] = ["id": comment.from.id, "username": comment.from.name]
            item["media"] = ["id": comment.postID]
        } else {
            item["message"] = comment.message ?? ""
            item["from"] = ["id": comment.from.id, "name": comment.from.name]
        }
        if let parent = comment.parentID { item["parent"] = ["id": parent] }
        return item
    }

    /// The first page of a post's comments inside a feed item (`fields=…,comments.limit(50){…}`).
    private func nestedComments(_ post: String, fields: String, _ request: GraphRequest) -> [String: Any] {
        let limit = fields.firstMatch(of: /comments\.limit\(([0-9]+)\)/).flatMap { Int($0.output.1) } ?? 25
        let result = CursorPage(feed.comments(under: post, stream: false), descending: false, after: nil, limit: limit) { ($0.createdAt, $0.id) }
        var paging: [String: Any] = ["cursors": ["before": result.before ?? "", "after": result.after ?? ""]]
        if result.hasMore {
            var edge = request
            edge.segments = [post, "comments"]
            edge.query = request.query.filter { $0.0 == "access_token" }
            paging["next"] = edge.url(replacing: ["limit": String(limit), "after": result.after])
        }
        return ["data": result.items.map(json), "paging": paging]
    }

    private func paging<Item>(_ page: CursorPage<Item>, _ request: GraphRequest, next: [String: String?]) -> [String: Any] {
        var paging: [String: Any] = ["cursors": ["before": page.before ?? "", "after": page.after ?? ""]]
        if page.hasMore { paging["next"] = request.url(replacing: next) }
        return paging
    }

    private func limit(_ request: GraphRequest) -> Int { min(max(request.int("limit") ?? 25, 1), 100) }

    private func within<Item>(_ items: [Item], _ request: GraphRequest, time: KeyPath<Item, Date>) -> [Item] {
        // Graph's times are whole seconds: compare them so, or an item at 100.4 s would escape `until=100`.
        let since = request.int("since") ?? .min
        let until = request.int("until") ?? .max
        return items.filter { item in
            let seconds = Int(item[keyPath: time].timeIntervalSince1970.rounded(.down))
            return seconds >= since && seconds <= until
        }
    }
}
