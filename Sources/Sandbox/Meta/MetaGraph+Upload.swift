import Foundation

/// Meta's media uploads, as Parley uses them to send a file it holds: WhatsApp `POST /{phone-number-id}/media`
/// (`messaging_product`, `type`, `file`; answers `{"id"}`) and Messenger's Attachment Upload API
/// `POST /me/message_attachments` (`message` with the attachment's type, `filedata`; answers `{"attachment_id"}`).
/// The file is kept as a media object, so a send that names its id can be checked, and `GET /{id}` serves it.
extension MetaWorld {
    /// The largest upload the sandbox takes (WhatsApp's image limit is 5 MB; documents go up to 100 MB).
    static let uploadLimit = 5 * 1024 * 1024

    mutating func uploadMedia(_ request: GraphRequest) throws(GraphError) -> GraphAnswer {
        guard let form = MultipartForm(request.rawBody, contentType: request.contentType) else {
            throw .invalidParameter("The upload must be a multipart/form-data body")
        }
        guard form.text("messaging_product") == "whatsapp" else { throw .missingParameter("messaging_product") }
        let file = try uploadedFile(form, field: "file")
        let id = ids.numeric()
        media[id] = MediaFile(id: id, mimeType: form.text("type") ?? file.contentType ?? "application/octet-stream",
                              filename: file.filename ?? "upload", bytes: file.bytes)
        uploads.insert(id)
        return .json(["id": id])
    }

    mutating func uploadAttachment(_ request: GraphRequest) throws(GraphError) -> GraphAnswer {
        guard let form = MultipartForm(request.rawBody, contentType: request.contentType) else {
            throw .invalidParameter("The upload must be a multipart/form-data body")
        }
        let message = form.text("message").flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any]
        guard let attachment = message?["attachment"] as? [String: Any], let type = attachment["type"] as? String,
            ["image", "video", "audio", "file"].contains(type)
        else { throw .missingParameter("message[attachment][type]") }
        let file = try uploadedFile(form, field: "filedata")
        let id = ids.numeric()
        media[id] = MediaFile(id: id, mimeType: file.contentType ?? "application/octet-stream", filename: file.filename ?? "upload",
                              bytes: file.bytes)
        uploads.insert(id)
        return .json(["attachment_id": id])
    }

    /// A send naming uploaded media must name media this sandbox took.
    func checkUploaded(_ id: String?) throws(GraphError) {
        guard let id else { return }
        guard uploads.contains(id) else { throw .invalidParameter("Invalid media or attachment id \(id)") }
    }

    private func uploadedFile(_ form: MultipartForm, field: String) throws(GraphError) -> MultipartForm.Part {
        guard let file = form.part(field), !file.bytes.isEmpty else { throw .missingParameter(field) }
        guard file.bytes.count <= Self.uploadLimit else { throw .invalidParameter("The file is larger than \(Self.uploadLimit) bytes") }
        return file
    }
}
