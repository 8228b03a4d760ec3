import Domain
import Foundation
import Storage

/// What an outbound platform call does, read back from the request the composer built: the policy checks
/// the call that will actually go out, not what the caller meant to send.
public enum OutboundShape: Sendable, Hashable {
    /// A public comment, comment reply or reply tweet; `target` is the comment, post or tweet answered.
    case publicReply(target: String?, text: String?)
    /// A message into a private conversation. `tag` is Messenger's/Instagram's message tag, if any.
    case directMessage(recipient: String?, text: String?, tag: String?)
    /// Facebook's or Instagram's one private reply to a comment or visitor post (§2.4).
    case privateReply(target: String)
    /// A WhatsApp template message (§4.2).
    case template(recipient: String?, name: String?)
    /// A LINE reply-token message (§6.2).
    case lineReply(text: String?)
    /// A LINE push message (§6.2).
    case linePush(recipient: String?, text: String?)
    /// Not a message to a person: a like, retweet, hide, delete or read receipt.
    case action
    /// A call the policy does not know; refused until it is taught.
    case unrecognised(String)

    public init(kind: ChannelKind, request: OutboundRequest) {
        let path = request.path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.path
        let body = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] ?? [:]
        let method = request.method.uppercased()
        if method == "DELETE" || path.hasSuffix("/likes") || path.hasSuffix("/retweets") || body["is_hidden"] != nil || body["hide"] != nil {
            self = .action
            return
        }
        switch kind {
        case .messenger, .facebookPage, .instagram:
            self = Self.meta(path: path, body: body)
        case .whatsapp:
            self = Self.whatsApp(path: path, body: body)
        case .x:
            if path == "/2/tweets" {
                let target = (body["reply"] as? [String: Any])?["in_reply_to_tweet_id"] as? String
                self = .publicReply(target: target, text: body["text"] as? String)
            } else if path.hasPrefix("/2/dm_conversations/with/"), path.hasSuffix("/messages") {
                let recipient = path.split(separator: "/").dropFirst(3).first.map { String($0).removingPercentEncoding ?? String($0) }
                self = .directMessage(recipient: recipient, text: body["text"] as? String, tag: nil)
            } else {
                self = .unrecognised("\(method) \(path)")
            }
        case .line:
            let text = (body["messages"] as? [[String: Any]])?.compactMap { $0["text"] as? String }.joined(separator: "\n")
            switch path {
            case "/v2/bot/message/reply": self = .lineReply(text: text)
            case "/v2/bot/message/push": self = .linePush(recipient: body["to"] as? String, text: text)
            default: self = .unrecognised("\(method) \(path)")
            }
        case .open, .webMessaging:
            self = .directMessage(recipient: nil, text: body["text"] as? String ?? body["textBody"] as? String, tag: nil)
        }
    }

    private static func meta(path: String, body: [String: Any]) -> OutboundShape {
        if path.hasSuffix("/comments") || path.hasSuffix("/replies") {
            let target = path.split(separator: "/").first.map { String($0).removingPercentEncoding ?? String($0) }
            return .publicReply(target: target, text: body["message"] as? String)
        }
        guard path.hasSuffix("/messages") else { return .unrecognised("POST \(path)") }
        let recipient = body["recipient"] as? [String: Any] ?? [:]
        if let target = recipient["comment_id"] as? String ?? recipient["post_id"] as? String {
            return .privateReply(target: target)
        }
        if body["sender_action"] != nil { return .action }
        let message = body["message"] as? [String: Any]
        return .directMessage(recipient: recipient["id"] as? String, text: message?["text"] as? String, tag: body["tag"] as? String)
    }

    private static func whatsApp(path: String, body: [String: Any]) -> OutboundShape {
        guard path.hasSuffix("/messages") else { return .unrecognised("POST \(path)") }
        if body["status"] as? String == "read" { return .action }
        let recipient = body["to"] as? String
        if body["type"] as? String == "template" {
            return .template(recipient: recipient, name: (body["template"] as? [String: Any])?["name"] as? String)
        }
        return .directMessage(recipient: recipient, text: (body["text"] as? [String: Any])?["body"] as? String, tag: nil)
    }

    /// The reply's visibility as the call sends it; nil for actions and unknown calls.
    var replyVisibility: Visibility? {
        switch self {
        case .publicReply: .public
        case .directMessage, .privateReply, .template, .lineReply, .linePush: .private
        case .action, .unrecognised: nil
        }
    }

    /// The text sent, where the call has one.
    var text: String? {
        switch self {
        case .publicReply(_, let text), .directMessage(_, let text, _), .lineReply(let text), .linePush(_, let text): text
        case .privateReply, .template, .action, .unrecognised: nil
        }
    }
}
