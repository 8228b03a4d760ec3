import App
import Connectors
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// What `parley demo` does on the open channel: the sandbox's traffic source `open` sends signed messages to the
/// channel's own endpoint, Parley routes them, and the reference integrator confirms each answer delivered and read.
@Suite struct OpenSandboxTrafficTests {
    @Test func generatedOpenTrafficIsRoutedAndTheReferenceIntegratorConfirmsTheAnswerRead() async throws {
        let secret = "demo-open-secret"
        let state = SandboxState()
        let integrator = SandboxServer(state: state, secrets: [.open: secret], parleyURL: nil)
        let sandboxApp = Application(router: integrator.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await sandboxApp.test(.live) { sandboxClient in
            let sandboxURL = "http://127.0.0.1:\(try #require(sandboxClient.port))"
            let server = try await TestServer.make(extraConfig: """
                workgroups:
                  - {id: support}
                  - {id: billing}
                channels:
                  - {id: acme-open, kind: open, account_id: open-demo, workgroup: support, url: "https://unused.example", webhook_secret: \(secret)}
                """) { $0.platformAPIOverride = sandboxURL }
            let store = server.store
            try await server.makeApplication().test(.live) { client in
                let parleyURL = "http://127.0.0.1:\(try #require(client.port))"
                await integrator.open.setParleyURL(parleyURL)
                await integrator.open.setReceipts(.read)
                // The traffic is sent as `parley demo` sends it: by a sandbox that knows Parley's URL.
                let traffic = SandboxServer(state: state, secrets: [.open: secret], parleyURL: parleyURL)
                let kinds = try await traffic.deliverTraffic(source: "open", count: 3, sandboxURL: sandboxURL)
                #expect(kinds == ["open": 3])
                #expect(await state.deliveredWebhooks().map(\.status) == [200, 200, 200])

                let admin = try await Browser.signIn(client)
                let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
                var interactions: [Interaction] = []
                for _ in 0..<100 where interactions.count < 3 {
                    try await Task.sleep(for: .milliseconds(50))
                    interactions = try await store.interactions(openOnly: true, assignedTo: nil, limit: 10).filter { $0.channelID == "acme-open" }
                }
                #expect(interactions.count == 3, "three customers, three conversations")
                let id = try #require(try await ReplyWindowTests.offered(client, to: ann))
                #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
                let messageID = try await OpenChannelFlowTests.reply(client, id, as: ann, "Thanks, we are on it.")
                let read = try await OpenChannelFlowTests.waitFor(store, messageID) { $0.deliveryStatus == .read }
                #expect(read?.deliveryStatus == .read)
                let posts = await integrator.open.receivedPosts()
                #expect(posts.count == 1 && posts[0].signatureValid && posts[0].message?.id == messageID)
            }
        }
    }

    @Test func theReferenceIntegratorAnswersARepeatedKeyFromMemoryAndRefusesForgedPosts() async throws {
        let sandbox = SandboxServer(secrets: [.open: "s3cret"], parleyURL: nil)
        try await Application(router: sandbox.makeRouter()).test(.router) { client in
            let body = #"{"channel":"sms","id":"m1","recipient":{"id":"c1"},"text":"hi","type":"message","version":1}"#
            func post(key: String, secret: String) async throws -> TestResponse {
                try await client.execute(uri: "/open/sms", method: .post,
                                         headers: [.init("Idempotency-Key")!: key,
                                                   .init("X-Parley-Signature")!: OpenSignature.scheme.sign(Data(body.utf8), secret: secret)],
                                         body: ByteBuffer(string: body))
            }
            #expect(try await post(key: "k1", secret: "s3cret").status == .ok)
            let again = try await post(key: "k1", secret: "s3cret")
            #expect(again.status == .ok && again.text.contains("duplicate"))
            #expect(try await post(key: "k2", secret: "guess").status == .unauthorized)
            let posts = await sandbox.open.receivedPosts()
            #expect(posts.map(\.replayed) == [false, true, false] && posts.map(\.signatureValid) == [true, true, false])
        }
    }
}
