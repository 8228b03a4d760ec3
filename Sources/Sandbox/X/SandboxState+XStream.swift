import Foundation

/// What the sandbox writes on an open filtered-stream connection.
enum XStreamFrame: Sendable, Equatable {
    case bytes([UInt8])
    /// One line in two chunks, a moment apart so they go out as separate TCP segments (nothing between them).
    case split([UInt8], [UInt8])
    /// These bytes (half a line), then the connection cut where it is.
    case cutAfter([UInt8])
    /// End the response as X does after an in-band error.
    case end
    /// No keep-alives for this long: the connection goes quiet, as a stalled one does.
    case silence(TimeInterval)
}

struct XStreamConnections: Sendable {
    var open: [Int: AsyncStream<XStreamFrame>.Continuation] = [:]
    var opened = 0
}

/// The filtered stream's connections and the tweets published to them (platforms.md §5.5).
extension SandboxState {
    enum XStreamOpening: Sendable {
        case refused(status: Int, body: String)
        case opened(id: Int, frames: AsyncStream<XStreamFrame>, keepAlive: TimeInterval)
    }

    /// A connection to `GET /2/tweets/search/stream`, recorded like any call: 401 without an app bearer token,
    /// 429 `TooManyConnections` while another is open (X allows one per app on most access levels).
    func openXStream(_ call: Call) -> XStreamOpening {
        let refusal: (Int, String)?
        if !XWorld.bearer(call.headers["authorization"], accepted: x.appBearers) {
            refusal = (401, XProblem.unauthorized.body)
        } else if !xStreams.open.isEmpty {
            refusal = (429, XProblem.tooManyConnections.body)
        } else {
            refusal = nil
        }
        if let (status, body) = refusal {
            record(call, replayed: false, status: status, response: body)
            return .refused(status: status, body: body)
        }
        record(call, replayed: false, status: 200, response: "")
        xStreams.opened += 1
        let id = xStreams.opened
        let (frames, continuation) = AsyncStream.makeStream(of: XStreamFrame.self)
        xStreams.open[id] = continuation
        return .opened(id: id, frames: frames, keepAlive: x.streamKeepAlive)
    }

    func closeXStream(_ id: Int) {
        xStreams.open.removeValue(forKey: id)?.finish()
    }

    /// How many stream connections are open now.
    public func openXStreamCount() -> Int { xStreams.open.count }

    /// Publishes a tweet: it goes, as one stream line with the rules it matched, to every open connection when it
    /// matches a rule. `split` sends the line in two chunks; `disconnect` follows it with an
    /// `operational-disconnect` error line and ends the stream, or (`mid_line`) cuts the connection halfway
    /// through the line, so the tweet is not delivered.
    func publishXStreamTweet(_ command: SandboxServer.XStreamPublish) -> SandboxServer.XStreamPublished {
        let id = command.id ?? x.nextID()
        let author = command.author_id ?? "1850000000000000555"
        let matched = x.streamRules.matching(XRuleMatcher.Tweet(text: command.text, isRetweet: command.retweet ?? false))
        x.tweets[id] = XWorld.Tweet(author: author, text: command.text)
        guard !matched.isEmpty else { return .init(id: id, matching_rules: [], connections: 0) }
        var data: [String: Any] = ["id": id, "text": command.text, "author_id": author, "edit_history_tweet_ids": [id],
                                   "created_at": XStreamRulesBook.timestamp(now()), "conversation_id": command.conversation_id ?? command.in_reply_to ?? id]
        if let answered = command.in_reply_to {
            data["referenced_tweets"] = [["type": "replied_to", "id": answered]]
            if let user = x.tweets[answered]?.author { data["in_reply_to_user_id"] = user }
        }
        if command.retweet == true { data["referenced_tweets"] = [["type": "retweeted", "id": x.nextID()]] }
        let user: [String: Any] = ["id": author, "username": command.username ?? "customer_\(author.suffix(4))",
                                   "name": command.name ?? "Customer \(author.suffix(4))"]
        let line: [String: Any] = ["data": data, "includes": ["users": [user]],
                                   "matching_rules": matched.map { rule -> [String: Any] in
                                       var entry: [String: Any] = ["id": rule.id]
                                       entry["tag"] = rule.tag
                                       return entry
                                   }]
        let bytes = Array((XJSON.string(line) + "\r\n").utf8)
        var frames: [XStreamFrame]
        switch command.disconnect {
        case "mid_line":
            frames = [.cutAfter(Array(bytes.prefix(bytes.count / 2)))]
        case "operational":
            let error: [String: Any] = ["errors": [["title": "operational-disconnect", "disconnect_type": "OperationalDisconnect",
                                                    "detail": "This stream has been disconnected for operational reasons.",
                                                    "type": "https://api.twitter.com/2/problems/operational-disconnect"]]]
            frames = [.bytes(bytes), .bytes(Array((XJSON.string(error) + "\r\n").utf8)), .end]
        default:
            frames = command.split == true ? [.split(Array(bytes.prefix(bytes.count / 2)), Array(bytes.dropFirst(bytes.count / 2)))] : [.bytes(bytes)]
        }
        for continuation in xStreams.open.values {
            for frame in frames { continuation.yield(frame) }
        }
        return .init(id: id, matching_rules: matched.map { $0.tag ?? $0.id }, connections: xStreams.open.count)
    }

    /// Stream settings and rules set by a control call: keep-alive interval, accepted app tokens, and rules put
    /// straight into the app (as if another tool of the same app had added them).
    func configureXStream(_ command: SandboxServer.XStreamSettings) throws(XRuleSyntaxError) -> [String] {
        if let keepAlive = command.keep_alive { x.streamKeepAlive = max(0.01, keepAlive) }
        if let bearers = command.app_bearers { x.appBearers = Set(bearers) }
        var ids: [String] = []
        for rule in command.rules ?? [] { ids.append(try x.streamRules.put(value: rule.value, tag: rule.tag).id) }
        return ids
    }

    /// Makes every open connection go quiet (no keep-alive) for `seconds`, as a stalled stream does.
    func silenceXStreams(for seconds: TimeInterval) -> Int {
        for continuation in xStreams.open.values { continuation.yield(.silence(seconds)) }
        return xStreams.open.count
    }

    /// The rules X holds now, as `(id, value, tag)`.
    public func xStreamRules() -> [(id: String, value: String, tag: String?)] {
        x.streamRules.rules.map { ($0.id, $0.value, $0.tag) }
    }
}
