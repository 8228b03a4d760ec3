import Foundation
import Storage

/// A file an agent uploaded to Parley (`/messenger/uploads/{name}`) reaches Meta through its media API: the
/// file is uploaded first (WhatsApp `POST /{phone-number-id}/media`, Messenger `POST /me/message_attachments`),
/// and the send names the id Meta answers with. Meta never has to fetch a URL on a Parley that may not be
/// reachable from the internet.
///
/// The composer stays pure: it puts `placeholder` where the id goes and this instruction in the stored request's
/// `X-Parley-Upload` header; `HTTPPlatformSender` uploads, fills the id in and sends, on every attempt (an
/// attempt that failed after its upload uploads again: Meta keeps unused uploads only for a while).
public struct MediaUpload: Codable, Sendable, Hashable {
    /// The header that carries the instruction in the outbox; it is never sent to the platform.
    public static let header = "X-Parley-Upload"
    /// Where Parley serves uploaded files; an attachment URL with this prefix is one of them.
    public static let localPrefix = "/messenger/uploads/"

    /// The upload call's path, relative to the platform's base URL.
    public var path: String
    /// The uploaded file's name in Parley's upload store.
    public var file: String
    public var mimeType: String
    /// The form field that carries the file (`file`, `filedata`), and the other fields of the form.
    public var fileField: String
    public var fields: [String: String]
    /// The answer's field holding the new id (`id`, `attachment_id`).
    public var answerKey: String
    /// The JSON string in the send body that the id replaces.
    public var placeholder: String

    /// The upload store's file name when `url` is a Parley upload.
    public static func localFile(_ url: String) -> String? {
        guard url.hasPrefix(localPrefix) else { return nil }
        let name = String(url.dropFirst(localPrefix.count))
        return name.isEmpty || name.contains("/") ? nil : name
    }

    static func placeholder(for file: String) -> String { "parley-upload:\(file)" }

    /// The type an uploaded file's name says (`<sha256>.png`), for attachments that give none.
    static func mimeType(of file: String) -> String {
        switch file.split(separator: ".").last?.lowercased() {
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        default: "application/octet-stream"
        }
    }

    /// `multipart/form-data` (RFC 7578): the fields, then the file.
    func form(_ bytes: Data, boundary: String) -> Data {
        var body = Data()
        func line(_ text: String) { body.append(Data((text + "\r\n").utf8)) }
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            line("--\(boundary)")
            line(#"Content-Disposition: form-data; name="\#(name)""#)
            line("")
            line(value)
        }
        line("--\(boundary)")
        line(#"Content-Disposition: form-data; name="\#(fileField)"; filename="\#(file)""#)
        line("Content-Type: \(mimeType)")
        line("")
        body.append(bytes)
        line("")
        line("--\(boundary)--")
        return body
    }

    /// The send body with the uploaded id in place of the placeholder (both are JSON strings of safe characters).
    func filling(_ body: Data, with id: String) -> Data {
        let escaped = String(decoding: ReplyComposer.json([id]), as: UTF8.self).dropFirst().dropLast()
        return Data(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\"\(placeholder)\"", with: String(escaped)).utf8)
    }
}

extension OutboundRequest {
    /// The upload this request needs first, if any.
    public var mediaUpload: MediaUpload? {
        headers[MediaUpload.header].flatMap { try? JSONDecoder().decode(MediaUpload.self, from: Data($0.utf8)) }
    }

    /// The request with an upload to do first.
    func uploading(_ upload: MediaUpload) -> OutboundRequest {
        var request = self
        request.headers[MediaUpload.header] = String(decoding: ReplyComposer.json(upload), as: UTF8.self)
        return request
    }
}
