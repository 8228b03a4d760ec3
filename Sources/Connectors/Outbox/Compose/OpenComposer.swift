import Domain
import Storage

/// The open channel: Parley posts the outbound message to the integrator's endpoint (the configured base
/// URL itself, so the path is empty) in the shape of platforms.md §7.2, the integrator's side of an open
/// messaging integration. The message id and time §7.2 also shows are not part of a reply; the integrator
/// deduplicates by the sender's `Idempotency-Key` header instead.
enum OpenComposer {
    // platforms.md §7 states no text limit, so none is checked.

    /// §7.2 shows `mediaType: "Image"`; the other three are assumed to follow the same pattern.
    static let mediaTypes: [Attachment.Kind: String] = [.image: "Image", .video: "Video", .audio: "Audio", .file: "File"]

    static func compose(_ reply: OutboundReply) throws(ComposeError) -> OutboundRequest {
        guard case .conversation = reply.threadKey else { throw .threadNotOnChannel(reply.threadKey, .open) }
        let media = try ReplyComposer.media(of: reply, accepting: Set(mediaTypes.keys),
                                            hint: "it sends images, video, audio and files; share other content as a link in the text")
        let content = media.map { item in
            Body.Content(attachment: Body.Media(mediaType: mediaTypes[item.kind] ?? "File", url: item.url,
                                                mime: item.mimeType, filename: item.filename))
        }
        let integration = reply.channel.accountID
        let body = Body(channel: .init(id: integration, to: .init(id: reply.recipient.id), from: .init(id: integration)),
                        text: reply.textToSend, content: content.isEmpty ? nil : content)
        return ReplyComposer.post("", body, for: reply)
    }

    struct Body: Encodable {
        struct Channel: Encodable {
            var id: String
            var platform = "Open"
            var type = "Private"
            var to: Party
            var from: Party
        }

        /// The customer's id type is not kept on the identity key, so every party is `Opaque`.
        struct Party: Encodable {
            var id: String
            var idType = "Opaque"
        }

        struct Content: Encodable {
            var contentType = "Attachment"
            var attachment: Media
        }

        struct Media: Encodable {
            var mediaType: String
            var url: String
            var mime: String?
            var filename: String?
        }

        var channel: Channel
        var type = "Text"
        var text: String?
        var content: [Content]?
        var originatingEntity = "Human"
        var direction = "Outbound"
    }
}
