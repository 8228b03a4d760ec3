import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// An agent's WhatsApp answer goes out through the sandbox; WhatsApp's statuses then mark it delivered and
/// read, out of order and twice, and the agent's stream hears of each change.
@Suite struct ReceiptFlowTests {
    static let number = "106540352242922"

    static func whatsapp(_ client: some TestClientProtocol, _ value: String) async throws {
        let body = #"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"\#(number)"},\#(value)}}]}]}"#
        let response = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body), body: ByteBuffer(string: body))
        #expect(response.status == .ok)
    }

    @Test func statusesMarkTheAnswerDeliveredThenRead() async throws {
        try await SandboxedParley.run(extraConfig: """
            workgroups:
              - {id: support}
              - {id: billing}
            channels:
              - {id: wa, kind: whatsapp, account_id: "\(Self.number)", workgroup: support}
            """) { sandbox, client, store in
            let admin = try await Browser.signIn(client)
            let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            let now = Int(Date().timeIntervalSince1970)
            try await Self.whatsapp(client, #""contacts":[{"profile":{"name":"Sheena N."},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.IN1","timestamp":"\#(now)","type":"text","text":{"body":"Does it come in blue?"}}]"#)
            let id = try #require(try await ReplyWindowTests.offered(client, to: ann))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
            let reply = try await client.execute(uri: "/api/v1/interactions/\(id)/messages", method: .post, headers: ann.headers(json: true),
                                                 body: ByteBuffer(string: #"{"text":"Yes, in navy blue."}"#))
            let messageID = try #require(try reply.json()["id"] as? String)
            var answer: Message?
            for _ in 0..<100 where answer?.deliveryStatus != .sent {
                try await Task.sleep(for: .milliseconds(50))
                answer = try await store.message(.init(messageID))
            }
            let platformID = try #require(answer?.platformMessageID)

            // Read overtakes delivered, and delivered comes twice: the answer ends read.
            func status(_ state: String) -> String {
                #""statuses":[{"id":"\#(platformID)","status":"\#(state)","timestamp":"\#(now + 5)","recipient_id":"16505551234"}]"#
            }
            try await Self.whatsapp(client, status("delivered"))
            try await Self.whatsapp(client, status("read"))
            try await Self.whatsapp(client, status("delivered"))
            var types: [String] = []
            for _ in 0..<100 where types.filter({ $0 == "message.status_changed" }).count < 2 {
                try await Task.sleep(for: .milliseconds(50))
                types = try await store.events(after: 0, limit: 1000).map(\.event.type.rawValue)
            }
            #expect(types.filter { $0 == "message.status_changed" }.count == 2, "delivered, then read; the late delivered changes nothing")
            #expect(try await store.message(.init(messageID))?.deliveryStatus == .read)
            let shown = try await client.execute(uri: "/api/v1/interactions/\(id)", method: .get, headers: ann.headers()).json()
            let messages = try #require(shown["messages"] as? [[String: Any]])
            #expect(messages.last?["deliveryStatus"] as? String == "read")
        }
    }
}
