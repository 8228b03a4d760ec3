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
    static let page = EngagementAutomationTests.page
    static let config = """
        workgroups:
          - {id: support}
          - {id: billing}
        channels:
          - {id: page, kind: facebook_page, account_id: "\(page)", workgroup: support}
          - {id: dm, kind: messenger, account_id: "\(page)", workgroup: support}
        """

    /// Ann holding the thread of comment `comment` by `author`, as the body gets it: her browser and the interaction id.
    static func heldThread(_ client: some TestClientProtocol, comment: String, by author: String,
                           text: String) async throws -> (ann: Browser, interaction: String) {
        let admin = try await Browser.signIn(client)
        let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
        try await AutomationFlowTests.comment(client, id: comment, from: author, text: text)
        let id = try #require(try await ReplyWindowTests.offered(client, to: ann))
        #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
        return (ann, id)
    }

    static func privateReply(_ client: some TestClientProtocol, _ id: String, as ann: Browser, _ text: String,
                             inReplyTo: Message.ID? = nil) async throws {
        let target = inReplyTo.map { #","inReplyTo":"\#($0)""# } ?? ""
        let reply = try await client.execute(uri: "/api/v1/interactions/\(id)/messages", method: .post, headers: ann.headers(json: true),
                                             body: ByteBuffer(string: #"{"text":"\#(text)","visibility":"private"\#(target)}"#))
        #expect(reply.status == .created, "\(reply.text)")
    }

    /// The contact the PSID Meta answered for `comment` belongs to, once the outbox has linked it.
    static func owner(ofPSIDFor comment: String, in store: any ParleyStore) async throws -> Contact.ID? {
        let key = Identity.Key(platform: .facebook, scope: page, id: SandboxState.psid(forComment: comment))
        for _ in 0..<100 {
            if let owner = try await store.contactID(owning: key) { return owner }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    @Test func theCommentersMessengerConversationJoinsTheirContact() async throws {
        try await SandboxedParley.run(extraConfig: Self.config) { sandbox, client, store in
            let (ann, id) = try await Self.heldThread(client, comment: "501", by: "4455667788", text: "my order never arrived")
            let window = try await client.execute(uri: "/api/v1/interactions/\(id)/reply-window?visibility=private", method: .get,
                                                  headers: ann.headers()).json()
            #expect(window["rule"] as? String == "private_reply" && window["canSend"] as? Bool == true, "\(window)")
            try await Self.privateReply(client, id, as: ann, "Sorry! Let's sort it out here.")

            let commenter = try #require(try await store.interaction(.init(id))).contactID
            #expect(try await Self.owner(ofPSIDFor: "244445617083583_501", in: store) == commenter, "the PSID Meta answered with is the commenter's")
            let call = try #require(await sandbox.state.recordedCalls().first)
            #expect(call.body.contains(#""comment_id":"244445617083583_501""#), "addressed by the comment, as a private reply is")

            // The customer answers in Messenger: the same contact, its history spanning both channels.
            let psid = SandboxState.psid(forComment: "244445617083583_501")
            try await EngagementAutomationTests.customerWrites(client, mid: "m_after", from: psid, page: Self.page, text: "thanks, here is my order number")
            let dm = try #require(try await ContentAnalysisPipelineTests.interactions(store, count: 1) { $0.channelID == "dm" }.first)
            #expect(dm.contactID == commenter)
            #expect(try await store.history(of: commenter, before: nil, limit: 10).count == 2)
        }
    }

    /// On a busy thread the answered commenter is not the thread's first author: the PSID is theirs.
    @Test func thePSIDJoinsTheAnsweredCommenterNotTheThreadsFirstAuthor() async throws {
        try await SandboxedParley.run(extraConfig: Self.config) { _, client, store in
            let (ann, id) = try await Self.heldThread(client, comment: "601", by: "1000000001", text: "is the shop open on sunday?")
            try await AutomationFlowTests.comment(client, id: "602", from: "1000000002", text: "same question, and my parcel is late",
                                                  parent: "244445617083583_601")
            var second: Message?
            for _ in 0..<100 where second == nil {
                try await Task.sleep(for: .milliseconds(50))
                second = try await store.messages(of: .init(id), after: nil, limit: 10).first { $0.platformMessageID == "244445617083583_602" }
            }
            let answered = try #require(second, "the reply joins its comment's thread")
            try await Self.privateReply(client, id, as: ann, "Let's look at your parcel here.", inReplyTo: answered.id)

            let first = try #require(try await store.interaction(.init(id))).contactID
            let author = try #require(answered.author)
            let commenter = try #require(try await store.contactID(owning: author))
            #expect(commenter != first)
            #expect(try await Self.owner(ofPSIDFor: "244445617083583_602", in: store) == commenter,
                    "the PSID belongs to the commenter the reply answered")
        }
    }
}
