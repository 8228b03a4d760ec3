import App
import Domain
import Sandbox
import Storage
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A web visitor through the messenger API and the agent who answers them.
struct Visitor {
    static let channel = "acme-web"
    let client: any TestClientProtocol
    var token: String

    static func start(_ client: some TestClientProtocol, name: String = "Vera", origin: String? = nil) async throws -> Visitor {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let origin { headers[.origin] = origin }
        let response = try await client.execute(uri: "/messenger/v1/\(channel)/visitors", method: .post, headers: headers,
                                                body: ByteBuffer(string: #"{"name":"\#(name)"}"#))
        #expect(response.status == .created, "\(response.text)")
        return Visitor(client: client, token: try response.json()["token"] as? String ?? "")
    }

    func send(_ text: String, key: String = UUID().uuidString, extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json", .init("X-Visitor-Token")!: token, .init("Idempotency-Key")!: key]
        for field in extra { headers[field.name] = field.value }
        let body = try JSONSerialization.data(withJSONObject: ["text": text])
        return try await client.execute(uri: "/messenger/v1/\(Self.channel)/messages", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    func history() async throws -> [[String: Any]] {
        let response = try await client.execute(uri: "/messenger/v1/\(Self.channel)/messages", method: .get,
                                                headers: [.init("X-Visitor-Token")!: token])
        #expect(response.status == .ok, "\(response.text)")
        return try response.json()["messages"] as? [[String: Any]] ?? []
    }
}

enum WebConfig {
    static let yaml = """
        workgroups:
          - {id: support, name: Support}
        channels:
          - {id: web, kind: web_messaging, account_id: acme-web, name: Acme chat, workgroup: support, inactivity_timeout: 1h,
             allowed_origins: ["https://shop.example.com"]}
          - {id: acme-messenger, kind: messenger, account_id: "103149398319188", workgroup: support}
        """

    static func agent(_ client: some TestClientProtocol, _ name: String, admin: Browser) async throws -> Browser {
        let created = try await client.execute(
            uri: "/api/v1/users", method: .post, headers: admin.headers(json: true),
            body: ByteBuffer(string: #"{"username":"\#(name)","displayName":"\#(name.capitalized) Agent","password":"long-enough-pw","roles":["agent"],"workgroups":["support"]}"#))
        #expect(created.status == .created, "\(created.text)")
        return try await Browser.signIn(client, username: name, password: "long-enough-pw")
    }

    static func waitFor(_ client: some TestClientProtocol, _ browser: Browser, state: String) async throws -> String? {
        for _ in 0..<80 {
            let list = try await client.execute(uri: "/api/v1/interactions", method: .get, headers: browser.headers())
            let items = try list.json()["interactions"] as? [[String: Any]] ?? []
            if let match = items.first(where: { $0["state"] as? String == state }) { return match["id"] as? String }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}

@Suite struct WebMessagingTests {
    @Test func aVisitorIsAnsweredAndTheAgentWrapsUp() async throws {
        let server = try await TestServer.make(extraConfig: WebConfig.yaml)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let ann = try await WebConfig.agent(client, "ann", admin: admin)
            let bob = try await WebConfig.agent(client, "bob", admin: admin)
            let visitor = try await Visitor.start(client)
            #expect(try await visitor.send("Hi <script>alert(1)</script> 🙂", key: "v-1").status == .accepted)
            #expect(try await visitor.send("Hi <script>alert(1)</script> 🙂", key: "v-1").status == .accepted, "a retry is acknowledged")

            #expect(try await client.execute(uri: "/api/v1/me/state", method: .put, headers: ann.headers(json: true),
                                             body: ByteBuffer(string: #"{"state":"ready"}"#)).status == .ok)
            let id = try #require(try await WebConfig.waitFor(client, ann, state: "offered"))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)

            func reply(_ as: Browser, _ body: String, key: String?) async throws -> TestResponse {
                var headers = `as`.headers(json: true)
                if let key { headers[.init("Idempotency-Key")!] = key }
                return try await client.execute(uri: "/api/v1/interactions/\(id)/messages", method: .post, headers: headers,
                                                body: ByteBuffer(string: body))
            }
            let first = try await reply(ann, #"{"text":"Hello Vera, how can I help?"}"#, key: "r-1")
            #expect(first.status == .created, "\(first.text)")
            let retried = try await reply(ann, #"{"text":"Hello Vera, how can I help?"}"#, key: "r-1")
            #expect(retried.status == .ok)
            #expect(try retried.json()["id"] as? String == first.json()["id"] as? String, "one message for one key")
            #expect(try await reply(ann, #"{"text":"   "}"#, key: nil).status == .badRequest)
            #expect(try await reply(ann, #"{"text": 5}"#, key: nil).status == .badRequest)
            #expect(try await reply(ann, #"{"text":"public?","visibility":"public"}"#, key: nil).status == .unprocessableContent)
            #expect(try await reply(bob, #"{"text":"not mine"}"#, key: nil).status == .notFound, "another agent's interaction does not exist for bob")
            var noCSRF = ann
            noCSRF.csrf = nil
            #expect(try await reply(noCSRF, #"{"text":"forged"}"#, key: nil).status == .forbidden, "cookie writes need the CSRF token")

            let seen = try await visitor.history()
            #expect(seen.map { $0["direction"] as? String } == ["inbound", "outbound"])
            #expect(seen[0]["text"] as? String == "Hi <script>alert(1)</script> 🙂" && seen[0]["clientId"] as? String == "v-1")
            #expect(seen[1]["authorName"] as? String == "Ann Agent")
            // Paging goes on after a message of this conversation; any other cursor is refused, not read as "from the start".
            let firstID = try #require(seen[0]["id"] as? String)
            let rest = try await client.execute(uri: "/messenger/v1/\(Visitor.channel)/messages?after=\(firstID)", method: .get,
                                                headers: [.init("X-Visitor-Token")!: visitor.token])
            #expect((try rest.json()["messages"] as? [[String: Any]])?.map { $0["direction"] as? String } == ["outbound"])
            let stranger = try await Visitor.start(client, name: "Otto")
            for cursor in ["nonsense", firstID] {
                let refused = try await client.execute(uri: "/messenger/v1/\(Visitor.channel)/messages?after=\(cursor)", method: .get,
                                                       headers: [.init("X-Visitor-Token")!: stranger.token])
                #expect(refused.status == .badRequest)
                #expect(try refused.errorCode() == "invalid_cursor", "\(cursor): \(refused.text)")
            }

            let wrap = { (code: String) in
                try await client.execute(uri: "/api/v1/interactions/\(id)/wrap-up", method: .post, headers: ann.headers(json: true),
                                         body: ByteBuffer(string: #"{"code":"\#(code)"}"#))
            }
            #expect(try await wrap("no-such-code").status == .unprocessableContent)
            let wrapped = try await wrap("processed")
            #expect(wrapped.status == .ok)
            #expect(try wrapped.json()["state"] as? String == "closed" && wrapped.json()["wrapUpCode"] as? String == "processed")
            #expect(try await wrap("processed").status == .conflict)
            #expect(try await reply(ann, #"{"text":"too late"}"#, key: nil).status == .conflict)

            let contact = try #require(try wrapped.json()["contactId"] as? String)
            let history = try await client.execute(uri: "/api/v1/contacts/\(contact)/interactions", method: .get, headers: admin.headers())
            #expect((try history.json()["interactions"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            let stored = try await store.messages(of: .init(id), after: nil, limit: 10)
            #expect(stored.map(\.direction) == [.inbound, .outbound])
        }
    }

    @Test func visitorTokensOriginsAndLimitsAreEnforced() async throws {
        let server = try await TestServer.make(extraConfig: WebConfig.yaml) { $0.visitorMessagesPerMinute = 5 }
        let other = try await TestServer.make(extraConfig: WebConfig.yaml)
        let foreignToken = try await other.makeApplication().test(.live) { client in try await Visitor.start(client).token }
        try await server.makeApplication().test(.live) { client in
            var visitor = try await Visitor.start(client)
            let valid = visitor.token

            visitor.token = foreignToken
            #expect(try await visitor.send("signed elsewhere").status == .unauthorized, "a token signed with another key")
            visitor.token = String(valid.dropLast(2)) + (valid.hasSuffix("AA") ? "BB" : "AA")
            #expect(try await visitor.send("tampered").status == .unauthorized)
            visitor.token = valid

            let noKey = try await client.execute(uri: "/messenger/v1/acme-web/messages", method: .post,
                                                 headers: [.contentType: "application/json", .init("X-Visitor-Token")!: valid],
                                                 body: ByteBuffer(string: #"{"text":"hi"}"#))
            #expect(noKey.status == .badRequest)
            #expect(try await visitor.send(String(repeating: "x", count: 5001)).status == .badRequest)
            let another = try await Visitor.start(client, name: "Nul")  // limits are per visitor: this one's sends do not count below
            #expect(try await another.send("\u{0}\u{0}").status == .badRequest, "NUL only is an empty message (it was stored and routed)")
            let malformed = try await client.execute(uri: "/messenger/v1/acme-web/messages", method: .post,
                                                     headers: [.contentType: "application/json", .init("X-Visitor-Token")!: valid,
                                                               .init("Idempotency-Key")!: "m"], body: ByteBuffer(string: "{not json"))
            #expect(malformed.status == .badRequest)
            #expect(try await client.execute(uri: "/messenger/v1/nope/messages", method: .get, headers: [:]).status == .notFound)

            // Origins: the channel's allowed origin gets CORS headers, others are refused; preflights answered.
            let allowed = try await visitor.send("from the shop", extra: [.origin: "https://shop.example.com"])
            #expect(allowed.status == .accepted)
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://shop.example.com")
            let refused = try await visitor.send("from elsewhere", extra: [.origin: "https://evil.example"])
            #expect(refused.status == .forbidden)
            #expect(try refused.errorCode() == "origin_not_allowed")
            let preflight = try await client.execute(uri: "/messenger/v1/acme-web/messages", method: .options,
                                                     headers: [.origin: "https://shop.example.com", .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("X-Visitor-Token") == true)

            // Per-visitor rate limit (5 a minute here; refused bodies count too), with Retry-After, and CORS headers on the refusal.
            #expect(try await visitor.send("two").status == .accepted)
            #expect(try await visitor.send("three").status == .accepted)
            let limited = try await visitor.send("four", extra: [.origin: "https://shop.example.com"])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil && limited.headers[.accessControlAllowOrigin] == "https://shop.example.com")
        }
    }

    @Test func imagesAreCheckedByTheirBytesAndServedInertly() async throws {
        let server = try await TestServer.make(extraConfig: WebConfig.yaml)
        try await server.makeApplication().test(.live) { client in
            let visitor = try await Visitor.start(client)
            func upload(_ bytes: [UInt8], type: String) async throws -> TestResponse {
                try await client.execute(uri: "/messenger/v1/acme-web/uploads", method: .post,
                                         headers: [.contentType: type, .init("X-Visitor-Token")!: visitor.token], body: ByteBuffer(bytes: bytes))
            }
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 100)
            let stored = try await upload(png, type: "image/png")
            #expect(stored.status == .created, "\(stored.text)")
            let url = try #require(try stored.json()["url"] as? String)
            let served = try await client.execute(uri: url, method: .get, headers: [:])
            #expect(served.status == .ok && served.headers[.contentType] == "image/png")
            #expect(served.headers[.init("X-Content-Type-Options")!] == "nosniff")
            #expect(Array(served.body.readableBytesView) == png)

            #expect(try await upload(Array("<svg onload=alert(1)>".utf8), type: "image/png").status == .unsupportedMediaType,
                    "the bytes must be the image type declared")
            #expect(try await upload(Array("<svg/>".utf8), type: "image/svg+xml").status == .unsupportedMediaType)
            #expect(try await upload([0xFF, 0xD8, 0xFF] + Array(repeating: 0, count: 2 * 1024 * 1024), type: "image/jpeg").status == .contentTooLarge)
            #expect(try await client.execute(uri: "/messenger/uploads/../parley.sqlite", method: .get, headers: [:]).status == .notFound)

            func attach(_ url: String) async throws -> TestResponse {
                let body = try JSONSerialization.data(withJSONObject: ["text": "", "attachments": [["url": url, "kind": "image"]]])
                return try await client.execute(uri: "/messenger/v1/acme-web/messages", method: .post,
                                                headers: [.contentType: "application/json", .init("X-Visitor-Token")!: visitor.token,
                                                          .init("Idempotency-Key")!: UUID().uuidString], body: ByteBuffer(bytes: body))
            }
            #expect(try await attach(url).status == .accepted, "an image-only message")
            #expect(try await attach("https://evil.example/x.png").status == .badRequest, "only this Parley's uploads")
        }
    }

    @Test func theInactivityPeriodClosesAndALaterMessageOpensANewInteraction() async throws {
        let clock = ManualClock(Date())
        let server = try await TestServer.make(extraConfig: WebConfig.yaml, clock: clock)
        let (store, sweeper) = (server.store, server.sweeper)
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let visitor = try await Visitor.start(client)
            #expect(try await visitor.send("anyone?").status == .accepted)
            let first = try #require(try await WebConfig.waitFor(client, admin, state: "queued"))
            clock.advance(by: 1800)
            #expect(try await sweeper.sweep().isEmpty, "half the period: still open")
            clock.advance(by: 1801)
            let closed = try await sweeper.sweep()
            #expect(closed.map(\.id.rawValue) == [first])
            #expect(try await store.interaction(.init(first))?.outcome == .abandoned)
            #expect(try await visitor.send("back again").status == .accepted)
            let second = try #require(try await WebConfig.waitFor(client, admin, state: "queued"))
            #expect(second != first)
            #expect(try await visitor.history().count == 2, "the visitor still sees the whole thread")
        }
    }

    @Test func afterTheGraceADisconnectedAgentsOffersGoBackButHeldInteractionsStay() async throws {
        let server = try await TestServer.make(extraConfig: WebConfig.yaml) { $0.presenceGrace = .seconds(1) }
        let (store, presence) = (server.store, server.presence)
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let ann = try await WebConfig.agent(client, "ann", admin: admin)
            let annID = try #require((try await client.execute(uri: "/api/v1/me", method: .get, headers: ann.headers()).json()["user"] as? [String: Any])?["id"] as? String)
            #expect(try await client.execute(uri: "/api/v1/me/state", method: .put, headers: ann.headers(json: true),
                                             body: ByteBuffer(string: #"{"state":"ready"}"#)).status == .ok)
            let held = try await Visitor.start(client, name: "Held")
            #expect(try await held.send("first").status == .accepted)
            let heldID = try #require(try await WebConfig.waitFor(client, ann, state: "offered"))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(heldID)/accept", method: .post, headers: ann.headers()).status == .ok)
            let waiting = try await Visitor.start(client, name: "Waiting")
            #expect(try await waiting.send("second").status == .accepted)
            let offeredID = try #require(try await WebConfig.waitFor(client, ann, state: "offered"))

            // The desktop drops, comes back within the grace period, drops again and stays away.
            let connection = presence.connected(.init(annID))
            presence.disconnected(.init(annID), connection)
            try await Task.sleep(for: .milliseconds(100))
            let again = presence.connected(.init(annID))
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try await store.agentState(.init(annID))?.state == .ready, "back within the grace period")
            presence.disconnected(.init(annID), again)
            var state: AgentPresence?
            for _ in 0..<100 {
                try await Task.sleep(for: .milliseconds(50))
                state = try await store.agentState(.init(annID))
                if state?.state == .notReady { break }
            }
            #expect(state?.state == .notReady && state?.reason == "disconnected")
            #expect(try await store.interaction(.init(heldID))?.assignedAgentID?.rawValue == annID, "held interactions stay")
            var revoked = try await store.interaction(.init(offeredID))
            for _ in 0..<100 where revoked?.state != .queued {
                try await Task.sleep(for: .milliseconds(50))
                revoked = try await store.interaction(.init(offeredID))
            }
            #expect(revoked?.state == .queued && revoked?.assignedAgentID == nil, "the open offer went back to the queue")
            let types = try await store.events(after: 0, limit: 500).map(\.event.type)
            #expect(types.contains(.interactionOfferRevoked))
        }
    }
}

@Suite struct PlatformReplyTests {
    @Test func anAgentsMessengerReplyGoesThroughTheOutboxWithTheChannelsTokenAddedAtSendTime() async throws {
        let sandbox = SandboxServer(secrets: [:], parleyURL: nil)
        let sandboxApp = Application(router: sandbox.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await sandboxApp.test(.live) { sandboxClient in
            let port = try #require(sandboxClient.port)
            let server = try await TestServer.make(extraConfig: """
                workgroups:
                  - {id: support, name: Support}
                channels:
                  - {id: acme-messenger, kind: messenger, account_id: "103149398319188", workgroup: support, access_token: page-token-123}
                """, clock: ManualClock(Date(timeIntervalSince1970: 1_767_225_600 + 300))) { $0.platformAPIOverride = "http://127.0.0.1:\(port)" }
            let store = server.store
            try await server.makeApplication().test(.live) { client in
                let admin = try await Browser.signIn(client)
                let ann = try await WebConfig.agent(client, "ann", admin: admin)
                #expect(try await client.execute(uri: "/api/v1/me/state", method: .put, headers: ann.headers(json: true),
                                                 body: ByteBuffer(string: #"{"state":"ready"}"#)).status == .ok)
                // Five minutes after the customer wrote (the fixture's timestamp): inside Messenger's 24 h window.
                let body = TestServer.messengerBody(mid: "m_customer_1", text: "Where is my order?")
                #expect(try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body),
                                                 body: ByteBuffer(string: body)).status == .ok)
                let id = try #require(try await WebConfig.waitFor(client, ann, state: "offered"))
                #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
                var headers = ann.headers(json: true)
                headers[.init("Idempotency-Key")!] = "ann-reply-1"
                let reply = try await client.execute(uri: "/api/v1/interactions/\(id)/messages", method: .post, headers: headers,
                                                     body: ByteBuffer(string: #"{"text":"It ships today 📦"}"#))
                #expect(reply.status == .created, "\(reply.text)")
                #expect(try reply.json()["deliveryStatus"] as? String == "pending")
                let messageID = try #require(try reply.json()["id"] as? String)

                var delivered: Message?
                for _ in 0..<100 {
                    delivered = try await store.message(.init(messageID))
                    if delivered?.deliveryStatus == .sent { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(delivered?.deliveryStatus == .sent && delivered?.platformMessageID?.hasPrefix("m_") == true)
                let call = try #require(await sandbox.state.recordedCalls().first)
                #expect(call.method == "POST" && call.path == "/103149398319188/messages")
                #expect(call.headers["authorization"] == "Bearer page-token-123")
                let sent = try JSONSerialization.jsonObject(with: Data(call.body.utf8)) as? [String: Any]
                #expect((sent?["recipient"] as? [String: Any])?["id"] as? String == "6543210987654321")
                #expect((sent?["message"] as? [String: Any])?["text"] as? String == "It ships today 📦")
                let item = try #require(try await store.outboxItem(1))
                #expect(item.request.headers["Authorization"] == nil, "the token is never stored in the outbox")
            }
        }
    }
}
