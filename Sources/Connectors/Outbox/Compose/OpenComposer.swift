import Domain
import Storage

/// The open channel: Parley posts version 1 of its own outbound message (`OpenOutbound`) to the channel's
/// integrator URL. The path is empty: `OpenChannelSender` posts to the channel's configured URL itself, adds
/// the message id and signs the body. The contract states no text limit, so none is checked.
enum OpenComposer {
    static func compose(_ reply: OutboundReply) throws(ComposeError) -> OutboundRequest {
        guard case .conversation = reply.threadKey else { throw .threadNotOnChannel(reply.threadKey, .open) }
        let kinds = Set(OpenAttachmentType.allCases.map(\.kind))
        let media = try ReplyComposer.media(of: reply, accepting: kinds,
                                            hint: "it sends images, video, audio and files; share other content as a link in the text")
        let attachments = media.map { item in
            OpenOutbound.Attachment(url: item.url, type: OpenAttachmentType(item.kind)?.rawValue ?? "file", mime: item.mimeType,
                                    filename: item.filename)
        }
        let message = OpenOutbound(channel: reply.channel.accountID, recipient: .init(id: reply.recipient.id), text: reply.textToSend,
                                   attachments: attachments.isEmpty ? nil : attachments, inReplyTo: reply.inReplyTo)
        return OutboundRequest(method: "POST", path: "", headers: ["Content-Type": "application/json"], body: message.encoded())
    }
}
