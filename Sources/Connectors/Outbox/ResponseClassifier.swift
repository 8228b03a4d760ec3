import Foundation

/// Turns a platform's HTTP answer into a `SendOutcome`. The generic rules: 2xx sent; 429 rate-limited
/// (until `Retry-After` or `x-rate-limit-reset`); 408, 5xx retryable; 401 and Graph code 190 (token expired or
/// invalid) unauthorized; LINE's 409 for a repeated `X-Line-Retry-Key` (with `x-line-accepted-request-id`) sent,
/// since LINE already accepted that push; other 4xx permanent — except Graph error codes that mean "temporary" or "slow down"
/// (research/platforms.md §1.7, §4.3).
public enum ResponseClassifier {
    public static func classify(status: Int, headers: [(String, String)], body: Data, now: Date) -> SendOutcome {
        let graph = GraphError(body)
        switch status {
        case 200..<300:
            return .sent(platformMessageID: messageID(in: body), recipientID: recipientID(in: body))
        case 429:
            return .rateLimited(until: resetDate(headers, now: now), reason: summary(status, graph, body))
        case 408, 500..<600:
            return .retryable(reason: summary(status, graph, body))
        case 401:
            return .unauthorized(reason: summary(status, graph, body))
        case 409 where headers.contains(where: { $0.0.lowercased() == "x-line-accepted-request-id" }):
            return .sent(platformMessageID: messageID(in: body))
        default:
            if let code = graph?.code {
                if code == 190 { return .unauthorized(reason: summary(status, graph, body)) }
                if [4, 17, 32, 613, 80007, 130429, 131056].contains(code) {
                    return .rateLimited(until: resetDate(headers, now: now), reason: summary(status, graph, body))
                }
                if [1, 2].contains(code) { return .retryable(reason: summary(status, graph, body)) }
            }
            return .permanent(reason: summary(status, graph, body))
        }
    }

    static func resetDate(_ headers: [(String, String)], now: Date) -> Date? {
        func value(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }
        if let retryAfter = value("retry-after").flatMap(Double.init) { return now + retryAfter }
        if let reset = value("x-rate-limit-reset").flatMap(Double.init) { return Date(timeIntervalSince1970: reset) }
        return nil
    }

    static func summary(_ status: Int, _ graph: GraphError?, _ body: Data) -> String {
        if let graph {
            return "HTTP \(status): \(graph.message ?? "error") (code \(graph.code.map(String.init) ?? "?"))"
        }
        // X v2 answers errors as problem details: `{"title", "detail", "status"}` (platforms.md §5.6).
        if let object = (try? JSONSerialization.jsonObject(with: body)) as? JSONObject, let title = object.string("title") {
            let detail = object.string("detail").flatMap { $0 == title ? nil : $0 }
            return "HTTP \(status): \(title)" + (detail.map { " — \($0)" } ?? "")
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return text.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(text)"
    }

    /// Meta's Send API names the person it delivered to (`recipient_id`, a page-scoped id).
    static func recipientID(in body: Data) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? JSONObject else { return nil }
        return object.string("recipient_id")
    }

    /// The id platforms return for a created message: Meta `message_id`, WhatsApp `messages[0].id`,
    /// X `data.id` (a tweet) or `data.dm_event_id` (a DM), LINE `sentMessages[0].id`, others `id`.
    static func messageID(in body: Data) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? JSONObject else { return nil }
        if let id = object.string("message_id") { return id }
        if let id = object.objects("messages").first?.string("id") { return id }
        if let id = object.object("data")?.string("id") { return id }
        if let id = object.object("data")?.string("dm_event_id") { return id }
        if let id = object.objects("sentMessages").first?.string("id") { return id }
        return object.string("id")
    }

    /// The Graph API error envelope `{"error": {"message", "code", "error_subcode"}}`.
    struct GraphError {
        var message: String?
        var code: Int?

        init?(_ body: Data) {
            guard let object = (try? JSONSerialization.jsonObject(with: body)) as? JSONObject,
                let error = object.object("error")
            else { return nil }
            message = error.string("message")
            code = error.double("code").map { Int($0) }
        }
    }
}
