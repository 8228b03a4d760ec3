import App
import AsyncHTTPClient
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Storage
import Testing

/// Inbound attachments are copied from the (sandbox's) platform into Parley and served from there: WhatsApp media
/// through the Graph API with the channel's token, Messenger files from the CDN; bounded in size, retried while the
/// platform is down, finished after a restart.
@Suite struct MediaFetchTests {
    typealias World = MetaSurfaceWorld

    /// Fast passes and retries, so tests do not wait.
    static let quick: @Sendable (inout ServeOptions) -> Void = { options in
        options.media.interval = .milliseconds(50)
        options.media.firstBackoff = 0.05
    }

    @Test func whatsappAndMessengerImagesAreStoredAndServedToTheHoldingAgentOnly() async throws {
        try await World.run(configure: Self.quick) { world in
            try await world.traffic(#"{"scenario": "whatsapp_conversation"}"#)
            let whatsapp = try await world.accept(channel: "wa", thread: "conversation:")
            let stored = try await Self.settled(world.store, whatsapp)
            let image = try #require(stored.first { $0.state == .stored })
            #expect(image.mimeType == "image/png" && image.source.hasPrefix("whatsapp-media:") && image.attempts == 1)

            // The media object and the file were both asked for with the WhatsApp channel's token.
            let mediaID = String(image.source.dropFirst("whatsapp-media:".count))
            let lookups = await world.calls("GET", path: "/\(mediaID)")
            let downloads = await world.calls("GET", path: "/_sandbox/media/\(mediaID)")
            #expect(lookups.count == 1 && lookups.first?.headers["authorization"] == "Bearer wa-token", "\(lookups)")
            #expect(downloads.first?.headers["authorization"] == "Bearer wa-token" && downloads.first?.status == 200, "\(downloads)")

            // The interaction's detail points at Parley's copy and keeps the platform's reference.
            let detail = MetaJSON(Data(try await world.parley.execute(uri: "/api/v1/interactions/\(whatsapp)?limit=200", method: .get,
                                                                              headers: world.ann.headers()).body.readableBytesView))
            let attachment = try #require(detail["messages"].array.flatMap { $0["attachments"].array }.first { $0["mediaId"].string == image.id.rawValue })
            #expect(attachment["url"].string == "/api/v1/media/\(image.id.rawValue)" && attachment["state"].string == "stored")
            #expect(attachment["platformUrl"].string == image.source && attachment["mimeType"].string == "image/png")

            let served = try await world.parley.execute(uri: "/api/v1/media/\(image.id.rawValue)", method: .get, headers: world.ann.headers())
            #expect(served.status == .ok)
            #expect(served.headers[.contentType] == "image/png" && served.headers[.contentDisposition]?.hasPrefix("inline;") == true)
            #expect(served.headers[.init("X-Content-Type-Options")!] == "nosniff")
            #expect(served.headers[.contentSecurityPolicy] == "sandbox; default-src 'none'")
            let bytes = Data(served.body.readableBytesView)
            #expect(bytes.count == image.size && bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))

            // Another agent does not learn it exists; a supervisor (the admin) may read it.
            let bob = try await Self.agent(world, "bob")
            let hidden = try await world.parley.execute(uri: "/api/v1/media/\(image.id.rawValue)", method: .get, headers: bob.headers())
            #expect(hidden.status == .notFound)
            let supervised = try await world.parley.execute(uri: "/api/v1/media/\(image.id.rawValue)", method: .get, headers: world.admin.headers())
            #expect(supervised.status == .ok)

            // A Messenger image comes from the CDN URL, without a token.
            try await Self.trafficOverLoopback(world, #"{"scenario": "messenger_conversation"}"#)
            let messenger = try await world.accept(channel: "dm", thread: "conversation:")
            let cdn = try #require(try await Self.settled(world.store, messenger).first { $0.source.contains("/_sandbox/cdn/") })
            #expect(cdn.state == .stored && cdn.mimeType == "image/png", "\(cdn)")
            let fetched = await world.sandbox.recordedCalls().filter { $0.path.hasPrefix("/_sandbox/cdn/") }
            #expect(fetched.count == 1 && fetched.first?.headers["authorization"] == nil, "\(fetched)")
            let cdnServed = try await world.parley.execute(uri: "/api/v1/media/\(cdn.id.rawValue)", method: .get, headers: world.ann.headers())
            #expect(cdnServed.status == .ok && cdnServed.headers[.contentType] == "image/png")
        }
    }

    @Test func anOversizedFileIsRefusedWithTheReason() async throws {
        try await World.run(configure: { options in
            Self.quick(&options)
            options.media.maxFileBytes = 16
        }) { world in
            try await world.traffic(#"{"scenario": "whatsapp_conversation"}"#)
            let id = try await world.accept(channel: "wa", thread: "conversation:")
            let fetch = try #require(try await Self.settled(world.store, id).first { $0.source.hasPrefix("whatsapp-media:") })
            #expect(fetch.state == .failed && fetch.reason?.hasPrefix("too large") == true, "\(fetch)")
            // Refused from the media object's declared size: the file itself was never downloaded.
            #expect(await world.sandbox.recordedCalls().filter { $0.path.hasPrefix("/_sandbox/media/") }.isEmpty)
            let served = try await world.parley.execute(uri: "/api/v1/media/\(fetch.id.rawValue)", method: .get, headers: world.ann.headers())
            #expect(served.status == .conflict && served.text.contains("too large"), "\(served.text)")
        }
    }

    @Test func theGraphAPIDownForAWhileIsRetriedThenStored() async throws {
        try await World.run(configure: Self.quick) { world in
            await world.sandbox.setFailure(.serverError(status: 503), count: 3)
            try await world.traffic(#"{"scenario": "whatsapp_conversation"}"#)
            let id = try await world.accept(channel: "wa", thread: "conversation:")
            let fetch = try #require(try await Self.settled(world.store, id).first { $0.source.hasPrefix("whatsapp-media:") })
            #expect(fetch.state == .stored && fetch.attempts >= 2, "\(fetch)")
            let mediaID = String(fetch.source.dropFirst("whatsapp-media:".count))
            let statuses = await world.calls("GET", path: "/\(mediaID)").map(\.status)
            #expect(statuses.first == 503 && statuses.last == 200, "\(statuses)")
        }
    }

    @Test func aRestartFinishesPendingFetches() async throws {
        let state = SandboxState()
        let graph = SandboxServer(state: state, secrets: [.meta: TestServer.secret], parleyURL: nil)
        try await Application(router: graph.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { graphClient in
            let graphPort = try #require(graphClient.port)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-media-\(UUID().uuidString)").path
            let configure: @Sendable (inout ServeOptions) -> Void = { options in
                options.dataDirectory = directory
                options.platformAPIOverride = "http://127.0.0.1:\(graphPort)"
            }
            // The first Parley takes the message but never gets to a pass after it (its passes are an hour apart).
            let first = try await TestServer.make(extraConfig: World.channels) { options in
                configure(&options)
                options.media.interval = .seconds(3600)
            }
            let firstStore = first.store
            try await first.makeApplication().test(.live) { parley in
                let control = SandboxServer(state: state, secrets: [.meta: TestServer.secret], parleyURL: "http://127.0.0.1:\(try #require(parley.port))")
                try await Application(router: control.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
                    _ = try await MetaSandboxHarness.control(client, .post, "/_sandbox/traffic", #"{"scenario": "whatsapp_conversation"}"#)
                }
                for _ in 0..<200 where try await Self.withMedia(firstStore) == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            let interaction = try #require(try await Self.withMedia(first.store))
            #expect(try await first.store.mediaFetches(of: interaction).allSatisfy { $0.state != .stored })

            // A new Parley on the same data directory finds the message and stores its file.
            let second = try await TestServer.make(extraConfig: World.channels) { options in
                configure(&options)
                Self.quick(&options)
            }
            let secondStore = second.store
            try await second.makeApplication().test(.live) { _ in
                let fetches = try await Self.settled(secondStore, interaction.rawValue)
                #expect(fetches.contains { $0.state == .stored && $0.source.hasPrefix("whatsapp-media:") }, "\(fetches)")
            }
        }
    }

    @Test func theSizeBoundsAreSetInParleyYml() {
        let result = ConfigLoader.validate(yaml: """
            server:
              media_max_file_bytes: 1048576
              media_quota_bytes: 524288
            """)
        #expect(result.config.server.mediaMaxFileBytes == 1_048_576)
        #expect(result.diagnostics.map(\.path) == ["server.media_quota_bytes"], "a quota under 1 MiB is refused")
    }

    /// The interaction's media rows once none is pending (and at least one exists).
    static func settled(_ store: any ParleyStore, _ interaction: String) async throws -> [MediaFetch] {
        var fetches: [MediaFetch] = []
        for _ in 0..<300 {
            fetches = try await store.mediaFetches(of: .init(interaction))
            if !fetches.isEmpty, !fetches.contains(where: { $0.state == .pending }) { return fetches }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the interaction's media never settled: \(fetches)")
        return fetches
    }

    /// The open interaction whose messages carry an attachment, once one is stored.
    static func withMedia(_ store: any ParleyStore) async throws -> Interaction.ID? {
        for interaction in try await store.interactions(openOnly: true, assignedTo: nil, limit: 50) {
            let messages = try await store.messages(of: interaction.id, after: nil, limit: 200)
            if messages.contains(where: { !$0.attachments.isEmpty }) { return interaction.id }
        }
        return nil
    }

    /// Traffic asked for over a real connection: the sandbox names its CDN after the address it was called on, and
    /// the test client's `localhost` (port 80) is not where it listens.
    static func trafficOverLoopback(_ world: World, _ json: String) async throws {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(try #require(world.control.port))/_sandbox/traffic")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.status == .ok)
    }

    static func agent(_ world: World, _ name: String) async throws -> Browser {
        let created = try await world.parley.execute(
            uri: "/api/v1/users", method: .post, headers: world.admin.headers(json: true),
            body: ByteBuffer(string: #"{"username":"\#(name)","password":"long-enough-pw","roles":["agent"],"workgroups":["support"]}"#))
        #expect(created.status == .created, "\(created.text)")
        return try await Browser.signIn(world.parley, username: name, password: "long-enough-pw")
    }
}
