import Crypto
import Domain
import Foundation

/// How one platform signs its webhook bodies: which header, which encoding of HMAC-SHA256, which prefix.
public struct WebhookSignature: Sendable {
    public enum Encoding: Sendable { case hex, base64 }

    public var header: String
    public var encoding: Encoding
    public var prefix: String

    public static func of(_ source: WebhookSource) -> WebhookSignature {
        switch source {
        case .meta: WebhookSignature(header: "X-Hub-Signature-256", encoding: .hex, prefix: "sha256=")
        case .x: WebhookSignature(header: "x-twitter-webhooks-signature", encoding: .base64, prefix: "sha256=")
        case .line: WebhookSignature(header: "x-line-signature", encoding: .base64, prefix: "")
        case .open: OpenSignature.scheme
        // Never arrives as a webhook (visitors authenticate with their signed token); signing it is only for tools.
        case .web: WebhookSignature(header: "X-Parley-Signature", encoding: .base64, prefix: "sha256=")
        }
    }

    /// The header value a platform would send for `body`.
    public func sign(_ body: some DataProtocol, secret: String) -> String { sign(Data(body), secret: secret) }

    /// `sign` for a body already in `Data`: concrete, so the HMAC runs specialised (the generic form, called from
    /// another module, walked the bytes through protocol witnesses and cost several times the hash itself).
    public func sign(_ body: Data, secret: String) -> String {
        let mac = Data(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))))
        switch encoding {
        case .hex: return prefix + lowercaseHex(mac)
        case .base64: return prefix + mac.base64EncodedString()
        }
    }

    /// Checks `headerValue` against the HMAC of the raw body, in constant time. A missing header, a wrong
    /// prefix, a wrong encoding or a wrong secret all fail.
    public func verify(_ body: some DataProtocol, headerValue: String?, secret: String) -> Bool {
        verify(Data(body), headerValue: headerValue, secret: secret)
    }

    /// `verify` for a body already in `Data` (every webhook endpoint's case), specialised like `sign`.
    public func verify(_ body: Data, headerValue: String?, secret: String) -> Bool {
        guard let headerValue, headerValue.hasPrefix(prefix) else { return false }
        let encoded = headerValue.dropFirst(prefix.count)
        let received: Data?
        switch encoding {
        case .hex: received = Self.decodeHex(encoded)
        case .base64: received = Data(base64Encoded: String(encoded))
        }
        guard let received, received.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(received, authenticating: body,
                                                      using: SymmetricKey(data: Data(secret.utf8)))
    }

    /// Hex digits in either case: Meta sends lowercase, but a proxy or a replay tool may not, and the MAC is the same.
    static func decodeHex(_ text: Substring) -> Data? {
        guard text.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.count / 2)
        var high: UInt8?
        for scalar in text.unicodeScalars {
            let nibble: UInt8
            switch scalar {
            case "0"..."9": nibble = UInt8(scalar.value - 48)
            case "a"..."f": nibble = UInt8(scalar.value - 87)
            case "A"..."F": nibble = UInt8(scalar.value - 55)
            default: return nil
            }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return Data(bytes)
    }
}
