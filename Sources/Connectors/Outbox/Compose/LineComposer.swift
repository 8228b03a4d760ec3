import Domain
import Storage

/// LINE Messaging API (platforms.md §6.2). Stored as a push to the customer's user id; at send time `LineSender`
/// turns it into a reply when the customer's reply token is still fresh (about a minute after the webhook).
enum LineComposer {
    // platforms.md §6.2: "max 5 message objects per request; text max 5000 chars". No unit is given;
    // counted in UTF-16 code units, the stricter reading (an emoji counts 2), so no text accepted here is
    // refused for length by LINE.
    static let text = TextLimit(label: "a LINE text message", maximum: 5000, unit: .utf16CodeUnits)

    static func compose(_ reply: OutboundReply) throws(ComposeError) -> OutboundRequest {
        guard case .conversation = reply.threadKey else { throw .threadNotOnChannel(reply.threadKey, .line) }
        // §6.2 documents only text message objects.
        try ReplyComposer.textOnly(reply, hint: "Parley sends LINE text messages only; share the file as a link in the text")
        try text.check(reply.text, on: .line)
        let body = PushBody(to: reply.recipient.id, messages: [.init(type: "text", text: reply.text)])
        return ReplyComposer.post("/v2/bot/message/push", body, for: reply)
    }

    struct PushBody: Encodable {
        struct Message: Encodable {
            var type: String
            var text: String
        }

        var to: String
        var messages: [Message]
    }
}
