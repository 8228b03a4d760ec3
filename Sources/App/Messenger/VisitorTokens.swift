import Crypto
import Domain
import Foundation

/// Signs and checks web visitors' tokens: `<payload>.<mac>`, both base64url, the MAC an HMAC-SHA256 under a key
/// generated once in the data directory (`messenger.key`). A token names its visitor and channel; a token
/// signed with another key, or for another channel, is refused.
struct VisitorTokens: Sendable {
    struct Claims: Codable, Sendable, Hashable {
        /// The visitor id (the identity's id on the web platform).
        var visitor: String
        /// The channel's account id.
        var channel: String
        var issuedAt: Int
        /// The name the visitor gave, if any: agents see it.
        var name: String?
    }

    private let key: SymmetricKey

    init(key: SymmetricKey) { self.key = key }

    /// The key in `<data>/messenger.key`, created (random, owner-only) on first use.
    static func load(dataDirectory: String) throws -> VisitorTokens {
        let path = (dataDirectory as NSString).appendingPathComponent("messenger.key")
        if let existing = FileManager.default.contents(atPath: path), existing.count == 32 {
            return VisitorTokens(key: SymmetricKey(data: existing))
        }
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return VisitorTokens(key: key)
    }

    func issue(_ claims: Claims) throws -> String {
        let payload = try JSONEncoder().encode(claims)
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: key)
        return payload.base64URL + "." + Data(mac).base64URL
    }

    /// The claims of a token this instance signed for `channel`, or nil.
    func verify(_ token: String, channel: String) -> Claims? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, token.utf8.count <= 1024, let payload = Data(base64URL: String(parts[0])),
            let mac = Data(base64URL: String(parts[1])),
            HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key),
            let claims = try? JSONDecoder().decode(Claims.self, from: payload), claims.channel == channel
        else { return nil }
        return claims
    }
}

extension Data {
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
