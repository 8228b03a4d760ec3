import AsyncHTTPClient
import Connectors
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import Sandbox
import Storage
import Testing

/// The outbox against the sandbox's failure modes, over real HTTP.
@Suite struct SandboxOutboxTests {
    let clock = ManualClock()

    /// The sender waits 5 s and the sandbox's slow answer takes 8: far enough apart that a loaded CI machine neither
    /// times out an ordinary send nor gets the slow answer in time.
    func run(_ body: @Sendable (SandboxServer, OutboxWorker, SQLiteStore) async throws -> Void) async throws {
        let sandbox = SandboxServer(secrets: [:], parleyURL: nil)
        let app = Application(router: sandbox.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let store = try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("sbx-\(UUID().uuidString).sqlite").path)
            let sender = HTTPPlatformSender(client: .shared, baseURLs: [.messenger: "http://127.0.0.1:\(port)"], timeout: .seconds(5), clock: clock)
            let worker = OutboxWorker(store: store, sender: sender, schedule: RetrySchedule(base: 1, cap: 10, random: { 1 }),
                                      clock: clock, metrics: NOOPMetricsHandler.instance, logger: Logger(label: "test"))
            try await body(sandbox, worker, store)
        }
    }

    func enqueue(_ store: SQLiteStore, key: String) async throws -> Int64 {
        try await store.enqueue(NewOutboxItem(
            channel: ChannelKey(kind: .messenger, accountID: "page"), idempotencyKey: key,
            request: OutboundRequest(path: "/v21.0/me/messages", body: Data(#"{"recipient":{"id":"1"},"message":{"text":"hi"}}"#.utf8)),
            createdAt: clock.now(), deadline: clock.now() + 600)).id
    }

    @Test func serverErrorsAreRetriedAndTheMessageIsDeliveredOnce() async throws {
        try await run { sandbox, worker, store in
            await sandbox.state.setFailure(.serverError(status: 503), count: 2)
            let id = try await enqueue(store, key: "reply-a")
            for _ in 0..<3 {
                try await worker.processDue()
                clock.advance(by: 10)
            }
            let item = try #require(try await store.outboxItem(id))
            #expect(item.state == .sent)
            #expect(item.platformMessageID?.hasPrefix("m_") == true, "a Messenger message id, as the Send API answers")
            let calls = await sandbox.state.recordedCalls()
            #expect(calls.map(\.status) == [503, 503, 200])
            #expect(calls.allSatisfy { $0.headers["idempotency-key"] == "reply-a" })
        }
    }

    @Test func rateLimitsWaitForTheSandboxesReset() async throws {
        try await run { sandbox, worker, store in
            await sandbox.state.setFailure(.rateLimited(resetAfterSeconds: 120), count: 1)
            let id = try await enqueue(store, key: "reply-b")
            try await worker.processDue()
            let waiting = try #require(try await store.outboxItem(id))
            #expect(waiting.state == .pending)
            #expect(waiting.nextAttemptAt > clock.now() + 120 && waiting.nextAttemptAt <= clock.now() + 125, "the reset plus jitter")
            #expect(waiting.lastError?.contains("rate limit") == true)
        }
    }

    @Test func permanentErrorsFailWithThePlatformsReason() async throws {
        try await run { sandbox, worker, store in
            await sandbox.state.setFailure(.permanent(status: 400, body: #"{"error":{"message":"(#10) This message is sent outside of allowed window.","code":10,"error_subcode":2018278}}"#), count: 1)
            let id = try await enqueue(store, key: "reply-c")
            try await worker.processDue()
            let failed = try #require(try await store.outboxItem(id))
            #expect(failed.state == .failed)
            #expect(failed.lastError?.contains("outside of allowed window") == true)
        }
    }

    @Test func aTimedOutSendIsRetriedWithTheSameKeyAndTheSandboxAnswersItOnce() async throws {
        try await run { sandbox, worker, store in
            let id = try await enqueue(store, key: "reply-d")
            // The sandbox creates the message but answers too late; the retry carries the same key and must not
            // create a second message.
            await sandbox.state.setFailure(.timeout(seconds: 8), count: 1)
            try await worker.processDue()
            #expect(try await store.outboxItem(id)?.state == .pending)
            clock.advance(by: 10)
            try await worker.processDue()
            #expect(try await store.outboxItem(id)?.state == .sent)
            let calls = await sandbox.state.recordedCalls()
            #expect(calls.map(\.replayed) == [false, true], "the retry was answered from the first call's result")
            let platformID = try #require(try await store.outboxItem(id)?.platformMessageID)
            #expect(calls.first?.response.contains(#""message_id":"\#(platformID)""#) == true, "the id the first call created")
        }
    }

    @Test func aLikeIsAnsweredAsThePlatformAnswersItAndCountsAsSent() async throws {
        try await run { sandbox, worker, store in
            // Sent through the Messenger base URL the harness points at the sandbox (both are the Graph API).
            let like = try ActionComposer.compose(.like, on: ChannelKey(kind: .facebookPage, accountID: "page"), object: "page_244445617083583")
            let id = try await store.enqueue(NewOutboxItem(channel: ChannelKey(kind: .messenger, accountID: "page"), idempotencyKey: "like-1",
                                                           request: like, createdAt: clock.now(), deadline: clock.now() + 600)).id
            try await worker.processDue()
            let item = try #require(try await store.outboxItem(id))
            #expect(item.state == .sent && item.platformMessageID == nil, "nothing was created, so there is no id")
            let call = try #require(await sandbox.state.recordedCalls().first)
            #expect(call.path == "/page_244445617083583/likes" && call.status == 200)
        }
    }
}
