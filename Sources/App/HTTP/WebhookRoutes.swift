import Connectors
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/webhooks/{meta|x|line|open}`, `/webhooks/{meta|x}/{app}` and `/webhooks/line/{channel}`: answers handshakes
/// (GET), and for deliveries (POST) verifies the signature over the raw bytes with the endpoint's secret (either
/// of two during a rotation), splits the body into events, and acknowledges only after the group-commit writer
/// has stored it. A verified body that cannot be parsed is stored as poison and acknowledged. Which channel an
/// event belongs to is read from the body (`object` and entry id), so one app can serve several pages, accounts
/// and numbers.
struct WebhookRoutes: Sendable {
    let secrets: WebhookSecrets
    let writer: GroupCommitWriter
    let readiness: Readiness
    let clock: any WallClock
    let maxBodyBytes: Int
    let rejected: @Sendable (WebhookSource) -> Void

    func register(on router: Router<ParleyRequestContext>) {
        router.get("webhooks/:source") { request, context in try self.handshake(request, context: context) }
        router.post("webhooks/:source") { request, context in try await self.deliver(request, context: context) }
        router.get("webhooks/:source/:app") { request, context in try self.handshake(request, context: context) }
        router.post("webhooks/:source/:app") { request, context in try await self.deliver(request, context: context) }
    }

    private func endpoint(_ context: ParleyRequestContext) throws -> (WebhookSource, app: String?) {
        let name = context.parameters.get("source") ?? ""
        guard let source = WebhookSource(rawValue: name), source != .web else {
            throw AppError.notFound("No webhook endpoint '\(name)'; Parley has /webhooks/meta, /webhooks/meta/{app}, /webhooks/x, /webhooks/x/{app}, /webhooks/line, /webhooks/line/{channel} and /webhooks/open.")
        }
        let app = context.parameters.get("app")
        if let app, !WebhookSecrets.perApp.contains(source) {
            throw AppError.notFound("Only Meta and X (per app) and LINE (per channel) have several endpoints; \(source.rawValue) deliveries go to /webhooks/\(source.rawValue), not /webhooks/\(source.rawValue)/\(app).")
        }
        return (source, app)
    }

    private func path(_ source: WebhookSource, _ app: String?) -> String {
        app.map { "/webhooks/\(source.rawValue)/\($0)" } ?? "/webhooks/\(source.rawValue)"
    }

    private func handshake(_ request: Request, context: ParleyRequestContext) throws -> Response {
        let (source, app) = try endpoint(context)
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let configured = secrets.endpoint(source, app: app)
        if let app, configured == nil { throw unknownApp(app, of: source) }
        let answer: Handshake.Answer
        switch source {
        case .meta: answer = Handshake.meta(query: query, verifyToken: configured?.verifyToken)
        case .x: answer = Handshake.xCRC(query: query, consumerSecret: configured?.signing.first)
        case .line, .open, .web: answer = .notAHandshake
        }
        switch answer {
        case .text(let body):
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: body)))
        case .json(let body):
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        case .forbidden where source == .x:
            throw AppError.forbidden("This X endpoint has no consumer secret to answer the CRC check with (platforms.x.webhook_secret or platforms.x.apps[].webhook_secret).")
        case .forbidden:
            throw AppError.forbidden("The verification token does not match this endpoint's configuration.")
        case .notAHandshake:
            throw AppError.badRequest("This endpoint answers the platform's verification request and takes deliveries by POST.")
        }
    }

    private func unknownApp(_ app: String, of source: WebhookSource) -> AppError {
        if source == .line { return unknownLineChannel(app) }
        let known = secrets.apps(of: source).keys.sorted().map { "/webhooks/\(source.rawValue)/\($0)" }
        let listed = known.isEmpty ? "none is configured (platforms.\(source.rawValue).apps)" : "configured: " + known.joined(separator: ", ")
        return AppError.notFound("No \(source == .x ? "X" : "Meta") app '\(app)' on this Parley; \(listed).")
    }

    private func deliver(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let (source, app) = try endpoint(context)
        guard let configured = secrets.endpoint(source, app: app), !configured.signing.isEmpty else {
            if let app { throw unknownApp(app, of: source) }
            throw AppError.notFound("Webhooks from \(source.rawValue) are not configured on this Parley (platforms.\(source.rawValue).webhook_secret).")
        }
        let body = try await WebhookBody.read(request, maxBytes: maxBodyBytes, readiness: readiness)
        let scheme = WebhookSignature.of(source)
        guard WebhookBody.verified(body, request, scheme: scheme, secrets: configured.signing, endpoint: path(source, app), logger: context.logger)
        else {
            rejected(source)
            throw AppError.unauthorized("The \(scheme.header) signature does not match the body.")
        }
        let delivery = DeliverySplitter.delivery(body, from: source, receivedAt: clock.now())
        try checkAccount(delivery, endpoint: configured, path: path(source, app), logger: context.logger)
        if case .poison(let reason) = delivery.content {
            context.logger.warning("poison delivery stored for inspection", metadata: ["endpoint": "\(path(source, app))", "reason": "\(reason)"])
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

