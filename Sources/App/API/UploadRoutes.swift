import Foundation
import Hummingbird

/// `POST /api/v1/uploads`: an agent uploads an image to attach to a reply. The answer's `url` goes in the reply's
/// attachment; on WhatsApp and Messenger Parley uploads the file to Meta's media API before sending, so Meta
/// never fetches it from this server (docs/connectors/meta.md).
struct UploadRoutes: Sendable {
    let uploads: UploadStore

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "POST", path: "/api/v1/uploads",
                             summary: "Upload an image (PNG, JPEG, GIF or WebP, at most 2 MiB) to attach to a reply",
                             roles: .anyone, success: (201, "Where Parley keeps the image", .ref("Upload")), extraErrors: [400, 413, 415],
                             fileTypes: UploadStore.types.keys.sorted())) { request, _ -> Response in
            try APIJSON.response(try await uploads.receive(request), status: .created)
        }
    }
}

extension UploadResponse: APISchema {
    static let schemaName = "Upload"
    static var schema: Schema {
        .object([("url", .string()), ("mimeType", .string()), ("size", .integer(minimum: 1))], required: ["url", "mimeType", "size"])
    }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [UploadResponse.self]
}
