import Foundation

/// The type Parley records and serves a stored attachment as. Images are recognised by their first bytes (the one
/// kind shown inline, so the claim must be true); anything else keeps the platform's declared type when it is a
/// plausible `type/subtype`, else `application/octet-stream`.
enum MediaType {
    static func of(_ bytes: Data, declared: String?) -> String {
        if let image = UploadStore.sniff(bytes) { return image }
        let type = declared?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let parts = type.split(separator: "/")
        let plausible = parts.count == 2 && type.count <= 100
            && type.allSatisfy { $0.isLetter || $0.isNumber || "/.+-_".contains($0) }
        // A declared image the bytes do not confirm is not served as one.
        guard plausible, !type.hasPrefix("image/") || type == "image/svg+xml" else { return "application/octet-stream" }
        return type
    }

    /// Shown inline (thumbnails): only raster images whose bytes were checked. SVG can carry script: never inline.
    static func isInlineSafe(_ type: String) -> Bool { UploadStore.types[type] != nil }
}
