import Crypto
import Foundation

/// Answers the platforms' subscription checks before any body is decoded.
public enum Handshake {
    public enum Answer: Equatable, Sendable {
        /// 200 with this plain-text body.
        case text(String)
        /// 200 with this JSON body.
        case json(String)
        case forbidden
        /// The query is not a handshake at all.
        case notAHandshake
    }

    /// Meta: `hub.mode=subscribe&hub.verify_token=T&hub.challenge=C` → `C` when `T` matches.
    public static func meta(query: [String: String], verifyToken: String?) -> Answer {
        guard let mode = query["hub.mode"] else { return .notAHandshake }
        guard mode == "subscribe", let verifyToken, let token = query["hub.verify_token"],
            constantTimeEqual(token, verifyToken), let challenge = query["hub.challenge"]
        else { return .forbidden }
        return .text(challenge)
    }

    /// X CRC: `crc_token=T` → `{"response_token":"sha256=<base64 HMAC(consumer secret, T)>"}`.
    public static func xCRC(query: [String: String], consumerSecret: String?) -> Answer {
        guard let token = query["crc_token"] else { return .notAHandshake }
        guard let consumerSecret else { return .forbidden }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(token.utf8), using: SymmetricKey(data: Data(consumerSecret.utf8)))
        return .json(#"{"response_token":"sha256=\#(Data(mac).base64EncodedString())"}"#)
    }

    /// Compares secrets without leaking, through timing, how much of them matched.
    public static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
