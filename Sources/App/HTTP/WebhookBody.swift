import Connectors
import Foundation
import Hummingbird
import Logging

/// What every webhook endpoint does before it reads a delivery (platforms' and the open channel's alike).
enum WebhookBody {
    /// The raw body: 413 over `maxBytes` (declared or streamed), 503 while Parley cannot store deliveries.
    static func read(_ request: Request, maxBytes: Int, readiness: Readiness) async throws -> Data {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw AppError(.contentTooLarge, code: "payload_too_large", message: "The body is \(length) bytes; Parley accepts at most \(maxBytes).")
        }
        guard await readiness.acceptingDeliveries() else {
            throw AppError.unavailable("Parley cannot store deliveries right now; retry later.")
        }
        do {
            return Data(try await request.body.collect(upTo: maxBytes).readableBytesView)
        } catch {
            throw AppError(.contentTooLarge, code: "payload_too_large", message: "The body is larger than the \(maxBytes) bytes Parley accepts.")
        }
    }

    /// Whether the signature header matches the body under any of the endpoint's secrets (current first, then the
    /// one being rotated out). Every secret is tried, with no early exit: the time taken does not say which one
    /// matched. A match with a later secret is logged, so operators see when the old one can go.
    static func verified(_ body: Data, _ request: Request, scheme: WebhookSignature, secrets: [String], endpoint: String,
                         logger: Logger) -> Bool {
        let header = request.headers[.init(scheme.header)!]
        let matches = secrets.map { scheme.verify(body, headerValue: header, secret: $0) }
        guard matches.contains(true) else {
            logger.notice("webhook signature rejected", metadata: ["endpoint": "\(endpoint)"])
            return false
        }
        if matches.first == false { logger.info("webhook signed with the previous secret", metadata: ["endpoint": "\(endpoint)"]) }
        return true
    }
}
