import Foundation
import Hummingbird

extension UploadStore {
    /// Reads an image upload's body (PNG, JPEG, GIF or WebP, at most `maxBytes`), stores it, and answers with
    /// where Parley serves it. Web visitors attach these to their messages; agents to their replies, which go
    /// to Meta through its media API (`MediaUpload`).
    func receive(_ request: Request) async throws -> UploadResponse {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxBytes {
            throw Self.tooLarge
        }
        let type = request.headers[.contentType] ?? ""
        guard Self.types[type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""] != nil else {
            throw AppError(.unsupportedMediaType, code: "unsupported_type", message: "Upload a PNG, JPEG, GIF or WebP image.")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxBytes)
        } catch {
            throw Self.tooLarge
        }
        let bytes = Data(body.readableBytesView)
        let name: String
        do {
            name = try store(bytes, declaredType: type)
        } catch UploadStore.Refusal.contentMismatch(let declared) {
            throw AppError(.unsupportedMediaType, code: "unsupported_type", message: "The file is not the \(declared) image it claims to be.")
        } catch UploadStore.Refusal.empty {
            throw AppError.badRequest("The upload is empty.")
        }
        return UploadResponse(url: "/messenger/uploads/\(name)", mimeType: Self.sniff(bytes) ?? type, size: bytes.count)
    }

    private static var tooLarge: AppError {
        AppError(.contentTooLarge, code: "payload_too_large", message: "Images may be at most \(maxBytes / 1024 / 1024) MiB.")
    }
}
