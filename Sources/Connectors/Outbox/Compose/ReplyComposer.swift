import Domain
import Foundation
import Storage

/// Turns an agent's reply into the one HTTP call its platform expects (shapes from platforms.md). Pure: the
/// same reply always gives the same request. The outbox stores the request; `HTTPPlatformSender` puts the
/// platform's base URL (`https://graph.facebook.com/v21.0`, `https://api.x.com`, …) in front of its path.
public enum ReplyComposer {
    public static func compose(_ reply: OutboundReply) throws(ComposeError) -> OutboundRequest {
        let kind = reply.channel.kind
        guard kind != .webMessaging else { throw .notAPlatformChannel(kind) }
        guard reply.recipient.platform == kind.platform else { throw .recipientNotOnPlatform(reply.recipient, kind) }
        guard reply.hasText || !reply.attachments.isEmpty else { throw .emptyMessage(kind) }
        if reply.visibility == .public, reply.threadKey.visibility == .private { throw .publicReplyOnPrivateThread(kind) }
        if let tag = reply.messageTag, ![.messenger, .instagram].contains(kind) || reply.threadKey.visibility == .public {
            throw .messageTagNotAllowed(tag, kind)
        }
        if reply.template != nil, kind != .whatsapp { throw .templateNotAllowed(kind) }

        switch kind {
        case .messenger: return try MetaComposer.messenger(reply)
        case .facebookPage: return try MetaComposer.facebookPage(reply)
        case .instagram: return try MetaComposer.instagram(reply)
        case .whatsapp: return try WhatsAppComposer.compose(reply)
        case .x: return try XComposer.compose(reply)
        case .line: return try LineComposer.compose(reply)
        case .open: return try OpenComposer.compose(reply)
        case .webMessaging: throw .notAPlatformChannel(kind)
        }
    }
}

extension ReplyComposer {
    /// A JSON POST to `path`, with the reply's access token as a bearer token.
    static func post(_ path: String, _ body: some Encodable, for reply: OutboundReply) -> OutboundRequest {
        var headers = ["Content-Type": "application/json"]
        if let token = reply.accessToken, !token.isEmpty { headers["Authorization"] = "Bearer \(token)" }
        return OutboundRequest(method: "POST", path: path, headers: headers, body: json(body))
    }

    /// The bodies hold only strings, booleans, arrays and nested structs; `JSONEncoder` fails only on
    /// non-finite floating-point numbers, so encoding cannot fail.
    static func json(_ body: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try! encoder.encode(body)
    }

    /// A platform id made safe as one path segment: ids are opaque, and one holding `/` or `?` must not
    /// change which endpoint is called.
    static func segment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: unreserved) ?? id
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// The reply's attachments, after checking the platform takes each kind and each has a URL to fetch.
    /// `uploads`: the caller sends files uploaded to Parley through the platform's media API (`MediaUpload`);
    /// without it they are refused, as the platform could not fetch them.
    static func media(of reply: OutboundReply, accepting kinds: Set<Attachment.Kind>, hint: String,
                      uploads: Bool = false) throws(ComposeError) -> [Media] {
        var media: [Media] = []
        for attachment in reply.attachments {
            guard kinds.contains(attachment.kind) else {
                throw .unsupportedAttachment(reply.channel.kind, attachment.kind, hint: hint)
            }
            guard let url = attachment.url, !url.isEmpty else { throw .attachmentWithoutURL(reply.channel.kind, attachment.kind) }
            if MediaUpload.localFile(url) != nil, !uploads {
                throw .uploadNotSupported(reply.channel.kind, hint: "attach it by a public https URL the platform can fetch instead")
            }
            media.append(Media(kind: attachment.kind, url: url, mimeType: attachment.mimeType, filename: attachment.filename))
        }
        return media
    }

    /// An attachment a platform takes, with the URL it fetches it from.
    struct Media {
        var kind: Attachment.Kind
        var url: String
        var mimeType: String?
        var filename: String?

        /// The upload store's name when this is a file uploaded to Parley.
        var localFile: String? { MediaUpload.localFile(url) }
    }

    /// Throws when the reply has any attachment: for calls that carry text only.
    static func textOnly(_ reply: OutboundReply, hint: String) throws(ComposeError) {
        if let attachment = reply.attachments.first { throw .unsupportedAttachment(reply.channel.kind, attachment.kind, hint: hint) }
    }
}
