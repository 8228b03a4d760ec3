import Foundation

/// Page feed and Instagram comment webhooks (platforms.md §2.1, §3): `entry[].changes[]`, times in seconds.
/// Facebook ids: a post is `<page>_<post>`, a comment `<post>_<comment>`, and a top-level comment's
/// `parent_id` is its post.
extension MetaTraffic {
    /// The page's own post (Parley must treat it as ours); customers then comment on it.
    mutating func pagePost(text: String, at: Date) -> (event: Event, post: FeedStore.Post) {
        let post = newPost(by: page, text: text, at: at)
        companyPost = post
        return (postEvent(post, kind: "facebook.page_post"), post)
    }

    /// A customer's post on the page: a thread of its own.
    mutating func customerPost(by person: Person, text: String, at: Date) -> (event: Event, post: FeedStore.Post) {
        let post = newPost(by: person, text: text, at: at)
        customerPosts[post.id] = post
        return (postEvent(post, kind: "facebook.customer_post"), post)
    }

    /// A comment on `post`, or a reply to `parent`; by a customer or by the page itself.
    mutating func comment(on post: FeedStore.Post, parent: FeedStore.Comment?, by person: Person, text: String,
                          at: Date) -> (event: Event, comment: FeedStore.Comment) {
        let postPart = post.id.split(separator: "_").last.map(String.init) ?? post.id
        let comment = FeedStore.Comment(id: "\(postPart)_\(random.randomID(digits: 15))", account: accounts.facebookPage, surface: .facebook,
                                        postID: post.id, parentID: parent?.id, message: text, from: .init(id: person.id, name: person.name),
                                        createdAt: at)
        if person.id != accounts.facebookPage { recentComments.append(comment) }
        let kind = person.id == accounts.facebookPage ? "facebook.page_comment" : parent == nil ? "facebook.comment" : "facebook.reply"
        var event = feedEvent(comment, verb: "add", post: post, at: at, facts: [.comment(comment)])
        event.kind = kind
        return (event, comment)
    }

    /// The author edits their comment: `verb: edited` with the new text.
    mutating func edit(_ comment: FeedStore.Comment, text: String, at: Date) -> Event {
        var edited = comment
        edited.message = text
        if let index = recentComments.firstIndex(where: { $0.id == comment.id }) { recentComments[index].message = text }
        var event = feedEvent(edited, verb: "edited", post: thread(comment), at: at, facts: [.commentEdited(id: comment.id, message: text)])
        event.kind = "facebook.edited"
        return event
    }

    /// The author removes their comment: `verb: remove`, no message.
    mutating func remove(_ comment: FeedStore.Comment, at: Date) -> Event {
        var removed = comment
        removed.message = nil
        if let index = recentComments.firstIndex(where: { $0.id == comment.id }) { recentComments[index].isRemoved = true }
        var event = feedEvent(removed, verb: "remove", post: thread(comment), at: at, facts: [.commentRemoved(id: comment.id)])
        event.kind = "facebook.remove"
        return event
    }

    /// A comment (or reply) under the account's Instagram media: no `verb`, the author by `username`.
    mutating func instagramComment(parent: FeedStore.Comment?, by person: Person, text: String,
                                   at: Date) -> (event: Event, comment: FeedStore.Comment) {
        let media = mediaID()
        let comment = FeedStore.Comment(id: "178\(random.randomID(digits: 14))", account: accounts.instagramAccount, surface: .instagram,
                                        postID: media, parentID: parent?.id, message: text, from: .init(id: person.id, name: person.username),
                                        createdAt: at)
        recentComments.append(comment)
        var value: [String: Any] = ["id": comment.id, "text": text, "from": ["id": person.id, "username": person.username],
                                    "media": ["id": media, "media_product_type": "FEED"]]
        value["parent_id"] = parent?.id
        let seconds = Int(at.timeIntervalSince1970)
        let body: [String: Any] = ["object": "instagram",
                                   "entry": [["id": accounts.instagramAccount, "time": seconds, "changes": [["field": "comments", "value": value]]]]]
        return (Event(kind: parent == nil ? "instagram.comment" : "instagram.reply", delivery: signed(body), facts: [.comment(comment)]), comment)
    }

    /// A feed change for a comment, with the `post` summary Meta attaches.
    func feedEvent(_ comment: FeedStore.Comment, verb: String, post: FeedStore.Post?, at: Date, facts: [MetaFact]) -> Event {
        let postID = post?.id ?? comment.postID
        var value: [String: Any] = [
            "item": "comment", "verb": verb, "from": ["id": comment.from.id, "name": comment.from.name], "post_id": postID,
            "comment_id": comment.id, "parent_id": comment.parentID ?? postID, "created_time": Int(at.timeIntervalSince1970),
            "post": ["id": postID, "status_type": "mobile_status_update", "is_published": true, "updated_time": GraphJSON.restTime(at),
                     "permalink_url": post?.permalink ?? "https://www.facebook.com/\(postID)", "promotion_status": "inactive"] as [String: Any],
        ]
        value["message"] = comment.message
        return Event(kind: "facebook.comment", delivery: feedDelivery(value, at: at), facts: facts)
    }

    private mutating func newPost(by person: Person, text: String, at: Date) -> FeedStore.Post {
        let id = "\(accounts.facebookPage)_\(random.randomID(digits: 15))"
        return FeedStore.Post(id: id, account: accounts.facebookPage, message: text, from: .init(id: person.id, name: person.name),
                              createdAt: at, permalink: "https://www.facebook.com/\(id)")
    }

    private func postEvent(_ post: FeedStore.Post, kind: String) -> Event {
        let value: [String: Any] = ["item": "status", "verb": "add", "post_id": post.id, "message": post.message, "published": 1,
                                    "from": ["id": post.from.id, "name": post.from.name], "created_time": Int(post.createdAt.timeIntervalSince1970)]
        return Event(kind: kind, delivery: feedDelivery(value, at: post.createdAt), facts: [.post(post)])
    }

    private func feedDelivery(_ value: [String: Any], at: Date) -> TrafficGenerator.Delivery {
        signed(["object": "page", "entry": [["id": accounts.facebookPage, "time": Int(at.timeIntervalSince1970),
                                            "changes": [["field": "feed", "value": value]]]]])
    }

    /// The post a comment of this run is on.
    func thread(_ comment: FeedStore.Comment) -> FeedStore.Post? {
        customerPosts[comment.postID] ?? (companyPost?.id == comment.postID ? companyPost : nil)
    }
}
