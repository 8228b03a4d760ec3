import Crypto
import Foundation

/// Inbound attachments Parley copied from the platforms, kept in `<data>/media` and named by their SHA-256: the same
/// file sent twice is stored once, and a name can never point outside the directory. The type is the database's
/// (`media_fetches.mime_type`), not the file's.
struct MediaFiles: Sendable {
    let directory: String

    init(dataDirectory: String) throws {
        directory = (dataDirectory as NSString).appendingPathComponent("media")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Writes the bytes (through a temporary file, so a crash never leaves half a file under the final name);
    /// returns the file's name.
    func store(_ bytes: Data) throws -> String {
        let name = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let path = (directory as NSString).appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: path) {
            let temporary = path + ".part-" + UUID().uuidString
            try bytes.write(to: URL(fileURLWithPath: temporary))
            do {
                try FileManager.default.moveItem(atPath: temporary, toPath: path)
            } catch where FileManager.default.fileExists(atPath: path) {
                // Another pass stored the same bytes meanwhile.
                try? FileManager.default.removeItem(atPath: temporary)
            }
        }
        return name
    }

    /// The bytes of a stored file; nil for anything that is not a name this store produced.
    func load(_ name: String) -> Data? {
        guard name.count == 64, name.allSatisfy(\.isHexDigit) else { return nil }
        return FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name))
    }
}
