import Foundation

/// X's side of the sandbox (platforms.md §5.4–5.6): the v2 endpoints Parley calls, bearer tokens, rate-limit
/// windows, who follows the account and who may be sent a DM, and the tweets it knows (to refuse a reply under
/// a deleted one, or a duplicate of the account's own). Each created tweet or DM is echoed back as X does,
/// through Account Activity (`XActivity`).
struct XWorld: Sendable {
    struct Tweet: Sendable {
        var author: String
        var text: String
        var deleted = false
    }

    struct Answer: Sendable {
        var status: Int
        var body: String
        var headers: [String: String] = [:]
        var activities: [XActivity] = []
    }

    /// Bearer tokens accepted; empty: any non-empty token.
    var tokens: Set<String> = []
    var followers: Set<String> = []
    /// People whose "Receive Direct Messages from anyone" is on.
    var openDirectMessages: Set<String> = []
    /// People who have DMed the account: a conversation exists.
    var conversations: Set<String> = []
    var tweets: [String: Tweet] = [:]
    var limits = XRateLimits()
    /// Echo the account's own tweets and DMs to Parley through Account Activity.
    var echoes = true
    /// The OAuth 2.0 token endpoint and the access tokens it issued; nil: OAuth is not played and any bearer in
    /// `tokens` (or any at all) is taken.
    var oauth: XOAuth?
    /// App-only bearer tokens accepted by the rules API and the stream; empty: any non-empty token.
    var appBearers: Set<String> = []
    var streamRules = XStreamRulesBook()
    /// Seconds between the stream's keep-alive `\r\n` (X: about 20).
    var streamKeepAlive: TimeInterval = 20
    private var lastID: UInt64 = 1_860_000_000_000_000_000

    /// A new 19-digit snowflake-like id, above 2^53 like X's.
    mutating func nextID() -> String {
        lastID += 1
        return String(lastID)
    }

    /// Answers `/2/...` calls; nil for any other path.
    mutating func answer(method: String, path: String, query: String? = nil, headers: [String: String], body: String, account: String,
                         now: Date) -> Answer? {
        guard path.hasPrefix("/2/") else { return nil }
        if path == "/2/oauth2/token" {
            guard oauth != nil else { return Answer(status: 404, body: XProblem.notFound(path).body) }
            return oauth?.token(method: method, headers: headers, body: body, now: now)
        }
        let segments = path.split(separator: "/").map(String.init).dropFirst().map { $0.removingPercentEncoding ?? $0 }
        guard let endpoint = Self.endpoint(method: method, segments: Array(segments)) else {
            return Answer(status: 404, body: XProblem.notFound(path).body)
        }
        let app = endpoint == .streamRules
        guard app ? Self.bearer(headers["authorization"], accepted: appBearers) : authorized(headers["authorization"], now: now) else {
            return Answer(status: 401, body: XProblem.unauthorized.body)
        }
        let (allowed, limitHeaders) = limits.take(endpoint, now: now)
        guard allowed else { return Answer(status: 429, body: XProblem.tooManyRequests.body, headers: limitHeaders) }
        let parameters = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        var answer: Answer
        if app {
            answer = streamRules.answer(method: method, query: query, parameters: parameters, now: now)
            answer.headers.merge(limitHeaders) { own, _ in own }
            return answer
        }
        do throws(XProblem) {
            answer = try handle(endpoint, segments: Array(segments), parameters: parameters, account: account)
        } catch {
            answer = Answer(status: error.status, body: error.body)
        }
        answer.headers.merge(limitHeaders) { own, _ in own }
        return answer
    }

    static func endpoint(method: String, segments: [String]) -> XRateLimits.Endpoint? {
        switch (method, segments.count, segments.first, segments.last) {
        case ("POST", 1, "tweets", _): .tweets
        case ("POST", 3, "users", "likes"): .likes
        case ("POST", 3, "users", "retweets"): .retweets
        case ("POST", 4, "dm_conversations", "messages") where segments[1] == "with": .directMessages
        case ("GET", 2, "users", _): .users
        case ("GET", 4, "tweets", "rules"), ("POST", 4, "tweets", "rules"): segments[1] == "search" && segments[2] == "stream" ? .streamRules : nil
        default: nil
        }
    }

