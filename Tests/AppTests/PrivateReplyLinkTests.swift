import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// A private reply to a Facebook comment reaches the commenter in Messenger; Meta answers with their PSID,
/// and Parley links it to the commenter's contact, so their Messenger conversation continues the same
/// customer's history (issue: "a private reply to a comment links the commenter's id and their Messenger PSID").
@Suite struct PrivateReplyLinkTests {
    @Test func theCommentersMessengerConversationJoinsTheirContact() async throws {
        let sandbox = SandboxServer(secrets: [:], parleyURL: nil)
        let sandboxApp = Application(router: sandbox.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await sandboxApp.test(.live) { sandboxClient in
            let port = try #require(sandboxClient.port)
            let page = EngagementAutomationTests.page
            let server = try await TestServer.make(extraConfig: """
                workgroups:
                  - {id: support}
                  - {id: billing}
                channels:
                  - {id: page, kind: facebook_page, account_id: "\(page)", workgroup: support}
                  - {id: dm, kind: messenger, account_id: "\(page)", workgroup: support}
                """) { $0.platformAPIOverride = "http://127.0.0.1:\(port)" }
            let store = server.store
            try await server.makeApplication().test(.live) { client in
                let admin = try await Browser.signIn(client)
                let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
                try await AutomationFlowTests.comment(client, id: "501", from: "4455667788", text: "my order never arrived")
                let id = try #require(try await ReplyWindowTests.offered(client, to: ann))
                #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
                let window = try await client.execute(uri: "/api/v1/interactions/\(id)/reply-window?visibility=private", method: .get,
                                                      headers: ann.headers()).json()
                #expect(window["rule"] as? String == "private_reply" && window["canSend"] as? Bool == true, "\(window)")
                let reply = try await client.execute(uri: "/api/v1/interactions/\(id)/messages", method: .post, headers: ann.headers(json: true),
                                                     body: ByteBuffer(string: #"{"text":"Sorry! Let's sort it out here.","visibility":"private"}"#))
                #expect(reply.status == .created, "\(reply.text)")

                let commenter = try #require(try await store.interaction(.init(id))).contactID
                let psid = SandboxState.psid(forComment: "244445617083583_501")
                var linked = false
                for _ in 0..<100 where !linked {
                    try await Task.sleep(for: .milliseconds(50))
                    linked = try await store.contact(commenter)?.identities.contains { $0.key.id == psid } == true
                }
                #expect(linked, "the PSID Meta answered with is the commenter's")
                let call = try #require(await sandbox.state.recordedCalls().first)
                #expect(call.body.contains(#""comment_id":"244445617083583_501""#), "addressed by the comment, as a private reply is")

                // The customer answers in Messenger: the same contact, its history spanning both channels.
                try await EngagementAutomationTests.customerWrites(client, mid: "m_after", from: psid, page: page, text: "thanks, here is my order number")
                let dm = try #require(try await ContentAnalysisPipelineTests.interactions(store, count: 1) { $0.channelID == "dm" }.first)
                #expect(dm.contactID == commenter)
                #expect(try await store.history(of: commenter, before: nil, limit: 10).count == 2)
            }
        }
    }
}
