import App
import Domain
import Engagement
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// The channel automations end to end (seed 002 strategies): a positive comment that needs no answer is liked
/// by the Page, a complaint gets Parley's public acknowledgement (once per customer per day) and still reaches
/// an agent, and private messages of a channel queue in their own workgroup. Each automatic action is in the
/// interaction's timeline as done by "Parley".
@Suite struct AutomationFlowTests {
    static let page = EngagementAutomationTests.page
    static let post = "\(page)_244445617083583"

    static func comment(_ client: some TestClientProtocol, id: String, from author: String, text: String,
                        parent: String? = nil) async throws {
        let now = Int(Date().timeIntervalSince1970)
        let parent = parent ?? post
        let body = #"{"object":"page","entry":[{"id":"\#(page)","time":\#(now),"changes":[{"field":"feed","value":{"item":"comment","verb":"add","from":{"id":"\#(author)","name":"Customer \#(author)"},"post_id":"\#(post)","comment_id":"244445617083583_\#(id)","parent_id":"\#(parent)","created_time":\#(now),"message":"\#(text)"}}]}]}"#
        let response = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body), body: ByteBuffer(string: body))
        #expect(response.status == .ok)
    }

    @Test func likesAcknowledgementsAndPrivateWorkgroupsAsConfigured() async throws {
        let server = try await TestServer.make(extraConfig: """
            workgroups:
              - {id: support}
              - {id: dm-team}
            channels:
              - id: page
                kind: facebook_page
                account_id: "\(Self.page)"
                workgroup: support
                automations:
                  mention_reply: {text: "Thanks for telling us, we are on it.", retry_for: 2h}
                  like_positive: {min_sentiment: 0.3}
              - id: dm
                kind: messenger
                account_id: "200000000000001"
                workgroup: support
                automations: {private_workgroup: dm-team, greeting: "Hi! An agent will be with you shortly."}
            """) {
            $0.contentAnalysis = .analyzer(StarterAnalyzer.shared)
            $0.platformAPIOverride = "http://127.0.0.1:1"
        }
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            // Praise needs no answer: liked, not acknowledged.
            try await Self.comment(client, id: "101", from: "4455667788", text: ContentAnalysisPipelineTests.praise)
            let praised = try #require(try await ContentAnalysisPipelineTests.interactions(store, count: 1).first)
            var actions: [InteractionAction] = []
            for _ in 0..<100 where actions.isEmpty {
                try await Task.sleep(for: .milliseconds(50))
                actions = try await store.actions(of: praised.id)
            }
            #expect(actions.map(\.action) == [.like] && actions.first?.target == "244445617083583_101" && actions.first?.agentID == nil)
            let like = try #require(try await store.outboxItem(1))
            #expect(like.request.path == "/244445617083583_101/likes" && like.messageID == nil)
            #expect(try await store.messages(of: praised.id, after: nil, limit: 10).allSatisfy { $0.direction == .inbound })

            // A complaint: acknowledged publicly by Parley, and still routed to an agent.
            try await Self.comment(client, id: "102", from: "5566778899", text: ContentAnalysisPipelineTests.billing)
            try await Self.comment(client, id: "103", from: "5566778899", text: "Still nothing?? I want my money back")
            let types = try await EngagementAutomationTests.waitForEvents(store) { $0.filter { $0 == "interaction.queued" }.count >= 3 }
            #expect(types.filter { $0 == "interaction.auto_replied" }.count == 1, "once per customer per day: \(types)")
            let complaint = try #require(try await store.interactions(openOnly: true, assignedTo: nil, limit: 10)
                .first { $0.threadKey == .comment(postID: Self.post, commentID: "244445617083583_102") })
            #expect(complaint.state == .queued && complaint.workgroupID == "support")
            let answer = try #require(try await store.messages(of: complaint.id, after: nil, limit: 10).first { $0.direction == .outbound })
            #expect(answer.agentID == nil && answer.visibility == .public && answer.text == "Thanks for telling us, we are on it.")
            #expect(try await store.actions(of: complaint.id).isEmpty, "a complaint is not liked")

            // The timeline shows who did what.
            let admin = try await Browser.signIn(client)
            let detail = try await client.execute(uri: "/api/v1/interactions/\(praised.id.rawValue)", method: .get, headers: admin.headers()).json()
            let listed = try #require(detail["actions"] as? [[String: Any]])
            #expect(listed.count == 1 && listed.first?["by"] as? String == "Parley" && listed.first?["action"] as? String == "like")

            // Private messages of the Messenger channel queue in their own workgroup.
            try await EngagementAutomationTests.customerWrites(client, mid: "dm1", from: "7001", page: "200000000000001", text: "hello")
            let dm = try #require(try await ContentAnalysisPipelineTests.interactions(store, count: 1) { $0.channelID == "dm" && $0.state == .queued }
                .first)
            #expect(dm.workgroupID == "dm-team")
            // Greeted once, by Parley, before an agent answers; the customer's next message is not greeted again.
            try await EngagementAutomationTests.customerWrites(client, mid: "dm2", from: "7001", page: "200000000000001", text: "anyone?")
            var messages: [Message] = []
            for _ in 0..<100 where messages.count < 3 {
                try await Task.sleep(for: .milliseconds(50))
                messages = try await store.messages(of: dm.id, after: nil, limit: 10)
            }
            #expect(messages.map(\.direction) == [.inbound, .outbound, .inbound])
            #expect(messages.count > 1 && messages[1].text == "Hi! An agent will be with you shortly." && messages[1].agentID == nil)
        }
    }
}

/// `automations:` in parley.yml: what is read, and every automation that could never fire named with its line.
@Suite struct AutomationConfigTests {
    @Test func aValidSectionIsRead() {
        let result = ConfigLoader.validate(yaml: """
            workgroups:
              - {id: dm-team}
            channels:
              - id: tw
                kind: x
                account_id: "2244994945"
                automations:
                  mention_reply: {text: "On it!", retry_for: 30m, close: true}
                  like_positive: {min_sentiment: 0.7, retweet: true}
              - {id: dm, kind: whatsapp, account_id: "1", automations: {private_workgroup: dm-team}}
            """)
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.config.channelAutomations["tw"] == ChannelAutomations(
            mentionReply: .init(text: "On it!", retryFor: 1800, close: true), likePositive: .init(minSentiment: 0.7, retweet: true)))
        #expect(result.config.channelAutomations["dm"] == ChannelAutomations(privateWorkgroup: "dm-team"))
    }

    @Test func automationsThatCouldNeverFireAreErrors() {
        let result = ConfigLoader.validate(yaml: """
            channels:
              - id: dm
                kind: messenger
                account_id: "1"
                automations:
                  mention_reply: {text: "hi"}
                  private_workgroup: nowhere
                  like_positive: {min_sentiment: 3}
              - id: page
                kind: facebook_page
                account_id: "2"
                automations:
                  like_positive: {retweet: true}
                  mention_reply: {text: "  "}
                  sing: true
            """)
        let found = result.diagnostics.map { "\($0.line ?? 0) \($0.severity.rawValue) \($0.path)" }
        for expected in ["2 error channels[0].automations.mention_reply", "2 error channels[0].automations.private_workgroup",
                         "8 error channels[0].automations.like_positive.min_sentiment", "9 error channels[1].automations.like_positive.retweet",
                         "14 error channels[1].automations.mention_reply.text"] {
            #expect(found.contains(expected), "\(expected) in \(found)")
        }
        #expect(found.contains("15 warning channels[1].automations.sing"), "an unknown key is named: \(found)")
    }
}
