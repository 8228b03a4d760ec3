import Crypto
import Foundation

/// A file the sandbox's Meta holds: a WhatsApp media object (`GET /{media-id}`, then its URL with the token) or
/// a Messenger/Instagram attachment on the sandbox's CDN (`/_sandbox/cdn/{id}/{filename}`, no token, as Meta's
/// CDN URLs need none).
struct MediaFile: Sendable, Equatable {
    var id: String
    var mimeType: String
    var filename: String
    var bytes: Data

    /// Hex SHA-256 of the bytes, as WhatsApp's media objects carry it (its encoding is not pinned down in platforms.md).
    var sha256: String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func photo(id: String) -> MediaFile {
        MediaFile(id: id, mimeType: "image/png", filename: "photo-\(id).png", bytes: png)
    }

    static func sticker(id: String) -> MediaFile {
        MediaFile(id: id, mimeType: "image/png", filename: "sticker-\(id).png", bytes: png)
    }

    static func receipt(id: String) -> MediaFile {
        MediaFile(id: id, mimeType: "application/pdf", filename: "receipt-\(id).pdf", bytes: pdf)
    }

    // A real 8×8 PNG and a one-page PDF ("Receipt - order 4471"), small enough to inline, valid enough to open.
    private static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR42mPQmtuPFTEMLQkAT3dVgWqE0MgAAAAASUVORK5CYII=")!
    private static let pdf = Data(base64Encoded: """
        JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0g\
        L0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMTAwXSAvQ29udGVudHMgNCAwIFIg\
        L1Jlc291cmNlcyA8PCAvRm9udCA8PCAvRjEgNSAwIFIgPj4gPj4gPj4KZW5kb2JqCjQgMCBvYmoKPDwgL0xlbmd0aCA1MCA+PgpzdHJlYW0KQlQgL0YxIDEyIFRmIDIw\
        IDUwIFRkIChSZWNlaXB0IC0gb3JkZXIgNDQ3MSkgVGogRVQKZW5kc3RyZWFtCmVuZG9iago1IDAgb2JqCjw8IC9UeXBlIC9Gb250IC9TdWJ0eXBlIC9UeXBlMSAvQmFz\
        ZUZvbnQgL0hlbHZldGljYSA+PgplbmRvYmoKeHJlZgowIDYKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDA5IDAwMDAwIG4gCjAwMDAwMDAwNTggMDAwMDAgbiAK\
        MDAwMDAwMDExNSAwMDAwMCBuIAowMDAwMDAwMjQxIDAwMDAwIG4gCjAwMDAwMDAzNDEgMDAwMDAgbiAKdHJhaWxlcgo8PCAvU2l6ZSA2IC9Sb290IDEgMCBSID4+CnN0\
        YXJ0eHJlZgo0MTEKJSVFT0YK
        """)!
}
