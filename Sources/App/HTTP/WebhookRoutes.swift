import Connectors
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/webhooks/{meta|x|line|open}`: answers handshakes (GET), and for deliveries (POST) verifies the
/// signature over the raw bytes, splits the body into events, and acknowledges only after the group-commit
/// writer has stored it. A verified body that cannot be parsed is stored as poison and acknowledged.
struct WebhookRoutes: Sendable {
    let secrets: WebhookSecrets
    let writer: GroupCommitWriter
    let readiness: Readiness
    let clock: any WallClock
    let maxBodyBytes: Int

    func register(on router: Router<ParleyRequestContext>) {
        router.get("webhooks/:source") { request, context in try self.handshake(request, context: context) }
        router.post("webhooks/:source") { request, context in try await self.deliver(request, context: context) }
    }

    private func source(_ context: ParleyRequestContext) throws -> WebhookSource {
        let name = context.parameters.get("source") ?? ""
        guard let source = WebhookSource(rawValue: name), source != .web else {
            throw AppError.notFound("No webhook endpoint '\(name)'; Parley has /webhooks/meta, /webhooks/x, /webhooks/line and /webhooks/open.")
        }
        return source
    }

    private func handshake(_ request: Request, context: ParleyRequestContext) throws -> Response {
        let source = try source(context)
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let answer: Handshake.Answer
        switch source {
        case .meta: answer = Handshake.meta(query: query, verifyToken: secrets.verifyToken(for: .meta))
        case .x: answer = Handshake.xCRC(query: query, consumerSecret: secrets.webhookSecret(for: .x))
        case .line, .open, .web: answer = .notAHandshake
        }
        switch answer {
        case .text(let body):
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: body)))
        case .json(let body):
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        case .forbidden:
            throw AppError.forbidden("The verification token does not match this endpoint's configuration.")
        case .notAHandshake:
            throw AppError.badRequest("This endpoint answers the platform's verification request and takes deliveries by POST.")
        }
    }

    private func deliver(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let source = try source(context)
        guard let secret = secrets.webhookSecret(for: source) else {
            throw AppError.notFound("Webhooks from \(source.rawValue) are not configured on this Parley (platforms.\(source.rawValue).webhook_secret).")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            throw AppError(.contentTooLarge, code: "payload_too_large", message: "The body is \(length) bytes; Parley accepts at most \(maxBodyBytes).")
        }
        guard await readiness.acceptingDeliveries() else {
            throw AppError.unavailable("Parley cannot store deliveries right now; retry later.")
        }
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        let body = Data(buffer.readableBytesView)
        let scheme = WebhookSignature.of(source)
        guard scheme.verify(body, headerValue: request.headers[.init(scheme.header)!], secret: secret) else {
            context.logger.notice("webhook signature rejected", metadata: ["source": "\(source.rawValue)"])
            throw AppError.unauthorized("The \(scheme.header) signature does not match the body.")
        }
        let delivery = DeliverySplitter.delivery(body, from: source, receivedAt: clock.now())
        if case .poison(let reason) = delivery.content {
            context.logger.warning("poison delivery stored for inspection", metadata: ["source": "\(source.rawValue)", "reason": "\(reason)"])
        }
        let result: CommitResult
        do {
            result = try await writer.submit(delivery)
        } catch {
            throw AppError.unavailable("Parley could not store this delivery; it was not accepted. Retry later.")
        }
        let answer = #"{"stored":\#(result.newEvents),"duplicates":\#(result.duplicates),"poison":\#(result.poison)}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
    }
}

/// The resolved webhook secrets and verify tokens per platform.
public struct WebhookSecrets: Sendable {
    public var webhook: [WebhookSource: String]
    public var verify: [WebhookSource: String]

    public init(webhook: [WebhookSource: String] = [:], verify: [WebhookSource: String] = [:]) {
        self.webhook = webhook
        self.verify = verify
    }

    func webhookSecret(for source: WebhookSource) -> String? { webhook[source] }
    func verifyToken(for source: WebhookSource) -> String? { verify[source] }
}
