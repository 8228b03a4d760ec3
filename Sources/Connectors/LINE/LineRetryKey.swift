import Crypto
import Foundation

/// The `X-Line-Retry-Key` of a push (platforms.md §6.2): a UUID LINE remembers, answering a repeat with 409
/// instead of delivering again. Derived from the outbox item's idempotency key (a name-based UUID, RFC 9562
/// version 5), so every retry of one item carries the same key and no two items share one.
public enum LineRetryKey {
    /// Parley's namespace for these keys (a fixed random UUID).
    static let namespace: [UInt8] = [0x6f, 0x2d, 0x1c, 0x83, 0x5a, 0x4e, 0x4b, 0x0e, 0x9d, 0x31, 0x2b, 0x7c, 0x58, 0x90, 0xa4, 0x17]

    public static func make(_ idempotencyKey: String) -> String {
        var bytes = Array(Insecure.SHA1.hash(data: namespace + Array(idempotencyKey.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let uuid = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                               bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        return uuid.uuidString.lowercased()
    }
}
