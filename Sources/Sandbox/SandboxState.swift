import Foundation

/// What the sandbox remembers: every API call made to it, the failure mode tests switch on, and the answers
/// already given per idempotency key (so a retried send is answered once, as real platforms do where they
/// support keys).
public actor SandboxState {
    public struct RecordedCall: Codable, Sendable, Equatable {
        public var sequence: Int
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: String
        /// True when the call repeated an idempotency key and was answered from memory.
        public var replayed: Bool
        public var status: Int
    }

    /// How the next API calls fail.
    public enum FailureMode: Codable, Sendable, Equatable {
        case none
        case serverError(status: Int)
        case rateLimited(resetAfterSeconds: Int)
        case timeout(seconds: Double)
        case permanent(status: Int, body: String)
    }

    private(set) var calls: [RecordedCall] = []
    private var failure: FailureMode = .none
    private var failuresLeft: Int?
    private var answers: [String: (status: Int, body: String)] = [:]
    private var nextMessage = 0

    public init() {}

    public func setFailure(_ mode: FailureMode, count: Int?) {
        failure = mode
        failuresLeft = count
    }

    public func recordedCalls() -> [RecordedCall] { calls }

    public func reset() {
        calls = []
        answers = [:]
        failure = .none
        failuresLeft = nil
    }

    /// Decides the answer to one API call and records it.
    func answer(method: String, path: String, headers: [String: String], body: String) -> (FailureMode, Int, String) {
        let key = headers["idempotency-key"] ?? headers["x-line-retry-key"]
        if let key, let previous = answers[key] {
            record(method, path, headers, body, replayed: true, status: previous.status)
            return (.none, previous.status, previous.body)
        }
        let mode = currentFailure()
        switch mode {
        case .none, .timeout:
            // A timed-out call still creates the message: the answer is what gets lost, as on a real network.
            let response: String
            if let action = Self.actionAnswer(method: method, path: path) {
                response = action
            } else {
                nextMessage += 1
                let id = "sbx-\(nextMessage)"
                response = #"{"id":"\#(id)","message_id":"\#(id)","recipient_id":"\#(Self.recipientID(body: body))"}"#
            }
            if let key { answers[key] = (200, response) }
            record(method, path, headers, body, replayed: false, status: 200)
            return (mode, 200, response)
        case .serverError(let status):
            record(method, path, headers, body, replayed: false, status: status)
            return (mode, status, #"{"error":{"message":"(#2) Service temporarily unavailable","code":2}}"#)
        case .rateLimited:
            record(method, path, headers, body, replayed: false, status: 429)
            return (mode, 429, #"{"error":{"message":"(#613) Calls to this API have exceeded the rate limit.","code":613}}"#)
        case .permanent(let status, let body):
            record(method, path, headers, body, replayed: false, status: status)
            return (mode, status, body)
        }
    }

    /// Meta's Send API answers with the recipient's page-scoped id: the one addressed, or for a private reply
    /// (addressed by `comment_id` or `post_id`) the commenter's PSID, which the sandbox derives from the comment
    /// so the same comment always reaches the same person (`psid(forComment:)`).
    static func recipientID(body: String) -> String {
        let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        let recipient = object?["recipient"] as? [String: Any]
        if let id = recipient?["id"] as? String { return id }
        if let comment = (recipient?["comment_id"] ?? recipient?["post_id"]) as? String { return psid(forComment: comment) }
        return "sandbox"
    }

    /// A stable 16-digit page-scoped id for the author of a comment (FNV-1a of its id).
    public static func psid(forComment comment: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in comment.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(1_000_000_000_000_000 + hash % 9_000_000_000_000_000)
    }

    /// Likes and retweets answer as the platforms do (platforms.md §2.5, §5): Graph `{"success": true}`, X v2
    /// `{"data": {"liked": true}}` / `{"data": {"retweeted": true}}` — no id, nothing was created to address.
    static func actionAnswer(method: String, path: String) -> String? {
        guard method == "POST" else { return nil }
        let isX = path.hasPrefix("/2/")
        if path.hasSuffix("/likes") { return isX ? #"{"data":{"liked":true}}"# : #"{"success":true}"# }
        if path.hasSuffix("/retweets"), isX { return #"{"data":{"retweeted":true}}"# }
        return nil
    }

    private func currentFailure() -> FailureMode {
        guard failure != .none else { return .none }
        if let left = failuresLeft {
            if left <= 0 {
                failure = .none
                failuresLeft = nil
                return .none
            }
            failuresLeft = left - 1
        }
        return failure
    }

    private func record(_ method: String, _ path: String, _ headers: [String: String], _ body: String, replayed: Bool, status: Int) {
        calls.append(RecordedCall(sequence: calls.count + 1, method: method, path: path, headers: headers, body: body,
                                  replayed: replayed, status: status))
    }
}
