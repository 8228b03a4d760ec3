import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// Feed polling as the safety net: what the webhooks never brought is found by polling the Graph API and
/// stored once; what they did bring is not stored again.
@Suite struct FeedPollingTests {
    static let page = "103149398319188"

    @Test func pollingFindsWhatNoWebhookBroughtAndNeverDoublesWhatOneDid() async throws {
        let state = SandboxState()
        let graph = SandboxServer(state: state, secrets: [.meta: TestServer.secret], parleyURL: nil)
        try await Application(router: graph.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { graphClient in
            let graphPort = try #require(graphClient.port)
            let server = try await TestServer.make(extraConfig: """
                workgroups:
                  - {id: support}
                  - {id: billing}
                channels:
                  - {id: page, kind: facebook_page, account_id: "\(Self.page)", workgroup: support, access_token: page-token,
                     polling: {interval: 1h}}
                """) { $0.platformAPIOverride = "http://127.0.0.1:\(graphPort)" }
            let store = server.store
            let pollFeeds = server.feedPolls
            let channel = ChannelKey(kind: .facebookPage, accountID: Self.page)
            try await server.makeApplication().test(.live) { parley in
                let parleyPort = try #require(parley.port)
                // The poller's own first pass runs as Parley starts (catching up after downtime): let it read the
                // still-empty feed first, or on a loaded machine it races the passes this test makes itself.
                for _ in 0..<200 where !(await state.recordedCalls().contains { $0.method == "GET" && $0.path.hasSuffix("/\(Self.page)/feed") }) {
                    try await Task.sleep(for: .milliseconds(25))
                }
                try await Task.sleep(for: .milliseconds(200))
                // Webhooks signed with a secret Parley does not know: refused, as if the subscription were broken.
                let broken = SandboxServer(state: state, secrets: [.meta: "not-parleys-secret"], parleyURL: "http://127.0.0.1:\(parleyPort)")
                try await Application(router: broken.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { control in
                    let lost = try await control.execute(uri: "/_sandbox/traffic", method: .post, headers: [.contentType: "application/json"],
                                                         body: ByteBuffer(string: #"{"scenario": "customer_post"}"#))
                    #expect(MetaJSON(lost)["statuses"]["401"].int == MetaJSON(lost)["delivered"].int, "\(lost.text)")
                    #expect(try await store.inboxEvents(channel: channel).isEmpty)

                    let found = try await pollFeeds()
                    let stored = try await store.inboxEvents(channel: channel)
                    #expect(found == stored.count)
                    #expect(stored.count >= 2, "the customer's post and the comments under it: \(stored.map(\.event.dedupeKey))")
                    #expect(stored.contains { $0.event.category == .message })
                    #expect(try await pollFeeds() == 0, "a second pass finds nothing new")
                }
                // Now the webhooks work: a comment they bring is not stored again by the next pass.
                let working = SandboxServer(state: state, secrets: [.meta: TestServer.secret], parleyURL: "http://127.0.0.1:\(parleyPort)")
                try await Application(router: working.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { control in
                    let before = try await store.inboxEvents(channel: channel).count
                    let delivered = try await control.execute(uri: "/_sandbox/traffic", method: .post, headers: [.contentType: "application/json"],
                                                              body: ByteBuffer(string: #"{"scenario": "customer_post"}"#))
                    #expect(MetaJSON(delivered)["statuses"]["200"].int == MetaJSON(delivered)["delivered"].int, "\(delivered.text)")
                    let afterWebhooks = try await store.inboxEvents(channel: channel).count
                    #expect(afterWebhooks > before)
                    #expect(try await pollFeeds() == 0, "everything polled was already delivered")
                    #expect(try await store.inboxEvents(channel: channel).count == afterWebhooks)
                }
                // The customer's post became an interaction, found by polling alone.
                var interactions: [Interaction] = []
                for _ in 0..<100 where interactions.isEmpty {
                    try await Task.sleep(for: .milliseconds(50))
                    interactions = try await store.interactions(openOnly: false, assignedTo: nil, limit: 100).filter { $0.channelID == "page" }
                }
                #expect(!interactions.isEmpty)
            }
        }
    }
}

/// The agent on a comment thread sees the page's post it is on, as the platform has it.
@Suite struct PostContextTests {
    @Test func aCommentThreadShowsItsPostAndAPrivateConversationHasNone() async throws {
        try await MetaSurfaceWorld.run { world in
            // A comment on the page's post (with a reply, an edit and a removal): a comment thread, whatever the seed.
            try await world.traffic(#"{"scenario": "comment_thread"}"#)
            let id = try await world.accept(channel: "page", thread: "comment:")
            let post = try await world.parley.execute(uri: "/api/v1/interactions/\(id)/post", method: .get, headers: world.ann.headers())
            #expect(post.status == .ok, "\(post.text)")
            let json = try post.json()
            #expect((json["text"] as? String)?.isEmpty == false)
            #expect(json["permalink"] as? String != nil)
            let interaction = try #require(try await world.store.interaction(.init(id)))
            guard case .comment(let postID, _) = interaction.threadKey else { Issue.record("not a comment thread"); return }
            #expect(json["postId"] as? String == postID)

            try await world.traffic(#"{"source": "messenger"}"#)
            let dm = try await world.accept(channel: "dm")
            let none = try await world.parley.execute(uri: "/api/v1/interactions/\(dm)/post", method: .get, headers: world.ann.headers())
            #expect(none.status == .conflict)
            #expect(try none.errorCode() == "no_post")
        }
    }
}
