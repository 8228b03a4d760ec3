import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// Meta misbehaving, end to end: while the Graph API fails every call the reply waits and is delivered exactly
/// once afterwards; a token Meta says has expired fails the reply with the reason and shows on the channel's health.
@Suite struct MetaSurfaceFailureTests {
    typealias World = MetaSurfaceWorld

    @Test func whileMetaIsDownTheReplyIsRetriedWithOneKeyAndDeliveredOnce() async throws {
        let clock = ManualClock(Date())
        try await World.run(clock: clock) { world in
            try await world.traffic(#"{"source": "meta"}"#)
            let id = try await world.accept(channel: "dm", thread: "conversation:")
            try await world.control(.put, "/_sandbox/failure", #"{"mode": "server_error"}"#)
            let reply = try await world.reply(id, "We are checking with the warehouse.")
            #expect(reply.status == .created, "\(reply.text)")
            let messageID = Message.ID(try #require(try reply.json()["id"] as? String))

            // Three attempts fail; the backoff between them passes on Parley's clock.
            let path = "/\(World.page)/messages"
            for _ in 0..<200 where await world.calls(path: path).count < 3 {
                clock.advance(by: 60)
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await world.store.message(messageID)?.deliveryStatus == .pending, "still waiting while Meta is down")
            try await world.control(.put, "/_sandbox/failure", #"{"mode": "none"}"#)
            var message = try await world.store.message(messageID)
            for _ in 0..<200 where message?.deliveryStatus != .sent {
                clock.advance(by: 60)
                try await Task.sleep(for: .milliseconds(50))
                message = try await world.store.message(messageID)
            }
            #expect(message?.deliveryStatus == .sent && message?.platformMessageID?.hasPrefix("m_") == true, "\(String(describing: message))")

            let calls = await world.calls(path: path)
            #expect(calls.count >= 4 && calls.filter { $0.status == 200 }.count == 1, "\(calls.map(\.status))")
            #expect(calls.dropLast().allSatisfy { $0.status == 503 } && calls.last?.status == 200)
            let keys = Set(calls.map { $0.headers["idempotency-key"] ?? "" })
            #expect(keys.count == 1 && keys.first?.isEmpty == false, "every attempt carries the same idempotency key")
            try await Task.sleep(for: .milliseconds(700))
            #expect(await world.calls(path: path).count == calls.count, "nothing is sent after the success")
        }
    }

    @Test func anExpiredTokenFailsTheReplyAndRaisesTheChannelsCredentialAlert() async throws {
        try await World.run { world in
            try await world.traffic(#"{"source": "meta"}"#)
            let id = try await world.accept(channel: "dm", thread: "conversation:")
            try await world.control(.put, "/_sandbox/meta/mode", #"{"strict": true}"#)
            try await world.control(.put, "/_sandbox/meta/tokens", #"{"expired": ["page-token"]}"#)

            let failed = try await world.replied(id, "Let me check that for you.")
            #expect(failed.deliveryStatus == .failed)
            let reason = failed.failureReason ?? ""
            #expect(reason.contains("access token") && reason.contains("Session has expired"), "\(reason)")
            let call = try #require(await world.calls(path: "/\(World.page)/messages").first)
            #expect(MetaJSON(Data(call.response.utf8))["error"]["code"].int == 190)
            #expect(await world.calls(path: "/\(World.page)/messages").count == 1, "a refused token is not retried")

            let health = try await world.parley.execute(uri: "/api/v1/channels/health", method: .get, headers: world.admin.headers())
            #expect(health.status == .ok, "\(health.text)")
            let channels = MetaJSON(health)["channels"].array
            let dm = channels.first { $0["id"].string == "dm" }
            #expect(dm?["credential"].string == "refused" && dm?["status"].string == "alert", "\(health.text)")
            #expect(channels.first { $0["id"].string == "wa" }?["credential"].string == "ok")
        }
    }
}
