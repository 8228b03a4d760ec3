import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

@Suite struct WebhookTests {
    @Test func aSignedDeliveryIsStoredOnceAndProcessed() async throws {
        let server = try await TestServer.make()
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let body = TestServer.messengerBody(mid: "m_1")
            let first = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body), body: ByteBuffer(string: body))
            #expect(first.status == .ok)
            #expect(first.text == #"{"stored":1,"duplicates":0,"poison":false}"#)
            let again = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body), body: ByteBuffer(string: body))
            #expect(again.text == #"{"stored":0,"duplicates":1,"poison":false}"#)

            let channel = ChannelKey(kind: .messenger, accountID: "103149398319188")
            #expect(try await store.inboxEvents(channel: channel).map(\.event.dedupeKey) == ["mid:m_1"])
            var processed = false
            for _ in 0..<50 where !processed {
                processed = try await store.inboxEvents(channel: channel).allSatisfy { $0.processedAt != nil }
                if !processed { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(processed)
            #expect(try await store.events(after: 0, limit: 10).map(\.event.type) == [.interactionCreated, .messageReceived, .interactionQueued, .inboundAccepted])
        }
    }

    @Test func badSignaturesAreRejectedAndNothingIsStored() async throws {
        let server = try await TestServer.make()
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let body = TestServer.messengerBody(mid: "m_forged")
            let forged = try await client.execute(uri: "/webhooks/meta", method: .post,
                                                  headers: TestServer.signedHeaders(body, secret: "wrong"), body: ByteBuffer(string: body))
            #expect(forged.status == .unauthorized)
            #expect(try forged.errorCode() == "unauthorized")
            let unsigned = try await client.execute(uri: "/webhooks/meta", method: .post, body: ByteBuffer(string: body))
            #expect(unsigned.status == .unauthorized)
            #expect(try await store.inboxStatistics().pending == 0)
        }
    }

    @Test func clientMistakesGetTheOneErrorShape() async throws {
        let server = try await TestServer.make()
        try await server.makeApplication().test(.live) { client in
            let unknown = try await client.execute(uri: "/webhooks/myspace", method: .post, body: ByteBuffer(string: "{}"))
            #expect(unknown.status == .notFound)
            #expect(try unknown.errorCode() == "not_found")
            let unconfigured = try await client.execute(uri: "/webhooks/x", method: .post, body: ByteBuffer(string: "{}"))
            #expect(unconfigured.status == .notFound)
            let tooBig = try await client.execute(uri: "/webhooks/meta", method: .post,
                                                  body: ByteBuffer(repeating: UInt8(ascii: "a"), count: 5 * 1024 * 1024 + 1))
            #expect(tooBig.status == .contentTooLarge)
            #expect(try tooBig.errorCode() == "payload_too_large")
            let noRoute = try await client.execute(uri: "/nothing/here", method: .get)
            #expect(noRoute.status == .notFound)
            #expect(try noRoute.errorCode() == "not_found")
        }
    }

    @Test func aVerifiedButUnparseableBodyIsKeptAsPoisonAndAcknowledged() async throws {
        let server = try await TestServer.make()
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let body = "this is not json <script>alert(1)</script>"
            let response = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body), body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            #expect(try response.json()["poison"] as? Bool == true)
            let poison = try await store.poisonDeliveries(limit: 5)
            #expect(poison.first?.body == Data(body.utf8))
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains("parley_inbox_poison_deliveries 1"))
            #expect(metrics.text.contains("parley_inbox_poison_deliveries_total 1"))
        }
    }

    @Test func metaVerificationHandshakeEchoesTheChallenge() async throws {
        let server = try await TestServer.make()
        try await server.makeApplication().test(.live) { client in
            let ok = try await client.execute(uri: "/webhooks/meta?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444", method: .get)
            #expect(ok.status == .ok)
            #expect(ok.text == "1158201444")
            let wrong = try await client.execute(uri: "/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", method: .get)
            #expect(wrong.status == .forbidden)
        }
    }

    @Test func aFullDatabaseMakesParleyNotReadyAndNothingUnstoredIsAcknowledged() async throws {
        let server = try await TestServer.make()
        let store = try #require(server.store as? SQLiteStore, "the test fills a SQLite file")
        try await server.makeApplication().test(.live) { client in
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            try store.limitPageCount(toCurrentPlus: 2)
            var acknowledged: [String] = []
            var refused = 0
            for index in 0..<40 {
                let body = TestServer.messengerBody(mid: "m_full_\(index)", text: String(repeating: "x", count: 4000))
                let response = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body),
                                                        body: ByteBuffer(string: body))
                if response.status == .ok {
                    acknowledged.append("mid:m_full_\(index)")
                } else {
                    #expect(response.status == .serviceUnavailable)
                    #expect(try response.errorCode() == "unavailable")
                    refused += 1
                }
            }
            #expect(refused > 0, "the database filled up")
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable)
            let stored = Set(try await store.inboxEvents(channel: ChannelKey(kind: .messenger, accountID: "103149398319188")).map(\.event.dedupeKey))
            #expect(Set(acknowledged).isSubset(of: stored))
        }
    }

    @Test func healthAndMetricsEndpointsAnswer() async throws {
        let server = try await TestServer.make()
        try await server.makeApplication().test(.live) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(health.headers[.init("X-Request-Id")!] != nil)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.text.contains(#""ready":true"#))
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains("parley_http_requests_total"))
            #expect(metrics.text.contains("parley_inbox_lag_seconds"))
            #expect(metrics.text.contains("parley_outbox_pending"))
        }
    }
}
