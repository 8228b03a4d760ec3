import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Testing

/// The LINE sandbox answers as LINE does (platforms.md §6.2, fixture 6): reply tokens are single use and expire a
/// minute after their webhook; a repeated retry key is 409 with `x-line-accepted-request-id`; a bad channel token
/// is 401; bodies are checked; every call is recorded, and `DELETE /_sandbox/line` forgets LINE's state.
@Suite struct LineSandboxTests {
    typealias Harness = MetaSandboxHarness
    static let user = "U4af4980629abcdef4af4980629abcdef"

    func line(_ client: any TestClientProtocol, _ path: String, token: String? = "line-token", retryKey: String? = nil,
              _ json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let retryKey { headers[.init("X-Line-Retry-Key")!] = retryKey }
        return try await client.execute(uri: path, method: json == nil ? .get : .post, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    static func reply(_ token: String) -> String { #"{"replyToken":"\#(token)","messages":[{"type":"text","text":"Hi"}]}"# }
    static let push = #"{"to":"\#(user)","messages":[{"type":"text","text":"Hi"}]}"#

    @Test func aReplyTokenWorksOnceAndOnlyWithinAMinute() async throws {
        try await Harness.run { _, client in
            try await Harness.control(client, .post, "/_sandbox/line/reply-tokens", #"{"token": "fresh"}"#)
            try await Harness.control(client, .post, "/_sandbox/line/reply-tokens", #"{"token": "stale"}"#)
            let ok = try await line(client, "/v2/bot/message/reply", Self.reply("fresh"))
            #expect(ok.status == .ok && MetaJSON(ok)["sentMessages"][0]["id"].string != nil, "\(ok.text)")
            #expect(ok.headers[.init("x-line-request-id")!] != nil)
            let again = try await line(client, "/v2/bot/message/reply", Self.reply("fresh"))
            #expect(again.status == .badRequest && MetaJSON(again)["message"].string == "Invalid reply token")
            try await Harness.control(client, .put, "/_sandbox/clock", #"{"advance_seconds": 61}"#)
            #expect(try await line(client, "/v2/bot/message/reply", Self.reply("stale")).status == .badRequest)
            #expect(try await line(client, "/v2/bot/message/reply", Self.reply("never-issued")).status == .badRequest)
        }
    }

    @Test func aRepeatedRetryKeyIsAnsweredWith409AndTheFirstRequestsID() async throws {
        try await Harness.run { sandbox, client in
            let key = "123e4567-e89b-42d3-a456-426614174000"
            let first = try await line(client, "/v2/bot/message/push", retryKey: key, Self.push)
            #expect(first.status == .ok)
            let repeated = try await line(client, "/v2/bot/message/push", retryKey: key, Self.push)
            #expect(repeated.status == .conflict)
            #expect(repeated.headers[.init("x-line-accepted-request-id")!] == first.headers[.init("x-line-request-id")!])
            #expect(MetaJSON(repeated)["sentMessages"][0]["id"].string == MetaJSON(first)["sentMessages"][0]["id"].string)
            #expect(try await line(client, "/v2/bot/message/push", retryKey: "not-a-uuid", Self.push).status == .badRequest)
            // A reply takes no retry key.
            try await Harness.control(client, .post, "/_sandbox/line/reply-tokens", #"{"token": "t"}"#)
            #expect(try await line(client, "/v2/bot/message/reply", retryKey: key, Self.reply("t")).status == .badRequest)
            let calls = await sandbox.state.recordedCalls().filter { $0.path.hasPrefix("/v2/") }
            #expect(calls.map(\.status) == [200, 409, 400, 400])
            // Forgotten: the key is new again.
            try await Harness.control(client, .delete, "/_sandbox/line", "{}")
            #expect(try await line(client, "/v2/bot/message/push", retryKey: key, Self.push).status == .ok)
        }
    }

    @Test func aBadChannelTokenOrBodyIsRefusedInLinesShape() async throws {
        try await Harness.run { _, client in
            try await Harness.control(client, .put, "/_sandbox/line/tokens", #"{"invalid": ["revoked"]}"#)
            let revoked = try await line(client, "/v2/bot/message/push", token: "revoked", Self.push)
            #expect(revoked.status == .unauthorized && MetaJSON(revoked)["message"].string?.hasPrefix("Authentication failed") == true)
            #expect(try await line(client, "/v2/bot/info", token: nil).status == .unauthorized)
            let six = (0..<6).map { _ in #"{"type":"text","text":"x"}"# }.joined(separator: ",")
            let tooMany = try await line(client, "/v2/bot/message/push", #"{"to":"\#(Self.user)","messages":[\#(six)]}"#)
            #expect(tooMany.status == .badRequest && MetaJSON(tooMany)["details"][0]["property"].string == "messages")
            let long = String(repeating: "あ", count: 5001)
            let tooLong = try await line(client, "/v2/bot/message/push", #"{"to":"\#(Self.user)","messages":[{"type":"text","text":"\#(long)"}]}"#)
            #expect(MetaJSON(tooLong)["details"][0]["property"].string == "messages[0].text")
            #expect(try await line(client, "/v2/bot/message/push", #"{"to":"nobody","messages":[{"type":"text","text":"x"}]}"#).status == .badRequest)
            let info = try await line(client, "/v2/bot/info")
            #expect(info.status == .ok && MetaJSON(info)["userId"].string == Harness.accounts.lineBot)
        }
    }

    /// (That the signature is the channel secret's is proven end to end: Parley verifies it in `LineSurfaceFlowTests`.)
    @Test func lineTrafficRedeliversAnEarlierEventWithTheSameEventID() async throws {
        try await Harness.runWithParley { _, client, received in
            let result = MetaJSON(try await Harness.control(client, .post, "/_sandbox/traffic", #"{"scenario": "line_conversation"}"#))
            #expect(result["delivered"].int == 6)
            let bodies = await received.all.filter { $0.path == "/webhooks/line" }
            #expect(bodies.count == 6)
            let events = bodies.compactMap { $0.json["events"][0].raw as? [String: Any] }
            #expect(events.map { $0["type"] as? String } == ["follow", "message", "message", "message", "message", "postback"])
            let redelivered = events[4]
            #expect((redelivered["deliveryContext"] as? [String: Any])?["isRedelivery"] as? Bool == true)
            #expect(redelivered["webhookEventId"] as? String == events[1]["webhookEventId"] as? String)

            // The image is LINE's to serve, with the channel token.
            let image = try #require((events[3]["message"] as? [String: Any])?["id"] as? String)
            let content = try await line(client, "/v2/bot/message/\(image)/content")
            #expect(content.status == .ok && content.headers[.contentType] == "image/png")
            #expect(try await line(client, "/v2/bot/message/\(image)/content", token: nil).status == .unauthorized)
            #expect(try await line(client, "/v2/bot/message/1/content").status == .notFound)
        }
    }
}

