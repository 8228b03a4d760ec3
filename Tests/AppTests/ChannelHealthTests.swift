import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// A refused token fails the reply with what to do, and raises an alert on the channel's health until a send
/// goes through again.
@Suite struct ChannelHealthTests {
    @Test func aRefusedTokenRaisesAnAlertUntilASendSucceeds() async throws {
        try await SandboxedParley.run(extraConfig: """
            workgroups:
              - {id: support}
              - {id: billing}
            channels:
              - {id: fb, kind: messenger, account_id: "\(ReplyWindowTests.page)", workgroup: support, access_token: page-token}
              - {id: wa, kind: whatsapp, account_id: "106540352242922", access_token: wa-token}
            """) { sandbox, client, store in
            let admin = try await Browser.signIn(client)
            let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            try await ReplyWindowTests.customerWrites(client, mid: "m_h1", from: "1001", at: Date())
            let id = try #require(try await ReplyWindowTests.offered(client, to: ann))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)

            await sandbox.state.setFailure(.permanent(status: 400, body: #"{"error":{"message":"Error validating access token: Session has expired on Tuesday.","type":"OAuthException","code":190,"error_subcode":463}}"#), count: 1)
            let first = try await ReplyWindowTests.reply(client, id, "Let me check.", as: ann)
            let firstID = try #require(try first.json()["id"] as? String)
            var failed: Message?
            for _ in 0..<100 where failed?.deliveryStatus != .failed {
                try await Task.sleep(for: .milliseconds(50))
                failed = try await store.message(.init(firstID))
            }
            #expect(failed?.deliveryStatus == .failed)
            #expect(failed?.failureReason?.contains("renew channels[].access_token") == true, "\(failed?.failureReason ?? "")")

            func health() async throws -> [String: [String: Any]] {
                let list = try await client.execute(uri: "/api/v1/channels/health", method: .get, headers: admin.headers()).json()
                let channels = list["channels"] as? [[String: Any]] ?? []
                return Dictionary(uniqueKeysWithValues: channels.map { ($0["id"] as? String ?? "", $0) })
            }
            var channels = try await health()
            #expect(channels["fb"]?["credential"] as? String == "refused")
            #expect(channels["fb"]?["status"] as? String == "alert")
            #expect((channels["fb"]?["problems"] as? [String])?.first?.contains("Session has expired") == true)
            #expect(channels["fb"]?["lastDeliveryAt"] as? String != nil)
            // The other channel has a token and no traffic: fine, and says so.
            #expect(channels["wa"]?["credential"] as? String == "ok")
            #expect(channels["wa"]?["lastDeliveryAt"] == nil)
            #expect(try await client.execute(uri: "/metrics", method: .get).text.contains("parley_channel_credentials_refused 1"))
            // Agents do not read the board.
            #expect(try await client.execute(uri: "/api/v1/channels/health", method: .get, headers: ann.headers()).status == .forbidden)

            // Renewed (the sandbox accepts again): the next reply goes out and the alert clears.
            let second = try await ReplyWindowTests.reply(client, id, "Found it.", as: ann)
            let secondID = try #require(try second.json()["id"] as? String)
            var sent: Message?
            for _ in 0..<100 where sent?.deliveryStatus != .sent {
                try await Task.sleep(for: .milliseconds(50))
                sent = try await store.message(.init(secondID))
            }
            channels = try await health()
            #expect(channels["fb"]?["credential"] as? String == "ok")
            #expect(channels["fb"]?["status"] as? String == "ok")
            #expect(channels["fb"]?["lastSentAt"] as? String != nil)
            #expect((channels["fb"]?["lastFailure"] as? [String: Any])?["reason"] != nil, "the failure stays on record")
        }
    }
}
