import App
import Connectors
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Testing

/// The sandbox's X v2 API on its own (platforms.md §5.4–5.6): bearer tokens, rate-limit headers on every answer
/// and 429 when a window is exhausted, X's problem-details errors, the DM precondition, and CRC checks sent to
/// Parley.
@Suite struct XSandboxTests {
    static let account = SandboxServer.Accounts().xAccount

    static func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, token: String? = "user-token",
                     _ json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    static func run(_ body: @Sendable (SandboxServer, any TestClientProtocol) async throws -> Void) async throws {
        let sandbox = SandboxServer(state: SandboxState(now: { MetaSandboxHarness.start }), secrets: [.x: "x-secret"], parleyURL: nil)
        try await Application(router: sandbox.makeRouter()).test(.router) { client in try await body(sandbox, client) }
    }

    @Test func everyAnswerCarriesRateLimitHeadersAndAnExhaustedWindowAnswers429() async throws {
        try await Self.run { _, client in
            let first = try await Self.call(client, .post, "/2/tweets", #"{"text":"Hello from Acme"}"#)
            #expect(first.status == .created)
            #expect(first.headers[.init("x-rate-limit-limit")!] == "100")
            #expect(first.headers[.init("x-rate-limit-remaining")!] == "99")
            let reset = Int(MetaSandboxHarness.start.timeIntervalSince1970) + 900
            #expect(first.headers[.init("x-rate-limit-reset")!] == String(reset))
            let data = try #require(try first.json()["data"] as? [String: Any])
            let id = try #require(data["id"] as? String)
            #expect(id.count == 19 && UInt64(id)! > 1 << 53 && data["edit_history_tweet_ids"] as? [String] == [id])

            try await MetaSandboxHarness.control(client, .put, "/_sandbox/x/rate_limits", #"{"endpoint":"tweets","remaining":0,"reset_in":60}"#)
            let limited = try await Self.call(client, .post, "/2/tweets", #"{"text":"Another"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.init("x-rate-limit-remaining")!] == "0")
            #expect(limited.headers[.init("x-rate-limit-reset")!] == String(Int(MetaSandboxHarness.start.timeIntervalSince1970) + 60))
            #expect(try limited.json()["title"] as? String == "Too Many Requests")
            // Other endpoints have their own windows.
            #expect(try await Self.call(client, .post, "/2/users/\(Self.account)/likes", #"{"tweet_id":"\#(id)"}"#).status == .ok)
        }
    }

    @Test func aMissingOrUnknownBearerTokenIs401() async throws {
        try await Self.run { _, client in
            let missing = try await Self.call(client, .post, "/2/tweets", token: nil, #"{"text":"hi"}"#)
            #expect(missing.status == .unauthorized)
            #expect(try missing.json()["title"] as? String == "Unauthorized")
            try await MetaSandboxHarness.control(client, .put, "/_sandbox/x/state", #"{"tokens":["good-token"]}"#)
            #expect(try await Self.call(client, .post, "/2/tweets", token: "stale", #"{"text":"hi"}"#).status == .unauthorized)
            #expect(try await Self.call(client, .post, "/2/tweets", token: "good-token", #"{"text":"hi"}"#).status == .created)
        }
    }

    @Test func directMessagesGoOnlyToFollowersOpenAccountsOrExistingConversations() async throws {
        try await Self.run { _, client in
            let path = "/2/dm_conversations/with/944480690/messages"
            let refused = try await Self.call(client, .post, path, #"{"text":"Hello"}"#)
            #expect(refused.status == .forbidden)
            #expect(try refused.json()["detail"] as? String == "You are not permitted to send Direct Messages to this user.")
            try await MetaSandboxHarness.control(client, .put, "/_sandbox/x/state", #"{"followers":["944480690"]}"#)
            let sent = try await Self.call(client, .post, path, #"{"text":"Hello"}"#)
            #expect(sent.status == .created)
            let data = try #require(try sent.json()["data"] as? [String: Any])
            #expect(data["dm_conversation_id"] as? String == "944480690-\(Self.account)", "smaller id first")
            #expect((data["dm_event_id"] as? String)?.count == 19)
        }
    }

    @Test func repliesUnderDeletedTweetsDuplicatesAndBadRequestsAreRefusedInXsShapes() async throws {
        try await Self.run { _, client in
            try await MetaSandboxHarness.control(client, .post, "/_sandbox/x/deletions", #"{"tweet_id":"1850000000000000001","user_id":"944480690"}"#)
            let reply = #"{"text":"Sorry to hear that","reply":{"in_reply_to_tweet_id":"1850000000000000001"}}"#
            let deleted = try await Self.call(client, .post, "/2/tweets", reply)
            #expect(deleted.status == .forbidden)
            #expect(try deleted.json()["detail"] as? String == "You attempted to reply to a Tweet that is deleted or not visible to you.")
            #expect(try await Self.call(client, .post, "/2/tweets", #"{"text":"Same words"}"#).status == .created)
            let duplicate = try await Self.call(client, .post, "/2/tweets", #"{"text":"Same words"}"#)
            #expect(duplicate.status == .forbidden)
            let empty = try await Self.call(client, .post, "/2/tweets", #"{"text":""}"#)
            #expect(empty.status == .badRequest)
            #expect(try (empty.json()["errors"] as? [Any])?.count == 1)
            let long = try await Self.call(client, .post, "/2/tweets", #"{"text":"\#(String(repeating: "a", count: 281))"}"#)
            #expect(long.status == .badRequest)
            let me = try await Self.call(client, .get, "/2/users/me")
            #expect((try me.json()["data"] as? [String: Any])?["id"] as? String == Self.account)
            let nobody = try await Self.call(client, .get, "/2/users/42")
            #expect(nobody.status == .ok)
            #expect(try (nobody.json()["errors"] as? [Any])?.count == 1)
        }
    }

    /// The sandbox's CRC check against Parley: valid with the right consumer secret, invalid with another.
    @Test func crcChecksAgainstParleyTellARightSecretFromAWrongOne() async throws {
        for (parleySecret, valid) in [("x-secret", true), ("another-secret", false)] {
            let server = try await TestServer.make(platforms: "platforms:\n  x: {webhook_secret: \(parleySecret)}")
            try await server.makeApplication().test(.live) { parley in
                let sandbox = SandboxServer(secrets: [.x: "x-secret"], parleyURL: "http://127.0.0.1:\(try #require(parley.port))")
                try await Application(router: sandbox.makeRouter()).test(.router) { client in
                    let result = try await client.execute(uri: "/_sandbox/x/crc", method: .post, headers: [.contentType: "application/json"],
                                                          body: ByteBuffer(string: "{}")).json()
                    #expect(result["status"] as? Int == 200)
                    #expect(result["valid"] as? Bool == valid)
                }
            }
        }
    }
}
