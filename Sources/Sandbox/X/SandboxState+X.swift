import Foundation

/// The X side's controls and its learning from generated webhooks.
extension SandboxState {
    func learn(_ facts: [XFact]) {
        for fact in facts {
            switch fact {
            case .tweet(let id, let author): x.tweets[id] = XWorld.Tweet(author: author, text: "")
            case .follows(let person, let follows):
                if follows { x.followers.insert(person) } else { x.followers.remove(person) }
            case .wroteDirectMessage(let person): x.conversations.insert(person)
            }
        }
    }

    func updateX(_ command: SandboxServer.XStateCommand) {
        if let tokens = command.tokens { x.tokens = Set(tokens) }
        if let followers = command.followers { x.followers = Set(followers) }
        if let open = command.open_dms { x.openDirectMessages = Set(open) }
        if let conversations = command.conversations { x.conversations = Set(conversations) }
        if let echoes = command.echoes { x.echoes = echoes }
    }

    /// Plays X's OAuth 2.0 from now on: replaces what is given (clients, the refresh tokens that work, the lifetime of
    /// access tokens issued from now on); issued access tokens stay valid until they expire.
    func updateXOAuth(_ command: SandboxServer.XOAuthCommand) {
        var oauth = x.oauth ?? XOAuth()
        if let clients = command.clients { oauth.clients = Dictionary(clients.map { ($0.id, $0.secret) }, uniquingKeysWith: { _, last in last }) }
        if let tokens = command.refresh_tokens { oauth.refreshTokens = Set(tokens) }
        if let seconds = command.expires_in { oauth.expiresIn = seconds }
        x.oauth = oauth
    }

    func setXRateLimit(_ endpoint: XRateLimits.Endpoint, limit: Int?, remaining: Int, resetIn: TimeInterval) {
        x.limits.set(endpoint, limit: limit, remaining: remaining, resetIn: resetIn, now: now())
    }

    /// Marks a tweet deleted: replies under it, likes and retweets of it are refused from now on.
    func deleteTweet(_ id: String, author: String) {
        x.tweets[id, default: XWorld.Tweet(author: author, text: "")].deleted = true
    }

    /// Forgets everything X-side (tokens, followers, tweets, rate-limit windows); recorded calls stay.
    func resetX() { x = XWorld() }
}

extension SandboxState {
    /// Which bearer tokens X accepts; empty: any non-empty token (as `PUT /_sandbox/x/state` `tokens`).
    public func updateXTokens(_ tokens: [String]) { x.tokens = Set(tokens) }

    /// X's OAuth 2.0 (as `PUT /_sandbox/x/oauth`): clients by id with their secret (nil: a public client), the refresh
    /// tokens that work now, and how long issued access tokens live.
    public func setXOAuth(clients: [String: String?], refreshTokens: [String], expiresIn: TimeInterval = 7200) {
        x.oauth = XOAuth(clients: clients, refreshTokens: Set(refreshTokens), expiresIn: expiresIn)
    }
}
