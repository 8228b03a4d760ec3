import Foundation

/// The Meta side's controls and its learning from generated webhooks.
extension SandboxState {
    func learn(_ facts: [MetaFact]) {
        for fact in facts { meta.learn(fact) }
    }

    /// Tests that deliver webhooks themselves tell the sandbox when the customer wrote.
    func customerWrote(account: String, customer: String, surface: MetaWorld.Surface, at: Date) {
        meta.learn(.customerWrote(account: account, customer: customer, surface: surface, at: at))
    }

    /// Registers a comment (or visitor post) the sandbox did not generate, so private-reply rules apply to it.
    func registerComment(id: String, account: String, surface: FeedStore.Surface, createdAt: Date, from: String?, message: String?) {
        guard meta.feed.comment(id) == nil else { return }
        let postID = surface == .instagram ? "unknown-media" : "\(account)_\(id.split(separator: "_").first ?? Substring(id))"
        let author = from ?? SandboxState.psid(forComment: id)
        meta.feed.add(FeedStore.Comment(id: id, account: account, surface: surface, postID: postID, parentID: nil, message: message,
                                        from: .init(id: author, name: "Customer \(author.suffix(4))"), createdAt: createdAt))
    }

    /// Replaces which tokens are good. Tokens marked expired expired an hour ago, by the sandbox's clock.
    func setTokens(valid: [String: [String]], expired: [String], invalid: [String]) {
        let expiry = now() - 3600
        meta.tokens = TokenBook(valid: valid.mapValues(Set.init), expired: Dictionary(expired.map { ($0, expiry) }) { first, _ in first },
                                invalid: Set(invalid))
    }

    func setMode(strict: Bool?, whatsappWindowErrors: MetaWorld.WindowErrorDelivery?, echoes: Bool?) {
        if let strict { meta.strict = strict }
        if let whatsappWindowErrors { meta.whatsappWindowErrors = whatsappWindowErrors }
        if let echoes { meta.echoes = echoes }
    }

    func setTemplates(_ templates: [MessageTemplate]) { meta.templates = templates }

    /// Forgets everything Meta-side (customers, comments, media, tokens, modes, templates); recorded calls stay.
    func resetMeta() { meta = MetaWorld() }

    func tokenProblem(_ token: String?, strict: Bool) -> GraphError? {
        meta.tokens.problem(with: token, account: nil, strict: strict, now: now())
    }

    func latestPost(by author: String) -> FeedStore.Post? {
        meta.feed.posts(of: author).first { $0.from.id == author }
    }

    func mediaFile(_ id: String) -> MediaFile? { meta.media[id] }

    func trace() -> String { meta.ids.trace() }
}
