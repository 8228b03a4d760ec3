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

    /// On a busy thread the answered commenter is not the thread's first author: the PSID is theirs.
    @Test func thePSIDJoinsTheAnsweredCommenterNotTheThreadsFirstAuthor() async throws {
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
                """) { $0.platformAPIOverride = "http://127.0.0.1:\(port)" }
            let store = server.store
            try await server.makeApplication().test(.live) { client in
                let admin = try await Browser.signIn(client)
                let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
                try await AutomationFlowTests.comment(client, id: "601", from: "1000000001", text: "is the shop open on sunday?")
                let id = try #require(try await ReplyWindowTests.offered(client, to: ann))
                #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
                try await AutomationFlowTests.comment(client, id: "602", from: "1000000002", text: "same question, and my parcel is late",
                                                      parent: "244445617083583_601")
                var second: Message?
                for _ in 0..<100 where second == nil {
                    try await Task.sleep(for: .milliseconds(50))
                    second = try await store.messages(of: .init(id), after: nil, limit: 10).first { $0.platformMessageID == "244445617083583_602" }
                }
                let answered = try #require(second, "the reply joins its comment's thread")
                let reply = try await client.execute(uri: "/api/v1/interactions/\(id)/messages", method: .post, headers: ann.headers(json: true),
                                                     body: ByteBuffer(string: #"{"text":"Let's look at your parcel here.","visibility":"private","inReplyTo":"\#(answered.id)"}"#))
                #expect(reply.status == .created, "\(reply.text)")

                let first = try #require(try await store.interaction(.init(id))).contactID
                let author = try #require(answered.author)
                let commenter = try #require(try await store.contactID(owning: author))
                #expect(commenter != first)
                let psid = SandboxState.psid(forComment: "244445617083583_602")
                let key = Identity.Key(platform: .facebook, scope: page, id: psid)
                var owner: Contact.ID?
                for _ in 0..<100 where owner == nil {
                    try await Task.sleep(for: .milliseconds(50))
                    owner = try await store.contactID(owning: key)
                }
                #expect(owner == commenter, "the PSID belongs to the commenter the reply answered")
            }
        }
    }
}
