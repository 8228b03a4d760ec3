import AsyncHTTPClient
import Connectors
import Domain
import Foundation
import Hummingbird
import NIOCore

/// X's control endpoints (documented on `SandboxServer`), its CRC checks against Parley, and the Account
/// Activity deliveries it sends after the API created a tweet or DM.
extension SandboxServer {
    struct XStateCommand: Decodable {
        var tokens: [String]?
        var followers: [String]?
        var open_dms: [String]?
        var conversations: [String]?
        var echoes: Bool?
    }

    struct XRateLimitCommand: Decodable {
        var endpoint: XRateLimits.Endpoint
        var limit: Int?
        var remaining: Int
        var reset_in: Double?
    }

    struct XOAuthCommand: Decodable {
        struct Client: Decodable {
            var id: String
            var secret: String?
        }

        var clients: [Client]?
        var refresh_tokens: [String]?
        var expires_in: Double?
    }

    struct XCRCCommand: Decodable {
        var app: String?
    }

    struct XCRCResult: Encodable {
        var status: Int
        var valid: Bool
        var response_token: String?
    }

    struct XDeletionCommand: Decodable {
        var tweet_id: String
        var user_id: String
    }

    func addXControls(to router: Router<BasicRequestContext>) {
        let state = self.state
        router.put("_sandbox/x/state") { request, context -> HTTPResponse.Status in
            await state.updateX(try await request.decode(as: XStateCommand.self, context: context))
            return .noContent
        }
        router.put("_sandbox/x/rate_limits") { request, context -> HTTPResponse.Status in
            let command = try await request.decode(as: XRateLimitCommand.self, context: context)
            await state.setXRateLimit(command.endpoint, limit: command.limit, remaining: command.remaining, resetIn: command.reset_in ?? 900)
            return .noContent
        }
        router.put("_sandbox/x/oauth") { request, context -> HTTPResponse.Status in
            let command = try await request.decode(as: XOAuthCommand.self, context: context)
            if let seconds = command.expires_in, seconds <= 0 { throw HTTPError(.badRequest, message: "expires_in must be above 0") }
            await state.updateXOAuth(command)
            return .noContent
        }
        router.post("_sandbox/x/crc") { request, context -> Response in
            let command = try await request.decode(as: XCRCCommand.self, context: context)
            return try jsonResponse(try await self.checkCRC(app: command.app))
        }
        router.post("_sandbox/x/deletions") { request, context -> Response in
            let command = try await request.decode(as: XDeletionCommand.self, context: context)
            await state.deleteTweet(command.tweet_id, author: command.user_id)
            // Without a Parley to tell (a sandbox on its own), the tweet is only marked deleted: status 0.
            let status = try await self.deliverXDeletion(command.tweet_id, author: command.user_id) ?? 0
            return try jsonResponse(["status": status])
        }
        router.delete("_sandbox/x") { _, _ -> HTTPResponse.Status in
            await state.resetX()
            return .noContent
        }
    }

    /// X's CRC check (platforms.md §5.1): a random `crc_token` to Parley's endpoint, and whether the answer is
    /// `sha256=` + base64 HMAC-SHA256(consumer secret, token). A wrong answer is what makes X disable a webhook.
    func checkCRC(app: String?) async throws -> XCRCResult {
        guard let parleyURL = await parleyTarget() else { throw HTTPError(.conflict, message: "the sandbox was started without a Parley URL") }
        var generator = TrafficGenerator(secrets: secrets, seed: UInt64(Date().timeIntervalSince1970 * 1000))
        let token = generator.randomID(digits: 32)
        let path = app.map { "/webhooks/x/\($0)" } ?? "/webhooks/x"
        let response = try await SandboxHTTP.client.execute(HTTPClientRequest(url: parleyURL + path + "?crc_token=" + token), timeout: .seconds(3))
        let body = try await response.body.collect(upTo: 1 << 16)
        let answered = ((try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any])?["response_token"] as? String
        let expected = Handshake.xCRC(query: ["crc_token": token], consumerSecret: secrets[.x] ?? "")
        let valid = response.status == .ok && answered.map { Handshake.Answer.json(#"{"response_token":"\#($0)"}"#) == expected } == true
        await state.noteDelivery("x.crc", status: Int(response.status.code))
        return XCRCResult(status: Int(response.status.code), valid: valid, response_token: answered)
    }

    func deliverXDeletion(_ tweet: String, author: String) async throws -> Int? {
        guard let parleyURL = await parleyTarget() else { return nil }
        let body: [String: Any] = ["for_user_id": accounts.xAccount,
                                   "tweet_delete_events": [["status": ["id": tweet, "user_id": author], "timestamp_ms": XTraffic.millis(await state.now())]]]
        let status = try await WebhookDeliverer(parleyURL: parleyURL).deliver(TrafficGenerator(secrets: secrets).sign(.x, body))
        await state.noteDelivery("x.tweet_delete", status: status)
        return status
    }

    /// Parley's URL: the one the sandbox was started with, else the one a test gave its state.
    func parleyTarget() async -> String? {
        if let parleyURL { return parleyURL }
        return await state.parleyURL
    }

    /// Account Activity echoes of the account's own tweets and DMs, shortly after the API answered.
    func deliver(_ activities: [XActivity], to parleyURL: String) async {
        try? await Task.sleep(for: .milliseconds(100))
        let traffic = XTraffic(random: TrafficGenerator(secrets: secrets), account: accounts.xAccount)
        let deliverer = WebhookDeliverer(parleyURL: parleyURL)
        for activity in activities {
            let event = traffic.echo(activity, at: await state.now())
            await state.noteDelivery(event.kind, status: (try? await deliverer.deliver(event.delivery)) ?? 0)
        }
    }
}
