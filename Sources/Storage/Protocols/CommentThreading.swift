import Domain

/// DESIGN.md "Interaction": a customer's post on the page is one thread with all comments on it; a top-level
/// comment on one of the company's posts is another. A comment arrives knowing only its post, not whose post it
/// is, so the normaliser threads it by its top-level comment and the store's ingest moves it to the post's thread
/// when Parley holds that post as a customer's post (`customerPostThread`).
extension ThreadKey {
    /// The customer-post thread a comment belongs to if its post is a customer's post; nil for other threads.
    public var customerPostThread: ThreadKey? {
        guard case .comment(let postID, _) = self else { return nil }
        return .customerPost(postID: postID)
    }
}

extension [IngestRequest] {
    /// The order a batch is stored in: customer posts before everything else (otherwise as given), so that a post
    /// and a comment on it delivered in one batch make one interaction whatever order the batch lists them in.
    public var storageOrder: [Int] {
        let isPost = map { if case .customerPost = $0.message.threadKey { true } else { false } }
        return indices.filter { isPost[$0] } + indices.filter { !isPost[$0] }
    }
}

extension ThreadKey {
    /// The range of stored thread keys (`description`) of every top-level comment thread on one post: from
    /// `comment:{post}/` up to, not including, `comment:{post}0` (`0` follows `/`), one read on the open-thread index.
    public static func commentThreadRange(onPost postID: String) -> (from: String, upTo: String) {
        ("comment:\(postID)/", "comment:\(postID)0")
    }
}
