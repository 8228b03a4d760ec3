import Foundation

/// What the sandbox remembers: every API call made to it, the failure mode tests switch on, the answers already
/// given per idempotency key (so a retried send is answered once, as real platforms do where they support keys),
/// its clock (injectable, and movable so tests can let messaging windows close), and Meta's side of the world.
public actor SandboxState {
    public struct RecordedCall: Codable, Sendable, Equatable {
        public var sequence: Int
        public var method: String
        public var path: String
        /// The query string, when there was one (Graph reads often carry their parameters there).
        public var query: String?
        public var headers: [String: String]
        public var body: String
        /// True when the call repeated an idempotency key and was answered from memory.
        public var replayed: Bool
        public var status: Int
        /// The body the sandbox answered with (empty for downloads).
        public var response: String
    }

    /// How the next API calls fail.
    public enum FailureMode: Codable, Sendable, Equatable {
        case none
        case serverError(status: Int)
        case rateLimited(resetAfterSeconds: Int)
        case timeout(seconds: Double)
        case permanent(status: Int, body: String)
        /// One of Graph's throttling errors (codes 4, 17, 32, 613, 80007, 130429, 131056) in Graph's own shape:
        /// HTTP 400, no `Retry-After`.
        case graphRateLimit(code: Int)
    }

    /// A webhook the sandbox delivered to Parley: generated traffic, or an echo or status after a call.
    public struct Delivery: Codable, Sendable, Equatable {
        public var sequence: Int
        public var kind: String
        /// Parley's HTTP status; 0 when Parley could not be reached.
        public var status: Int
    }

    /// A call as it reached the sandbox, with what the Meta side needs to answer it.
    struct Call: Sendable {
        var method: String
        var path: String
        var query: String?
        var headers: [String: String]
        var body: String
        var sandboxURL: String
        var accounts: SandboxServer.Accounts
        var parleyURL: String?
        /// The body's bytes (`body` is their UTF-8 reading, lossy for a file).
        var rawBody = Data()
    }

    struct Answer: Sendable {
        var mode: FailureMode
        var status: Int
        var body: String
        var headers: [String: String] = [:]
        var followUps: [MetaFollowUp] = []
        /// X: the account's own tweets and DMs, delivered back through Account Activity.
        var xActivities: [XActivity] = []
    }

    private(set) var calls: [RecordedCall] = []
    private(set) var deliveries: [Delivery] = []
    private var failure: FailureMode = .none
    private var failuresLeft: Int?
    private var answers: [String: (status: Int, body: String)] = [:]
    private var nextMessage = 0
    private let clock: @Sendable () -> Date
    private var clockOffset: TimeInterval = 0
    var meta = MetaWorld()
    var x = XWorld()
    /// Open filtered-stream connections (`SandboxState+XStream.swift`); kept apart from `x` so a reset of X's
    /// state does not orphan them.
    var xStreams = XStreamConnections()
    var line = LineWorld()

    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        clock = now
    }

    /// The sandbox's time: the injected clock, moved by `advanceClock(by:)`.
    public func now() -> Date { clock() + clockOffset }

    /// Moves the sandbox's clock (never Parley's), e.g. 25 hours on to close a 24 h window; returns the new time.
    @discardableResult
    public func advanceClock(by seconds: TimeInterval) -> Date {
        clockOffset += seconds
        return now()
    }

    /// Sets the sandbox's clock to `date` from now on (it keeps running from there).
    @discardableResult
    public func setClock(to date: Date) -> Date {
        clockOffset = date.timeIntervalSince(clock())
        return now()
    }

    /// Where Parley takes webhooks, for a sandbox started before Parley's port was known (tests): echoes go there.
    public private(set) var parleyURL: String?

    public func setParleyURL(_ url: String?) { parleyURL = url }

    public func setFailure(_ mode: FailureMode, count: Int?) {
        failure = mode
        failuresLeft = count
    }

    public func recordedCalls() -> [RecordedCall] { calls }

    public func deliveredWebhooks() -> [Delivery] { deliveries }

    func noteDelivery(_ kind: String, status: Int) {
        deliveries.append(Delivery(sequence: deliveries.count + 1, kind: kind, status: status))
    }

    public func reset() {
        calls = []
        deliveries = []
        answers = [:]
        failure = .none
        failuresLeft = nil
    }

    /// Decides the answer to one API call and records it. Injected failures come first; then Graph endpoints
    /// answer as Meta would; anything else gets the generic answer other platforms' tests rely on.
    func answer(_ call: Call) -> Answer {
        // LINE ignores `Idempotency-Key`; its own retry key is LINE's world's to judge (409 on a repeat).
        let isLine = call.path.hasPrefix("/v2/bot/")
        let key = isLine ? nil : call.headers["idempotency-key"]
        if let key, let previous = answers[key] {
            record(call, replayed: true, status: previous.status, response: previous.body)
            return Answer(mode: .none, status: previous.status, body: previous.body)
        }
        let mode = currentFailure()
        var answer: Answer
        switch mode {
        case .none, .timeout:
            // A timed-out call still does its work: the answer is what gets lost, as on a real network.
            var request = GraphRequest(method: call.method, path: call.path, query: call.query, headers: call.headers, body: call.body,
                                       sandboxURL: call.sandboxURL)
            request.rawBody = call.rawBody
            let context = GraphContext(now: now(), accounts: call.accounts, parleyURL: call.parleyURL)
            if let answered = x.answer(method: call.method, path: call.path, query: call.query, headers: call.headers, body: call.body,
                                       account: call.accounts.xAccount, now: now()) {
                answer = Answer(mode: mode, status: answered.status, body: answered.body, headers: answered.headers,
                                xActivities: answered.activities)
            } else if isLine, let line = line.answer(method: call.method, path: call.path, headers: call.headers, body: call.body, now: now(),
                                              accounts: call.accounts, parleyURL: call.parleyURL) {
                answer = Answer(mode: mode, status: line.status, body: line.body, headers: line.headers)
            } else if let graph = meta.answer(request, context) {
                answer = Answer(mode: mode, status: graph.status, body: graph.body, headers: graph.headers, followUps: graph.followUps)
            } else {
                answer = Answer(mode: mode, status: 200, body: genericAnswer(call))
            }
            if let key, answer.status == 200 { answers[key] = (200, answer.body) }
        case .serverError(let status):
            answer = Answer(mode: mode, status: status, body: #"{"error":{"message":"(#2) Service temporarily unavailable","code":2}}"#)
        case .rateLimited:
            answer = Answer(mode: mode, status: 429, body: #"{"error":{"message":"(#613) Calls to this API have exceeded the rate limit.","code":613}}"#)
        case .permanent(let status, let body):
            answer = Answer(mode: mode, status: status, body: body)
        case .graphRateLimit(let code):
            let error = GraphError.rateLimit(code: code) ?? GraphError(message: "(#\(code)) Rate limit", code: code)
            answer = Answer(mode: mode, status: error.status, body: error.body(trace: meta.ids.trace()), headers: error.headers)
        }
        record(call, replayed: false, status: answer.status, response: answer.body)
        return answer
    }

    /// LINE and the open channel: a created message's id.
    private func genericAnswer(_ call: Call) -> String {
        nextMessage += 1
        let id = "sbx-\(nextMessage)"
        return #"{"id":"\#(id)","message_id":"\#(id)"}"#
    }

    /// A stable 16-digit page-scoped id for the author of a comment (FNV-1a of its id): Meta answers a private
    /// reply with the commenter's Messenger PSID, and the same comment must always reach the same person.
    public static func psid(forComment comment: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in comment.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(1_000_000_000_000_000 + hash % 9_000_000_000_000_000)
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

    func record(_ call: Call, replayed: Bool, status: Int, response: String) {
        calls.append(RecordedCall(sequence: calls.count + 1, method: call.method, path: call.path, query: call.query,
                                  headers: call.headers, body: call.body, replayed: replayed, status: status, response: response))
    }
}
