import Crypto
import Foundation

/// Images web visitors attach, kept in `<data>/uploads`, named by their SHA-256 (the same image uploaded twice is
/// stored once). The declared type must match the file's first bytes, so nothing but these images is ever served.
struct UploadStore: Sendable {
    static let maxBytes = 2 * 1024 * 1024
    static let types: [String: String] = ["image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"]

    let directory: String

    init(dataDirectory: String) throws {
        directory = (dataDirectory as NSString).appendingPathComponent("uploads")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    enum Refusal: Error, Equatable {
        case unsupportedType(String)
        case contentMismatch(String)
        case empty
    }

    /// Stores the bytes; returns the file name (`<sha256>.<ext>`).
    func store(_ bytes: Data, declaredType: String) throws -> String {
        let type = declaredType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard let ext = Self.types[type] else { throw Refusal.unsupportedType(type) }
        guard !bytes.isEmpty else { throw Refusal.empty }
        guard Self.sniff(bytes) == type else { throw Refusal.contentMismatch(type) }
        let name = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() + "." + ext
        let path = (directory as NSString).appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: path) {
            let temporary = path + ".part-" + UUID().uuidString
            try bytes.write(to: URL(fileURLWithPath: temporary), options: .atomic)
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        }
        return name
    }

    /// The bytes and type of a stored file; nil for anything that is not a name this store produced.
    func load(_ name: String) -> (Data, String)? {
        let parts = name.split(separator: ".")
        guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit),
            let type = Self.types.first(where: { $0.value == parts[1] })?.key,
            let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name))
        else { return nil }
        return (data, type)
    }

    /// The image type the bytes really are, from their signature.
    static func sniff(_ bytes: Data) -> String? {
        let head = [UInt8](bytes.prefix(12))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) { return "image/gif" }
        if head.count >= 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        return nil
    }
}