    private func authorized(_ header: String?, now: Date) -> Bool {
        guard let header, header.lowercased().hasPrefix("bearer ") else { return false }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        // With OAuth played, only the access tokens it issued, until they expire (X answers 401 after that).
        if let oauth { return oauth.accepts(token, now: now) }
        return Self.bearer(header, accepted: tokens)
    }

    /// A bearer token that is non-empty and, when `accepted` lists some, one of them.
    static func bearer(_ header: String?, accepted: Set<String>) -> Bool {
        guard let header, header.lowercased().hasPrefix("bearer ") else { return false }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        return !token.isEmpty && (accepted.isEmpty || accepted.contains(token))
    }

    private mutating func handle(_ endpoint: XRateLimits.Endpoint, segments: [String], parameters: [String: Any],
                                 account: String) throws(XProblem) -> Answer {
        switch endpoint {
        case .tweets:
            guard let text = parameters["text"] as? String, !text.isEmpty else { throw .invalid("text", "The `text` field is required.") }
            guard text.unicodeScalars.count <= 280 else { throw .invalid("text", "The `text` field must be 280 characters or fewer.") }
            let answered = (parameters["reply"] as? [String: Any])?["in_reply_to_tweet_id"] as? String
            if let answered, tweets[answered]?.deleted == true { throw .replyToDeleted }
            if tweets.values.contains(where: { $0.author == account && $0.text == text && !$0.deleted }) { throw .duplicateContent }
            let id = nextID()
            tweets[id] = Tweet(author: account, text: text)
            let data: [String: Any] = ["id": id, "text": text, "edit_history_tweet_ids": [id]]
            return Answer(status: 201, body: XJSON.string(["data": data]),
                          activities: echoes ? [.ownTweet(id: id, text: text, inReplyTo: answered, replyToUser: answered.flatMap { tweets[$0]?.author })] : [])
        case .likes, .retweets:
            guard segments[1] == account else { throw .notPermitted }
            guard let tweet = parameters["tweet_id"] as? String else { throw .invalid("tweet_id", "The `tweet_id` field is required.") }
            if tweets[tweet]?.deleted == true { throw XProblem(status: 404, title: "Not Found Error", detail: "Could not find tweet with id: [\(tweet)].",
                                                              type: "https://api.twitter.com/2/problems/resource-not-found") }
            return Answer(status: 200, body: endpoint == .likes ? #"{"data":{"liked":true}}"# : #"{"data":{"retweeted":true}}"#)
        case .directMessages:
            let participant = segments[2]
            guard let text = parameters["text"] as? String, !text.isEmpty else { throw .invalid("text", "The `text` field is required.") }
            guard followers.contains(participant) || openDirectMessages.contains(participant) || conversations.contains(participant) else {
                throw .directMessagesClosed
            }
            let id = nextID()
            let pair = [account, participant].sorted { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }
            return Answer(status: 201, body: XJSON.string(["data": ["dm_conversation_id": pair.joined(separator: "-"), "dm_event_id": id]]),
                          activities: echoes ? [.ownDirectMessage(id: id, recipient: participant, text: text)] : [])
        case .users:
            let id = segments[1] == "me" ? account : segments[1]
            guard id == account else {
                let error: [String: Any] = ["value": id, "detail": "Could not find user with id: [\(id)].", "title": "Not Found Error",
                                            "resource_type": "user", "parameter": "id", "resource_id": id,
                                            "type": "https://api.twitter.com/2/problems/resource-not-found"]
                return Answer(status: 200, body: XJSON.string(["errors": [error]]))
            }
            return Answer(status: 200, body: XJSON.string(["data": ["id": account, "name": "Acme Support", "username": XActivity.handle]]))
        case .streamRules:
            // Answered by `streamRules` before this (they need the app's token, the query and the clock).
            throw .notPermitted
        }
    }
}

/// What X delivers through Account Activity after the account acted: its own tweet or DM.
enum XActivity: Sendable, Equatable {
    case ownTweet(id: String, text: String, inReplyTo: String?, replyToUser: String?)
    case ownDirectMessage(id: String, recipient: String, text: String)

    /// The account's handle in the sandbox.
    static let handle = "acmesupport"
}
