import Domain
import Storage

/// WhatsApp Cloud API sends (platforms.md §4.2): `POST /{phone-number-id}/messages` on the Graph API, the
/// phone number id being the channel's account id and `to` the customer's wa_id. `inReplyTo` is not sent
/// as §4.2's `context`: that would show every answer as a quote of the customer's last message.
enum WhatsAppComposer {
    // platforms.md §4.2: "Text body max 4096 chars; media caption max 1024." No unit is given; counted in
    // Unicode scalars, as for the other Meta platforms.
    static let text = TextLimit(label: "a WhatsApp text", maximum: 4096, unit: .unicodeScalars)
    static let caption = TextLimit(label: "a WhatsApp media caption", maximum: 1024, unit: .unicodeScalars)

    static func compose(_ reply: OutboundReply) throws(ComposeError) -> OutboundRequest {
        guard case .conversation = reply.threadKey else { throw .threadNotOnChannel(reply.threadKey, .whatsapp) }
        if let template = reply.template {
            guard reply.attachments.isEmpty else { throw .templateNotAllowed(.whatsapp) }
            return ReplyComposer.post("/\(ReplyComposer.segment(reply.channel.accountID))/messages",
                                      TemplateBody(to: reply.recipient.id, template: template), for: reply)
        }
        let media = try ReplyComposer.media(of: reply, accepting: [.image, .video, .audio, .file],
                                            hint: "it sends images, video, audio and documents; share other content as a link in the text",
                                            uploads: true)
        var upload: MediaUpload?
        var body = Body(to: reply.recipient.id, type: "text")
        switch (reply.textToSend, media.first) {
        case (let text?, nil):
            try Self.text.check(text, on: .whatsapp)
            body.text = Body.Text(previewURL: false, body: text)
        case (let text, let item?) where media.count == 1 && (text == nil || item.kind != .audio):
            if let text { try caption.check(text, on: .whatsapp) }
            var object = Body.Media(link: item.url, caption: text)
            if let file = item.localFile {
                // §4.2 media by id: uploaded to the number's media first.
                let mime = item.mimeType ?? MediaUpload.mimeType(of: file)
                let placeholder = MediaUpload.placeholder(for: file)
                upload = MediaUpload(path: "/\(ReplyComposer.segment(reply.channel.accountID))/media", file: file, mimeType: mime,
                                     fileField: "file", fields: ["messaging_product": "whatsapp", "type": mime], answerKey: "id",
                                     placeholder: placeholder)
                (object.link, object.id) = (nil, placeholder)
            }
            switch item.kind {
            case .image: (body.type, body.image) = ("image", object)
            case .video: (body.type, body.video) = ("video", object)
            case .audio: (body.type, body.audio) = ("audio", object)
            default:
                object.filename = item.filename
                (body.type, body.document) = ("document", object)
            }
        default:
            throw .tooManyParts(.whatsapp, attachments: media.count, withText: reply.hasText)
        }
        let request = ReplyComposer.post("/\(ReplyComposer.segment(reply.channel.accountID))/messages", body, for: reply)
        return upload.map(request.uploading) ?? request
    }

    /// §4.2's send body. Media go by `link` (as in §4.2's template header) with an optional `caption` and,
    /// for documents, `filename` (the names §4.1's inbound media use).
    struct Body: Encodable {
        struct Text: Encodable {
            var previewURL: Bool
            var body: String

            enum CodingKeys: String, CodingKey {
                case previewURL = "preview_url"
                case body
            }
        }

        struct Media: Encodable {
            var link: String?
            /// A media id from the number's media upload, instead of a link.
            var id: String?
            var caption: String?
            var filename: String?
        }

        var messagingProduct = "whatsapp"
        var recipientType = "individual"
        var to: String
        var type: String
        var text: Text?
        var image: Media?
        var video: Media?
        var audio: Media?
        var document: Media?

        enum CodingKeys: String, CodingKey {
            case messagingProduct = "messaging_product"
            case recipientType = "recipient_type"
            case to, type, text, image, video, audio, document
        }
    }


    /// §4.2's template send: the name, the approved language (`deterministic`: that language or none), and the
    /// body's parameters in order. Header media and buttons are not sent: Parley's templates have body text only.
    struct TemplateBody: Encodable {
        var to: String
        var template: TemplateSend

        private struct Parameter: Encodable {
            var type = "text"
            var text: String
        }

        private struct Component: Encodable {
            var type = "body"
            var parameters: [Parameter]
        }

        private struct Language: Encodable {
            var code: String
            var policy = "deterministic"
        }

        private struct Template: Encodable {
            var name: String
            var language: Language
            var components: [Component]?
        }

        enum CodingKeys: String, CodingKey {
            case messagingProduct = "messaging_product"
            case to, type, template
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("whatsapp", forKey: .messagingProduct)
            try container.encode(to, forKey: .to)
            try container.encode("template", forKey: .type)
            let parameters = self.template.parameters.map { Parameter(text: $0) }
            try container.encode(Template(name: self.template.name, language: Language(code: self.template.language),
                                          components: parameters.isEmpty ? nil : [Component(parameters: parameters)]), forKey: .template)
        }
    }
}
