import Foundation

/// LINE's side of the sandbox (platforms.md §6.2): the reply and push endpoints with LINE's answers and errors,
/// the bot's info and webhook endpoint for the channel check. Reply tokens are single use and expire a minute
/// after their webhook (by the sandbox's clock); it learns them from the webhooks it generates, or from a test.
/// A push's `X-Line-Retry-Key` is remembered: a repeat is answered 409 with `x-line-accepted-request-id`.
struct LineWorld {
    struct Token {
        var issuedAt: Date
        var used = false
    }

    /// How long a reply token works after its webhook ("about a minute").
    static let tokenLife: TimeInterval = 60
    static let maxMessages = 5
    static let maxText = 5000

    var replyTokens: [String: Token] = [:]
    /// Accepted retry keys: the request id and `sentMessages` of the push that first carried each.
    var retryKeys: [String: (requestID: String, sent: [[String: String]])] = [:]
    /// Channel access tokens LINE refuses (401). Any other non-empty bearer token is good.
    var invalidTokens: Set<String> = []
    /// What `GET /v2/bot/channel/webhook/endpoint` answers; nil: where the sandbox delivers, active.
    var webhookEndpoint: (url: String, active: Bool)?
    /// What customers sent through LINE, by message id: `GET /v2/bot/message/{id}/content`.
    var content: [String: MediaFile] = [:]
    private var counter = 0

    /// Whether LINE refuses the `Authorization` header's channel token.
    func refuses(authorization: String?) -> Bool {
        let token = authorization.flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil } ?? ""
        return token.isEmpty || invalidTokens.contains(token)
    }

    mutating func learnReplyToken(_ token: String, at: Date) {
        if replyTokens[token] == nil { replyTokens[token] = Token(issuedAt: at) }
    }

    /// The answer to a call on the Messaging API, or nil for any other path.
    mutating func answer(method: String, path: String, headers: [String: String], body: String, now: Date,
                         accounts: SandboxServer.Accounts, parleyURL: String?) -> (status: Int, body: String, headers: [String: String])? {
        guard path.hasPrefix("/v2/bot/") else { return nil }
        let requestID = nextRequestID()
        let endpoint = (parleyURL ?? "https://parley.example.com") + "/webhooks/line" + (accounts.lineChannel.map { "/\($0)" } ?? "")
        var answer = route(method: method, path: path, headers: headers, body: body, now: now, bot: accounts.lineBot, endpoint: endpoint,
                           requestID: requestID)
        answer.headers["x-line-request-id"] = requestID
        return answer
    }

    private mutating func route(method: String, path: String, headers: [String: String], body: String, now: Date, bot: String,
                                endpoint: String, requestID: String) -> (status: Int, body: String, headers: [String: String]) {
        if refuses(authorization: headers["authorization"]) {
            return Self.error(401, "Authentication failed. Confirm that the access token in the authorization header is valid.")
        }
        switch (method, path) {
        case ("GET", "/v2/bot/info"):
            return (200, LineJSON.encode(["userId": bot, "basicId": "@acme-sbx", "displayName": "Acme (sandbox)",
                                           "chatMode": "chat", "markAsReadMode": "manual"]), [:])
        case ("GET", "/v2/bot/channel/webhook/endpoint"):
            let answer = webhookEndpoint ?? (endpoint, true)
            return (200, LineJSON.encode(["endpoint": answer.url, "active": answer.active]), [:])
        case ("POST", "/v2/bot/message/reply"):
            return reply(headers: headers, body: body, now: now)
        case ("POST", "/v2/bot/message/push"):
            return push(headers: headers, body: body, requestID: requestID)
        default:
            return Self.error(404, "Not found")
        }
    }

    private mutating func reply(headers: [String: String], body: String, now: Date) -> (status: Int, body: String, headers: [String: String]) {
        if headers["x-line-retry-key"] != nil {
            return Self.error(400, "The retry key cannot be used with the reply API")
        }
        guard let object = LineJSON.object(body) else { return Self.error(400, "The request body is not valid JSON") }
        if let problem = Self.validate(object["messages"]) { return problem }
        guard let value = object["replyToken"] as? String, var token = replyTokens[value], !token.used,
            now.timeIntervalSince(token.issuedAt) < Self.tokenLife
        else { return Self.error(400, "Invalid reply token") }
        token.used = true
        replyTokens[value] = token
        return (200, LineJSON.encode(["sentMessages": sentMessages(object["messages"])]), [:])
    }

    private mutating func push(headers: [String: String], body: String, requestID: String) -> (status: Int, body: String, headers: [String: String]) {
        let key = headers["x-line-retry-key"]
        if let key {
            guard UUID(uuidString: key) != nil else { return Self.error(400, "The value for the 'X-Line-Retry-Key' header is invalid") }
            if let accepted = retryKeys[key] {
                return (409, LineJSON.encode(["message": "The retry key is already accepted", "sentMessages": accepted.sent]),
                        ["x-line-accepted-request-id": accepted.requestID])
            }
        }
        guard let object = LineJSON.object(body) else { return Self.error(400, "The request body is not valid JSON") }
        guard let to = object["to"] as? String, to.range(of: "^[UCR][0-9a-f]{32}$", options: .regularExpression) != nil else {
            return Self.error(400, "The property, 'to', in the request body is invalid (line: -, column: -)")
        }
        if let problem = Self.validate(object["messages"]) { return problem }
        let sent = sentMessages(object["messages"])
        if let key { retryKeys[key] = (requestID, sent) }
        return (200, LineJSON.encode(["sentMessages": sent]), [:])
    }

    /// 1 to 5 message objects; text ones hold 1 to 5,000 characters (platforms.md §6.2), in LINE's error shape.
    private static func validate(_ messages: Any?) -> (status: Int, body: String, headers: [String: String])? {
        guard let messages = messages as? [[String: Any]], (1...maxMessages).contains(messages.count) else {
            return detailed("Size must be between 1 and \(maxMessages)", property: "messages")
        }
        for (index, message) in messages.enumerated() where message["type"] as? String == "text" {
            let length = (message["text"] as? String)?.utf16.count ?? 0
            if !(1...maxText).contains(length) {
                return detailed("Length must be between 1 and \(maxText)", property: "messages[\(index)].text")
            }
        }
        return nil
    }

    private mutating func sentMessages(_ messages: Any?) -> [[String: String]] {
        ((messages as? [Any]) ?? []).map { _ in ["id": nextMessageID(), "quoteToken": "q\(nextRequestID())"] }
    }

    private mutating func nextMessageID() -> String {
        counter += 1
        return String(590_000_000_000_000_000 + counter)
    }

    private mutating func nextRequestID() -> String {
        counter += 1
        return String(format: "%08x-%04x-4%03x-8%03x-%012x", counter, counter % 0xFFFF, counter % 0xFFF, counter % 0xFFF, counter)
    }

    static func error(_ status: Int, _ message: String) -> (status: Int, body: String, headers: [String: String]) {
        (status, LineJSON.encode(["message": message]), [:])
    }

    static func detailed(_ message: String, property: String) -> (status: Int, body: String, headers: [String: String]) {
        (400, LineJSON.encode(["message": "The request body has 1 error(s)", "details": [["message": message, "property": property]]]), [:])
    }
}

enum LineJSON {
    static func encode(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data(), as: UTF8.self)
    }

    static func object(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }
}
