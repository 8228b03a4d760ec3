import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Realtime
import Sandbox
import Storage
import Testing

/// X end to end against the sandbox (platforms.md §5.4–5.6): a mention answered with a reply tweet threaded under
/// it, a DM answered by DM, each echoed back once; a 429 waits for the reset and sends once; a DM to someone who
/// neither follows nor wrote is refused by Parley until their follow arrives.
@Suite(.serialized) struct XSandboxFlowTests {
    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func aMentionIsAnsweredWithAReplyTweetThreadedUnderItAndItsEchoIsNotStoredTwice() async throws {
        try await XSandboxWorld.run { world in
            try await world.mention("1850000000000000101", "@acmesupport my parcel is broken")
            let id = try await world.accept(thread: "tweet:1850000000000000101")
            let response = try await world.reply(id, "@ann_c Sorry! Could you send us the order number?")
            #expect(response.status == .created, "\(response.text)")
            let sent = try await world.settled(.init(try #require(try response.json()["id"] as? String)))
            #expect(sent.deliveryStatus == .sent)
            let calls = await world.calls("/2/tweets")
            #expect(calls.count == 1)
            let body = Self.json(try #require(calls.first).body)
            #expect((body["reply"] as? [String: Any])?["in_reply_to_tweet_id"] as? String == "1850000000000000101")
            #expect(calls.first?.headers["authorization"] == "Bearer x-user-token")
            let created = try #require(calls.first)
            let tweetID = try #require((Self.json(created.response)["data"] as? [String: Any])?["id"] as? String)
            #expect(sent.platformMessageID == tweetID)
            // X echoes the reply through Account Activity: recognised, not stored again.
            var echoed = false
            for _ in 0..<200 where !echoed {
                echoed = await world.sandbox.deliveredWebhooks().contains { $0.kind == "x.own_tweet" && $0.status == 200 }
                if !echoed { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(echoed)
            let messages = try await world.messages(of: id) { $0.count >= 2 }
            #expect(messages.count == 2 && messages.filter { $0.direction == .outbound }.count == 1)
        }
    }

    @Test func aDirectMessageIsAnsweredByDirectMessage() async throws {
        try await XSandboxWorld.run { world in
            try await world.directMessage("1582838499983564901", "Hi, where is my refund?")
            let id = try await world.accept(thread: "conversation:x")
            // X knows she wrote: a DM conversation exists.
            try await world.control(.put, "/_sandbox/x/state", #"{"conversations":["\#(XSandboxWorld.customer)"]}"#)
            let response = try await world.reply(id, "Hello, let me check your refund.")
            #expect(response.status == .created, "\(response.text)")
            let sent = try await world.settled(.init(try #require(try response.json()["id"] as? String)))
            #expect(sent.deliveryStatus == .sent, "\(sent.failureReason ?? "")")
            let calls = await world.calls("/2/dm_conversations/with/\(XSandboxWorld.customer)/messages")
            #expect(calls.count == 1 && calls.first?.status == 201)
            let eventID = (Self.json(try #require(calls.first).response)["data"] as? [String: Any])?["dm_event_id"] as? String
            #expect(sent.platformMessageID == eventID)
            try await Task.sleep(for: .milliseconds(600))
            let messages = try await world.messages(of: id) { $0.count >= 2 }
            #expect(messages.map(\.direction) == [.inbound, .outbound], "the DM echo is Parley's own reply, not a new message")
        }
    }

    @Test func aRateLimitedReplyWaitsForTheResetShowsWhyAndIsSentOnce() async throws {
        try await XSandboxWorld.run { world in
            try await world.mention("1850000000000000201", "@acmesupport hello?")
            let id = try await world.accept(thread: "tweet:1850000000000000201")
            try await world.control(.put, "/_sandbox/x/rate_limits", #"{"endpoint":"tweets","remaining":0,"reset_in":2}"#)
            let response = try await world.reply(id, "@ann_c We are here, what happened?")
            let messageID = try #require(try response.json()["id"] as? String)
            // The agent sees why it waits and until when.
            var shown: [String: Any] = [:]
            for _ in 0..<100 {
                let detail = try await world.parley.execute(uri: "/api/v1/interactions/\(id)", method: .get, headers: world.ann.headers()).json()
                shown = (detail["messages"] as? [[String: Any]] ?? []).first { $0["id"] as? String == messageID } ?? [:]
                if shown["retryAt"] != nil { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(shown["deliveryStatus"] as? String == "pending")
            #expect(shown["retryReason"] as? String == "X rate limit")
            #expect(shown["retryAt"] is String)
            #expect(await world.calls("/2/tweets").first?.status == 429)
            let sent = try await world.settled(.init(messageID), seconds: 15)
            #expect(sent.deliveryStatus == .sent, "\(sent.failureReason ?? "")")
            let calls = await world.calls("/2/tweets")
            #expect(calls.map(\.status) == [429, 201], "one refused, one created: the reply is not doubled")
        }
    }

    @Test func aWindowWithNothingLeftHoldsTheNextReplyWithoutSpendingACall() async throws {
        try await XSandboxWorld.run { world in
            try await world.mention("1850000000000000501", "@acmesupport two questions")
            let id = try await world.accept(thread: "tweet:1850000000000000501")
            try await world.control(.put, "/_sandbox/x/rate_limits", #"{"endpoint":"tweets","remaining":1,"reset_in":2}"#)
            let first = try await world.reply(id, "@ann_c First answer")
            #expect(try await world.settled(.init(try #require(try first.json()["id"] as? String))).deliveryStatus == .sent)
            // X said none remain: the next reply waits for the reset instead of being refused with a 429.
            let second = try await world.reply(id, "@ann_c Second answer")
            let sent = try await world.settled(.init(try #require(try second.json()["id"] as? String)), seconds: 15)
            #expect(sent.deliveryStatus == .sent, "\(sent.failureReason ?? "")")
            #expect(await world.calls("/2/tweets").map(\.status) == [201, 201])
        }
    }

    @Test func moveToPrivateWaitsForTheFollow() async throws {
        try await XSandboxWorld.run { world in
            try await world.mention("1850000000000000301", "@acmesupport my account is locked")
            let id = try await world.accept(thread: "tweet:1850000000000000301")
            let refused = try await world.reply(id, "What is your username?", visibility: "private")
            #expect(refused.status == .conflict, "\(refused.text)")
            #expect(try refused.errorCode() == "follow_required")
            #expect(refused.text.contains("Please follow @acmesupport so we can help you privately."))
            let window = try await world.parley.execute(uri: "/api/v1/interactions/\(id)/reply-window?visibility=private", method: .get,
                                                        headers: world.ann.headers()).json()
            #expect(window["suggestedReply"] as? String == "Please follow @acmesupport so we can help you privately.")
            #expect(await world.calls("/2/dm_conversations").isEmpty, "refused by Parley, never sent to X")
            try await world.follow()
            try await world.control(.put, "/_sandbox/x/state", #"{"followers":["\#(XSandboxWorld.customer)"]}"#)
            var allowed: TestResponse?
            for _ in 0..<100 {
                let response = try await world.reply(id, "Thanks for following! What is your username?", visibility: "private")
                if response.status == .created { allowed = response; break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let sent = try await world.settled(.init(try #require(try allowed?.json()["id"] as? String)))
            #expect(sent.deliveryStatus == .sent, "\(sent.failureReason ?? "")")
            #expect(await world.calls("/2/dm_conversations/with/\(XSandboxWorld.customer)/messages").count == 1)
            // The follow was logged naming her open tweet and its holder: Ann's desktop stream carries it, another agent's does not.
            let holder = try #require(try await world.store.interaction(.init(id))?.assignedAgentID)
            let followed = try await world.store.events(after: 0, limit: 1000).compactMap { logged -> DomainEvent? in
                if case .contactFollowed(let body) = logged.event, body.interactions.contains(.init(id)) { logged.event } else { nil }
            }
            #expect(followed.count == 1)
            #expect(followed.allSatisfy { StreamAudience.agent(holder).concerns($0) && !StreamAudience.agent("someone-else").concerns($0) })
        }
    }

    @Test func theAgentLikesAndRetweetsTheCustomersTweetOnceEach() async throws {
        try await XSandboxWorld.run { world in
            try await world.mention("1850000000000000401", "@acmesupport you fixed it, thank you!")
            let id = try await world.accept(thread: "tweet:1850000000000000401")
            let tweet = try #require(try await world.messages(of: id) { !$0.isEmpty }.first)
            func act(_ action: String) async throws -> TestResponse {
                try await world.parley.execute(uri: "/api/v1/interactions/\(id)/messages/\(tweet.id)/actions", method: .post,
                                               headers: world.ann.headers(json: true), body: ByteBuffer(string: #"{"action":"\#(action)"}"#))
            }
            #expect(try await act("like").status == .created)
            #expect(try await act("retweet").status == .created, "a like does not stand for a retweet")
            #expect(try await act("like").status == .ok, "asked twice: the first like answers")
            let hide = try await act("hide")
            #expect(hide.status == .unprocessableContent && hide.text.contains("cannot hide"), "\(hide.text)")
            var likes: [SandboxState.RecordedCall] = []
            var retweets: [SandboxState.RecordedCall] = []
            for _ in 0..<100 {
                likes = await world.calls("/2/users/\(XSandboxWorld.account)/likes")
                retweets = await world.calls("/2/users/\(XSandboxWorld.account)/retweets")
                if !likes.isEmpty && !retweets.isEmpty { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(likes.map(\.status) == [200] && retweets.map(\.status) == [200])
            #expect(Self.json(try #require(likes.first).body)["tweet_id"] as? String == "1850000000000000401")
        }
    }
}
