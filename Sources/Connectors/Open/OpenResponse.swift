import Foundation

/// How an integrator's answer to an outbound post ends the attempt (docs/connectors/open.md, "Retries"):
/// 2xx delivered (the message keeps Parley's id, which receipts name); 429 slow down (until `Retry-After`);
/// 408 and 5xx retried with backoff; any other 4xx refused for good, with the integrator's reason for the agent.
public enum OpenResponse {
    static func classify(status: Int, headers: [(String, String)], body: Data, now: Date, messageID: String) -> SendOutcome {
        let reason = Self.reason(in: body)
        switch status {
        case 200..<300:
            return .sent(platformMessageID: messageID)
        case 429:
            return .rateLimited(until: ResponseClassifier.resetDate(headers, now: now), reason: "the integrator answered HTTP 429" + suffix(reason))
        case 408, 500..<600:
            return .retryable(reason: "the integrator answered HTTP \(status)" + suffix(reason))
        case 401, 403:
            return .permanent(reason: "the integrator refused Parley's signature (HTTP \(status))" + suffix(reason)
                + "; both sides must use the channel's webhook_secret")
        default:
            return .permanent(reason: "the integrator refused the message (HTTP \(status))" + suffix(reason))
        }
    }

    private static func suffix(_ reason: String?) -> String { reason.map { ": " + $0 } ?? "" }

    /// The integrator's own words: `{"error": {"message": …}}` (Parley's error shape), `{"error": "…"}`,
    /// `{"message": …}`, or the start of a plain-text body.
    public static func reason(in body: Data) -> String? {
        if let object = (try? JSONSerialization.jsonObject(with: body)) as? JSONObject {
            if let error = object.object("error"), let message = error.string("message") { return clip(message) }
            if let message = object.string("error") ?? object.string("message") { return clip(message) }
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : clip(text)
    }

    private static func clip(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
