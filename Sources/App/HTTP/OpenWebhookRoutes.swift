import Connectors
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `POST /webhooks/open/{channel}` (and `/webhooks/open` while exactly one open channel is configured): an
/// integrator's message or receipt, version 1 of docs/connectors/open.md. The signature is checked over the raw
/// bytes with the channel's secret (either of two during a rotation) before anything is read. Unlike a
/// platform's delivery, a signed body that breaks the contract is refused with a 4xx that says what is wrong,
/// and nothing is stored: the integrator fixes it and sends again. Acknowledged only once stored.
struct OpenWebhookRoutes: Sendable {
    let channels: OpenChannels
    let writer: GroupCommitWriter
    let readiness: Readiness
    let clock: any WallClock
    let maxBodyBytes: Int
    let rejected: @Sendable (WebhookSource) -> Void

    func register(on router: Router<ParleyRequestContext>) {
        router.post("webhooks/open") { request, context in
            guard let account = channels.soleAccount else { throw notSole() }
            return try await deliver(request, account: account, context: context)
        }
        router.post("webhooks/open/:channel") { request, context in
            try await deliver(request, account: try context.parameters.require("channel"), context: context)
        }
        router.get("webhooks/open") { _, _ -> Response in throw Self.postOnly }
        router.get("webhooks/open/:channel") { _, _ -> Response in throw Self.postOnly }
    }

    private static let postOnly = AppError(.methodNotAllowed, code: "method_not_allowed",
                                           message: "The open channel has no verification request: POST messages and receipts here (docs/connectors/open.md).",
                                           headers: [.allow: "POST"])

    private func notSole() -> AppError {
        let listed = channels.accounts.map { "/webhooks/open/\($0)" }
        return AppError.notFound(listed.isEmpty
            ? "No open channel is configured on this Parley (channels[] with kind: open)."
            : "Several open channels are configured: post to the channel's own endpoint, one of \(listed.joined(separator: ", ")).")
    }

    private func deliver(_ request: Request, account: String, context: ParleyRequestContext) async throws -> Response {
        guard let endpoint = channels.endpoint(account: account), !endpoint.secrets.isEmpty else {
            let known = channels.accounts.isEmpty ? "none is configured" : "configured: " + channels.accounts.joined(separator: ", ")
            throw AppError.notFound("No open channel '\(account)' on this Parley; \(known).")
        }
        let body = try await WebhookBody.read(request, maxBytes: maxBodyBytes, readiness: readiness)
        let scheme = OpenSignature.scheme
        guard WebhookBody.verified(body, request, scheme: scheme, secrets: endpoint.secrets, endpoint: "/webhooks/open/\(account)",
                                   logger: context.logger)
        else {
            rejected(.open)
            throw AppError.unauthorized(request.headers[.init(scheme.header)!] == nil
                ? "Missing \(scheme.header): sign the raw body with the channel's secret (sha256=<base64 HMAC-SHA256>)."
                : "The \(scheme.header) signature does not match the body: sign the exact bytes sent with the channel's secret, as sha256=<base64>.")
        }
        let delivery: InboundDelivery
        do {
            delivery = try OpenSplitter.delivery(body, account: account, receivedAt: clock.now())
        } catch {
            throw AppError(error.kind == .malformedJSON ? .badRequest : .unprocessableContent, code: error.kind.rawValue,
                           message: error.message + ". Nothing was stored; correct the body and send it again (docs/connectors/open.md).")
        }
        let result: CommitResult
        do {
            result = try await writer.submit(delivery)
        } catch {
            throw AppError.unavailable("Parley could not store this delivery; it was not accepted. Retry later.")
        }
        let answer = #"{"stored":\#(result.newEvents),"duplicates":\#(result.duplicates)}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
    }
}
