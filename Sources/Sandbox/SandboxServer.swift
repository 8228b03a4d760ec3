import Domain
import Foundation
import Hummingbird
import NIOCore

/// Parley's local stand-in for the platforms' APIs. Later issues add each platform's real endpoints,
/// shapes and policies; this harness records every call, answers with configurable failures, honours
/// idempotency keys, and sends signed webhook traffic to Parley.
///
/// Control endpoints (under `/_sandbox`):
/// - `GET /_sandbox/calls` — every recorded API call; `DELETE /_sandbox/calls` — forget them and reset.
/// - `PUT /_sandbox/failure` — `{"mode": "none" | "server_error" | "rate_limit" | "timeout" | "permanent",
///   "count": 3, "status": 503, "reset_after": 30, "seconds": 25}`: fail the next `count` calls (all if absent).
/// - `POST /_sandbox/traffic` — `{"source": "meta", "count": 10}`: generate and deliver signed webhooks.
public struct SandboxServer: Sendable {
    public let state: SandboxState
    public let secrets: [WebhookSource: String]
    public let parleyURL: String?
    public let accounts: Accounts

    /// The company accounts the generated traffic is addressed to.
    public struct Accounts: Sendable {
        public var facebookPage = "103149398319188"
        public var whatsappNumber = "106540352242922"
        public var xAccount = "2244994945"
        public var lineBot = "U0123456789abcdef0123456789abcdef"
        public var openIntegration = "open-demo"

        public init() {}
    }

    public init(state: SandboxState = SandboxState(), secrets: [WebhookSource: String], parleyURL: String?, accounts: Accounts = Accounts()) {
        self.state = state
        self.secrets = secrets
        self.parleyURL = parleyURL
        self.accounts = accounts
    }

    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let state = self.state
        router.get("_sandbox/calls") { _, _ -> Response in
            try jsonResponse(await state.recordedCalls())
        }
        router.delete("_sandbox/calls") { _, _ -> HTTPResponse.Status in
            await state.reset()
            return .noContent
        }
        router.put("_sandbox/failure") { request, context -> HTTPResponse.Status in
            let command = try await request.decode(as: FailureCommand.self, context: context)
            await state.setFailure(try command.failureMode(), count: command.count)
            return .noContent
        }
        router.post("_sandbox/traffic") { request, context -> Response in
            let command = try await request.decode(as: TrafficCommand.self, context: context)
            return try jsonResponse(try await self.sendTraffic(command))
        }
        router.on("**", method: .post) { request, context in try await self.platformCall(request, context: context) }
        router.on("**", method: .get) { request, context in try await self.platformCall(request, context: context) }
        router.on("**", method: .delete) { request, context in try await self.platformCall(request, context: context) }
        return router
    }

    public func makeApplication(host: String, port: Int) -> some ApplicationProtocol {
        Application(router: makeRouter(), configuration: .init(address: .hostname(host, port: port), serverName: "parley-sandbox"))
    }

    private func platformCall(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 4 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let (mode, status, text) = await state.answer(method: request.method.rawValue, path: request.uri.path,
                                                      headers: headers, body: String(buffer: body))
        var responseHeaders: HTTPFields = [.contentType: "application/json"]
        switch mode {
        case .timeout(let seconds):
            try await Task.sleep(for: .seconds(seconds))
        case .rateLimited(let reset):
            responseHeaders[.retryAfter] = String(reset)
            responseHeaders[.init("x-rate-limit-reset")!] = String(Int(Date().timeIntervalSince1970) + reset)
        default:
            break
        }
        return Response(status: .init(code: status), headers: responseHeaders, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    struct FailureCommand: Decodable {
        var mode: String
        var count: Int?
        var status: Int?
        var reset_after: Int?
        var seconds: Double?
        var body: String?

        func failureMode() throws -> SandboxState.FailureMode {
            switch mode {
            case "none": return .none
            case "server_error": return .serverError(status: status ?? 503)
            case "rate_limit": return .rateLimited(resetAfterSeconds: reset_after ?? 60)
            case "timeout": return .timeout(seconds: seconds ?? 30)
            case "permanent":
                return .permanent(status: status ?? 400,
                                  body: body ?? #"{"error":{"message":"(#100) No matching user found","code":100,"error_subcode":2018001}}"#)
            default: throw HTTPError(.badRequest, message: "unknown failure mode '\(mode)'")
            }
        }
    }

    struct TrafficCommand: Decodable {
        var source: String
        var count: Int?
        var seed: UInt64?
    }

    struct TrafficResult: Encodable {
        var delivered: Int
        var statuses: [String: Int]
    }

    private func sendTraffic(_ command: TrafficCommand) async throws -> TrafficResult {
        guard let parleyURL else { throw HTTPError(.conflict, message: "the sandbox was started without a Parley URL") }
        let deliverer = WebhookDeliverer(parleyURL: parleyURL)
        var generator = TrafficGenerator(secrets: secrets, seed: command.seed ?? UInt64(Date().timeIntervalSince1970 * 1000))
        var statuses: [String: Int] = [:]
        let count = min(max(command.count ?? 1, 1), 10_000)
        for _ in 0..<count {
            let delivery: TrafficGenerator.Delivery
            switch command.source {
            case "meta", "messenger": delivery = generator.messengerText(page: accounts.facebookPage)
            case "whatsapp": delivery = generator.whatsappText(phoneNumberID: accounts.whatsappNumber)
            case "x": delivery = generator.xDirectMessage(account: accounts.xAccount)
            case "line": delivery = generator.lineText(destination: accounts.lineBot)
            case "open": delivery = generator.openText(integration: accounts.openIntegration)
            default: throw HTTPError(.badRequest, message: "unknown source '\(command.source)'; use meta, whatsapp, x, line or open")
            }
            let status = try await deliverer.deliver(delivery)
            statuses[String(status), default: 0] += 1
        }
        return TrafficResult(delivered: count, statuses: statuses)
    }
}

func jsonResponse(_ value: some Encodable) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return Response(status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
}
