import Domain
import Foundation
import Hummingbird
import NIOCore
import Storage

/// `GET /api/v1/media/{id}`: an inbound attachment Parley stored, to whoever may see its interaction (the agent
/// holding it, supervisors, admins; anyone else gets 404, as if it did not exist). Files come from customers, so
/// they are served to be downloaded, never run: `Content-Disposition: attachment` (inline only for raster images
/// whose bytes were checked, for thumbnails), `nosniff`, and a CSP sandbox should a browser render one anyway.
struct MediaRoutes: Sendable {
    let store: any ParleyStore
    let files: MediaFiles

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "GET", path: "/api/v1/media/{id}", summary: "An inbound attachment's file, as Parley stored it",
                             roles: .anyone, success: (200, "The file's bytes, with its type", nil), extraErrors: [409])) { _, context in
            try await serve(try context.parameters.require("id"), context)
        }
    }

    private func serve(_ id: String, _ context: AuthenticatedContext) async throws -> Response {
        guard let fetch = try await store.mediaFetch(.init(id)), let interaction = try await store.interaction(fetch.interactionID),
            context.user.maySee(interaction)
        else { throw AppError.notFound("No media '\(id)'.") }
        guard fetch.state == .stored, let name = fetch.file, let bytes = files.load(name) else {
            let why = switch fetch.state {
            case .pending: "it is still being fetched from the platform; try again shortly"
            // Several nodes must share the data directory's media/ (as they share uploads/).
            case .stored: "its file is missing from this node's data directory (media/\(fetch.file ?? ""))"
            case .failed, .skipped: "it was not stored: \(fetch.reason ?? fetch.state.rawValue)"
            }
            throw AppError(.conflict, code: "media_not_stored", message: "The attachment's file is not available: \(why).")
        }
        let type = fetch.mimeType ?? "application/octet-stream"
        let filename = try await store.message(fetch.messageID).flatMap { message in
            message.attachments.indices.contains(fetch.position) ? message.attachments[fetch.position].filename : nil
        }
        let disposition = MediaType.isInlineSafe(type) ? "inline" : "attachment"
        return Response(status: .ok, headers: [
            .contentType: type,
            .contentDisposition: "\(disposition); filename=\"\(Self.safeFilename(filename, id: id, type: type))\"",
            .init("X-Content-Type-Options")!: "nosniff",
            .contentSecurityPolicy: "sandbox; default-src 'none'",
            .cacheControl: "private, max-age=86400",
        ], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A name that cannot break out of the header's quotes: the customer's file name reduced to plain characters.
    static func safeFilename(_ name: String?, id: String, type: String) -> String {
        let kept = String((name ?? "").unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil
            || ".-_ ()".unicodeScalars.contains($0)) }.map(Character.init)).trimmingCharacters(in: .whitespaces)
        if !kept.isEmpty, kept != ".", kept != ".." { return String(kept.prefix(120)) }
        let ext = UploadStore.types[type] ?? (type == "application/pdf" ? "pdf" : "bin")
        return "attachment-\(id).\(ext)"
    }
}
