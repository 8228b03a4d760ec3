import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// The platforms' send windows as an agent meets them: the API says what can be sent and until when, refuses
/// what the platform would refuse, tags what needs the HUMAN_AGENT tag, and the outbox refuses a stored
/// message whose window closed before it could be sent. Waiting interactions whose window is closing are
/// boosted and flagged.
@Suite struct ReplyWindowTests {
    static let page = "103149398319188"
    /// The customer's first message: 2026-01-01T00:00:00Z, as Meta stamps it.
    static let wrote = Date(timeIntervalSince1970: 1_767_225_600)

    static let config = """
        workgroups:
          - {id: support}
          - {id: billing}
        channels:
          - {id: fb, kind: messenger, account_id: "\(page)", workgroup: support}
        """

    static func makeServer(clock: ManualClock) async throws -> ParleyServer {
        // Nothing listens there: every send fails as retryable, so outbox items stay inspectable.
        try await TestServer.make(extraConfig: config, clock: clock) { $0.platformAPIOverride = "http://127.0.0.1:1" }
    }

    static func customerWrites(_ client: some TestClientProtocol, mid: String, from sender: String, at date: Date = wrote) async throws {
        let millis = String(Int64(date.timeIntervalSince1970 * 1000))
        let body = TestServer.messengerBody(mid: mid).replacingOccurrences(of: "6543210987654321", with: sender)
            .replacingOccurrences(of: "1767225600000", with: millis)
        let response = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body), body: ByteBuffer(string: body))
        #expect(response.status == .ok)
    }

    static func offered(_ client: some TestClientProtocol, to agent: Browser) async throws -> String? {
        for _ in 0..<100 {
            let list = try await client.execute(uri: "/api/v1/interactions", method: .get, headers: agent.headers()).json()
            let items = list["interactions"] as? [[String: Any]] ?? []
            if let id = items.first(where: { $0["state"] as? String == "offered" })?["id"] as? String { return id }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    static func window(_ client: some TestClientProtocol, _ id: String, as agent: Browser) async throws -> [String: Any] {
        let response = try await client.execute(uri: "/api/v1/interactions/\(id)/reply-window", method: .get, headers: agent.headers())
        #expect(response.status == .ok, "\(response.text)")
        return try response.json()
    }

    static func reply(_ client: some TestClientProtocol, _ id: String, _ text: String, as agent: Browser) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/interactions/\(id)/messages", method: .post, headers: agent.headers(json: true),
                                 body: ByteBuffer(string: #"{"text":"\#(text)"}"#))
    }

    @Test func messengerRepliesGoInTheStandardWindowThenWithTheHumanAgentTagThenNotAtAll() async throws {
        let clock = ManualClock(Self.wrote + 600)
        let server = try await Self.makeServer(clock: clock)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            var admin = try await Browser.signIn(client)
            var ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            try await Self.customerWrites(client, mid: "m1", from: "1001")
            let id = try #require(try await Self.offered(client, to: ann))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)

            // Within 24 h: anything, no tag.
            let open = try await Self.window(client, id, as: ann)
            #expect(open["canSend"] as? Bool == true && open["rule"] as? String == "standard_window" && open["requires"] as? String == "none")
            #expect(open["until"] as? String == "2026-01-02T00:00:00Z" && open["closesAt"] as? String == "2026-01-08T00:00:00Z")
            #expect((open["explanation"] as? String)?.contains("23 h 50 min") == true, "\(open)")
            #expect(try await Self.reply(client, id, "first answer", as: ann).status == .created)

            // After 24 h, within 7 days: a person's answer goes with the HUMAN_AGENT tag.
            clock.set(Self.wrote + 25 * 3600)
            // A day later the desktop session has lapsed: Ann signs in again (what she holds stays hers).
            ann = try await Browser.signIn(client, username: "ann", password: "long-enough-pw")
            let tagged = try await Self.window(client, id, as: ann)
            #expect(tagged["requires"] as? String == "human_agent_tag" && tagged["rule"] as? String == "human_agent_tag", "\(tagged)")
            #expect(try await Self.reply(client, id, "second answer", as: ann).status == .created)

            let first = try #require(try await store.outboxItem(1)), second = try #require(try await store.outboxItem(2))
            #expect(!String(decoding: first.request.body, as: UTF8.self).contains("HUMAN_AGENT"))
            #expect(String(decoding: second.request.body, as: UTF8.self).contains(#""tag":"HUMAN_AGENT""#))
            #expect(second.messageID != nil, "the outbox item knows the message it delivers")

            // After 7 days: nothing can be sent, and nothing is stored.
            clock.set(Self.wrote + 8 * 86_400)
            admin = try await Browser.signIn(client)
            ann = try await Browser.signIn(client, username: "ann", password: "long-enough-pw")
            let closed = try await Self.window(client, id, as: ann)
            #expect(closed["canSend"] as? Bool == false)
            #expect((closed["urgency"] as? [String: Any])?["level"] as? String == "closed")
            let refused = try await Self.reply(client, id, "too late", as: ann)
            let code = try refused.errorCode()
            #expect(refused.status == .conflict && code == "window_closed", "\(refused.text)")
            #expect(try await store.messages(of: .init(id), after: nil, limit: 10).filter { $0.direction == .outbound }.count == 2)

            // Another agent does not see the interaction at all.
            let created = try await client.execute(
                uri: "/api/v1/users", method: .post, headers: admin.headers(json: true),
                body: ByteBuffer(string: #"{"username":"bob","password":"long-enough-pw","roles":["agent"],"workgroups":["support"]}"#))
            #expect(created.status == .created)
            let bob = try await Browser.signIn(client, username: "bob", password: "long-enough-pw")
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/reply-window", method: .get, headers: bob.headers()).status == .notFound)
        }
    }

    /// A platform time Parley cannot read (past 2100, once a crash) used to date the message 1970, so its window read
    /// as closed for decades and the agent could not answer; a time in the future (2100) kept the window open for
    /// decades. Either is dated when the message arrived instead.
    @Test(arguments: ["99999999999999999999", "4102444800000"])
    func aMessageWithoutAUsablePlatformTimeIsDatedWhenItArrived(timestamp: String) async throws {
        let arrived = Self.wrote + 30 * 86_400
        let clock = ManualClock(arrived)
        let server = try await Self.makeServer(clock: clock)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            let body = TestServer.messengerBody(mid: "m-odd-time").replacingOccurrences(of: "1767225600000", with: timestamp)
            let response = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body),
                                                    body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            let id = try #require(try await Self.offered(client, to: ann))
            let stored = try await store.messages(of: .init(id), after: nil, limit: 10)
            #expect(stored.map(\.sentAt) == [arrived])
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
            let window = try await Self.window(client, id, as: ann)
            #expect(window["canSend"] as? Bool == true && window["until"] as? String == "2026-02-01T00:00:00Z", "\(window)")
        }
    }

    /// A delivery for a page no channel declares is kept and shown, but Parley holds no token to answer it: a reply
    /// used to be stored as sent and go out with no Authorization header.
    @Test func aConversationOnAnUndeclaredAccountCannotBeAnswered() async throws {
        let clock = ManualClock(Self.wrote + 600)
        let server = try await Self.makeServer(clock: clock)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            let body = TestServer.messengerBody(mid: "m-elsewhere").replacingOccurrences(of: Self.page, with: "999")
            #expect(try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body),
                                             body: ByteBuffer(string: body)).status == .ok)
            let id = try #require(try await Self.offered(client, to: ann))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
            let window = try await client.execute(uri: "/api/v1/interactions/\(id)/reply-window", method: .get, headers: ann.headers())
            #expect(window.status == .conflict)
            #expect(try window.errorCode() == "channel_not_configured")
            let refused = try await Self.reply(client, id, "hello", as: ann)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.errorCode() == "channel_not_configured", "\(refused.text)")
            #expect(try await store.outboxItem(1) == nil, "nothing was queued to send")
            #expect(try await store.messages(of: .init(id), after: nil, limit: 10).map(\.direction) == [.inbound])

            // Declared afterwards (as the error advises), the open conversation can be answered from that channel.
            try await store.upsert(Channel(id: "fb-2", kind: .messenger, accountID: "999", name: "Second page", workgroupID: "support"))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/reply-window", method: .get, headers: ann.headers()).status == .ok)
            #expect(try await Self.reply(client, id, "hello", as: ann).status == .created)
            #expect(try await store.outboxItem(1)?.channel == ChannelKey(kind: .messenger, accountID: "999"))
        }
    }

    @Test func aStoredReplyWhoseWindowClosedBeforeItWasSentIsDeniedNotSent() async throws {
        let clock = ManualClock(Self.wrote + 23 * 3600)
        let server = try await Self.makeServer(clock: clock)
        let store = server.store, outbox = server.outbox
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            try await Self.customerWrites(client, mid: "m1", from: "1001")
            let id = try #require(try await Self.offered(client, to: ann))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
            // Composed inside the standard window, so without the tag; the platform is unreachable, so it waits.
            #expect(try await Self.reply(client, id, "answer", as: ann).status == .created)
            clock.set(Self.wrote + 25 * 3600)
            var item = try #require(try await store.outboxItem(1))
            for _ in 0..<100 where item.state != .denied {
                try await outbox.processDue()
                try await Task.sleep(for: .milliseconds(50))
                item = try #require(try await store.outboxItem(1))
            }
            #expect(item.state == .denied)
            #expect(item.lastError?.contains("without the tag") == true, "\(item.lastError ?? "")")
            let types = try await store.events(after: 0, limit: 1000).map(\.event.type.rawValue)
            #expect(types.contains("outbound.denied"))
        }
    }

    @Test func aWaitingInteractionWhoseWindowIsClosingIsBoostedAheadOfAnOlderOneAndFlagged() async throws {
        let clock = ManualClock(Self.wrote + 7 * 86_400 - 3 * 3600)
        let server = try await Self.makeServer(clock: clock)
        let store = server.store, urgency = server.urgency
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            // Queued first, written just now: its window is far away.
            try await Self.customerWrites(client, mid: "fresh", from: "2001", at: clock.now())
            // Queued second, but delivered late: the customer wrote almost 7 days ago, so the tagged window
            // closes in 3 h (4 h is the urgency horizon).
            try await Self.customerWrites(client, mid: "old", from: "2002")
            var queued: [Interaction] = []
            for _ in 0..<100 where queued.count < 2 {
                try await Task.sleep(for: .milliseconds(50))
                queued = try await store.interactions(openOnly: true, assignedTo: nil, limit: 10).filter { $0.state == .queued }
            }
            #expect(queued.count == 2)
            let old = try #require(queued.first { $0.lastCustomerMessageAt == Self.wrote })

            let boosts = try await urgency.check()
            #expect(boosts.keys.map(\.rawValue) == [old.id.rawValue], "only the closing window is boosted")
            #expect((boosts[old.id] ?? 0) > 0)
            let flagged = try await store.events(after: 0, limit: 1000).compactMap { logged -> WindowUrgencyChanged? in
                if case .interactionWindowUrgency(let body) = logged.event { body } else { nil }
            }
            #expect(flagged.map(\.interactionID) == [old.id] && flagged.first?.level == "closing")
            #expect(flagged.first?.flag == "closes in 3 h", "\(flagged)")
            _ = try await urgency.check()
            #expect(try await store.events(after: 0, limit: 1000).filter { $0.event.type.rawValue == "interaction.window_urgency" }.count == 1,
                    "announced once per change of level")
            #expect(try await store.interaction(old.id)?.priority == 0, "the boost is not stored")

            // The first offer goes to the boosted interaction although the other waited longer.
            let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            #expect(try await Self.offered(client, to: ann) == old.id.rawValue)
        }
    }
}
