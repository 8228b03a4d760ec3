import Domain
import Foundation
import Logging
import Metrics
import Storage
import Synchronization
import Testing

@testable import Connectors

/// A sender that answers from a script, recording each dispatch.
final class ScriptedSender: PlatformSender {
    private let state: Mutex<(script: [SendOutcome], calls: [OutboxDispatch])>

    init(_ script: [SendOutcome]) { state = Mutex((script, [])) }

    func send(_ dispatch: OutboxDispatch) async -> SendOutcome {
        state.withLock { state in
            state.calls.append(dispatch)
            return state.script.isEmpty ? .sent(platformMessageID: "default") : state.script.removeFirst()
        }
    }

    var calls: [OutboxDispatch] { state.withLock { $0.calls } }
}

struct DenyingPolicy: SendPolicy {
    func evaluate(_ dispatch: OutboxDispatch, now: Date) async -> PolicyDecision { .deny(reason: "24-hour window closed") }
}

@Suite struct OutboxTests {
    let clock = ManualClock()
    let channel = ChannelKey(kind: .messenger, accountID: "page-1")

    func makeStore() throws -> SQLiteStore {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString).sqlite").path
        return try SQLiteStore(path: path)
    }

    func worker(_ store: SQLiteStore, _ sender: ScriptedSender, policy: any SendPolicy = AllowAllPolicy()) -> OutboxWorker {
        OutboxWorker(store: store, sender: sender, policy: policy, schedule: RetrySchedule(base: 2, cap: 60, random: { 1 }),
                     clock: clock, metrics: NOOPMetricsHandler.instance, logger: Logger(label: "test"))
    }

    func enqueue(_ store: SQLiteStore, key: String = "reply-1", retryFor seconds: TimeInterval = 3600) async throws -> OutboxItem {
        try await store.enqueue(NewOutboxItem(channel: channel, idempotencyKey: key,
                                              request: OutboundRequest(path: "/me/messages", body: Data(#"{"text":"hi"}"#.utf8)),
                                              createdAt: clock.now(), deadline: clock.now() + seconds))
    }

    @Test func retryableFailuresBackOffExponentiallyThenSucceedOnce() async throws {
        let store = try makeStore()
        let sender = ScriptedSender([.retryable(reason: "HTTP 503"), .retryable(reason: "HTTP 503"), .sent(platformMessageID: "m_1")])
        let worker = worker(store, sender)
        let item = try await enqueue(store)

        #expect(try await worker.processDue() == 1)
        #expect(try await store.outboxItem(item.id)?.nextAttemptAt == clock.now() + 2)
        #expect(try await worker.processDue() == 0, "nothing is due before the backoff elapses")
        clock.advance(by: 2)
        #expect(try await worker.processDue() == 1)
        #expect(try await store.outboxItem(item.id)?.nextAttemptAt == clock.now() + 4)
        clock.advance(by: 4)
        #expect(try await worker.processDue() == 1)
        let done = try #require(try await store.outboxItem(item.id))
        #expect(done.state == .sent)
        #expect(done.platformMessageID == "m_1")
        #expect(done.attempts == 3)
        clock.advance(by: 3600)
        #expect(try await worker.processDue() == 0, "a sent item is never sent again")
        #expect(sender.calls.count == 3)
        #expect(Set(sender.calls.map(\.idempotencyKey)) == ["reply-1"])
        let events = try await store.events(after: 0, limit: 10).map(\.event.type)
        #expect(events == [.outboundSent])
    }

    @Test func permanentFailuresFailAtOnceWithTheReason() async throws {
        let store = try makeStore()
        let sender = ScriptedSender([.permanent(reason: "HTTP 400: (#100) No matching user found (code 100)")])
        let item = try await enqueue(store)
        try await worker(store, sender).processDue()
        let failed = try #require(try await store.outboxItem(item.id))
        #expect(failed.state == .failed)
        #expect(failed.lastError?.contains("No matching user") == true)
        #expect(try await store.events(after: 0, limit: 10).map(\.event.type) == [.outboundFailed])
    }

    @Test func rateLimitedWaitsUntilThePlatformsResetPlusJitter() async throws {
        let store = try makeStore()
        let reset = clock.now() + 90
        let sender = ScriptedSender([.rateLimited(until: reset, reason: "HTTP 429"), .sent(platformMessageID: "x1")])
        let worker = worker(store, sender)
        let item = try await enqueue(store)
        try await worker.processDue()
        // The schedule's random source is pinned to 1: the whole 5 s of jitter.
        let waiting = try #require(try await store.outboxItem(item.id))
        #expect(waiting.nextAttemptAt == reset + 5)
        #expect(waiting.lastError?.hasSuffix("rate limit") == true, "what the agent is shown while it waits")
        #expect(try await store.pendingRetries(of: []).isEmpty)
        clock.advance(by: 94)
        #expect(try await worker.processDue() == 0)
        clock.advance(by: 1)
        #expect(try await worker.processDue() == 1)
        #expect(try await store.outboxItem(item.id)?.state == .sent)
    }

    @Test func retriesStopWhenTheChannelsRetryDurationIsExceeded() async throws {
        let store = try makeStore()
        let sender = ScriptedSender(Array(repeating: .retryable(reason: "timeout"), count: 10))
        let worker = worker(store, sender)
        let item = try await enqueue(store, retryFor: 10)
        for _ in 0..<5 {
            try await worker.processDue()
            clock.advance(by: 8)
        }
        let failed = try #require(try await store.outboxItem(item.id))
        #expect(failed.state == .failed)
        #expect(failed.lastError?.contains("retry duration exceeded") == true)
        #expect(sender.calls.count == 2, "attempts at t=0 and t=8 s; the next (t=12 s) would pass the 10 s deadline")
    }

    @Test func thePolicyHookCanRefuseASendBeforeAnyCall() async throws {
        let store = try makeStore()
        let sender = ScriptedSender([])
        let item = try await enqueue(store)
        try await worker(store, sender, policy: DenyingPolicy()).processDue()
        #expect(sender.calls.isEmpty)
        let denied = try #require(try await store.outboxItem(item.id))
        #expect(denied.state == .denied)
        #expect(denied.lastError == "24-hour window closed")
    }

    @Test func enqueuingTheSameIdempotencyKeyTwiceKeepsOneItem() async throws {
        let store = try makeStore()
        let first = try await enqueue(store, key: "same")
        let second = try await enqueue(store, key: "same")
        #expect(first.id == second.id)
        #expect(try await store.outboxStatistics().pending == 1)
    }

    @Test func anItemClaimedByAWorkerThatDiedIsRetriedAfterItsLeaseWithTheSameKey() async throws {
        let store = try makeStore()
        let item = try await enqueue(store)
        let claimed = try await store.claimDue(now: clock.now(), limit: 10, lease: 60)
        #expect(claimed.map(\.id) == [item.id])
        // The worker "dies" here. Until the lease ends, nobody else takes it.
        #expect(try await store.claimDue(now: clock.now() + 59, limit: 10, lease: 60).isEmpty)
        let sender = ScriptedSender([.sent(platformMessageID: "m_9")])
        clock.advance(by: 60)
        #expect(try await worker(store, sender).processDue() == 1)
        #expect(sender.calls.map(\.idempotencyKey) == ["reply-1"])
        #expect(sender.calls.first?.attempt == 2)
    }

    @Test func backoffHasJitterWithinHalfToFullAndACap() {
        let low = RetrySchedule(base: 2, cap: 60, random: { 0 })
        let high = RetrySchedule(base: 2, cap: 60, random: { 1 })
        #expect(low.delay(afterAttempts: 1) == 1)
        #expect(high.delay(afterAttempts: 1) == 2)
        #expect(high.delay(afterAttempts: 4) == 16)
        #expect(high.delay(afterAttempts: 20) == 60)
        #expect(low.delay(afterAttempts: 20) == 30)
    }
}

@Suite struct ResponseClassifierTests {
    let now = Date(timeIntervalSince1970: 1_000)

    @Test func successReturnsThePlatformMessageID() {
        #expect(ResponseClassifier.classify(status: 200, headers: [], body: Data(#"{"recipient_id":"1","message_id":"m_1"}"#.utf8), now: now)
            == .sent(platformMessageID: "m_1", recipientID: "1"))
        #expect(ResponseClassifier.classify(status: 200, headers: [], body: Data(#"{"messages":[{"id":"wamid.1"}]}"#.utf8), now: now)
            == .sent(platformMessageID: "wamid.1"))
        #expect(ResponseClassifier.classify(status: 200, headers: [], body: Data(#"{"sentMessages":[{"id":"77"}]}"#.utf8), now: now)
            == .sent(platformMessageID: "77"))
    }

    @Test func rateLimitsUseRetryAfterOrTheResetHeader() {
        #expect(ResponseClassifier.classify(status: 429, headers: [("Retry-After", "30")], body: Data(), now: now)
            == .rateLimited(until: now + 30, reason: "HTTP 429"))
        #expect(ResponseClassifier.classify(status: 429, headers: [("x-rate-limit-reset", "2000")], body: Data(), now: now)
            == .rateLimited(until: Date(timeIntervalSince1970: 2000), reason: "HTTP 429"))
    }

    @Test func graphErrorCodesDecideBetweenRetryAndPermanent() {
        func classify(_ code: Int) -> SendOutcome {
            ResponseClassifier.classify(status: 400, headers: [], body: Data(#"{"error":{"message":"m","code":\#(code)}}"#.utf8), now: now)
        }
        guard case .rateLimited = classify(613) else { Issue.record("613 is a rate limit"); return }
        guard case .retryable = classify(2) else { Issue.record("2 is temporary"); return }
        guard case .permanent = classify(10) else { Issue.record("10 is outside the window"); return }
        guard case .unauthorized = classify(190) else { Issue.record("190 is an invalid token: the channel's health must hear of it"); return }
        guard case .unauthorized = ResponseClassifier.classify(status: 401, headers: [], body: Data(), now: now) else {
            Issue.record("401 refuses the credential"); return
        }
        guard case .retryable = ResponseClassifier.classify(status: 503, headers: [], body: Data(), now: now) else {
            Issue.record("503 is retryable"); return
        }
    }
}
