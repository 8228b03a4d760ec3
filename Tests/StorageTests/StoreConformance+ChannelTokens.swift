import Domain
import Foundation
import Storage
import Testing

/// A channel's OAuth tokens at rest: sealed, replaced whole, per channel.
extension StoreConformance {
    /// Reversible but never the clear text: a prefix and the bytes in hex.
    struct HexSealer: SecretSealer {
        func seal(_ secret: String) throws -> String { "sealed:" + secret.utf8.map { String(format: "%02x", $0) }.joined() }
        func unseal(_ sealed: String) throws -> String {
            guard sealed.hasPrefix("sealed:") else { throw StoreError.unsafe("not sealed: \(sealed)") }
            let hex = Array(sealed.dropFirst("sealed:".count))
            let bytes = stride(from: 0, to: hex.count, by: 2).compactMap { UInt8(String(hex[$0..<min($0 + 2, hex.count)]), radix: 16) }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Reads what the columns hold, as they are.
    struct RawSealer: SecretSealer {
        func seal(_ secret: String) throws -> String { secret }
        func unseal(_ sealed: String) throws -> String { sealed }
    }

    static func channelTokensAreSealedAtRestAndReplacedWhole(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let sealer = HexSealer()
        #expect(try await store.channelTokens(xAccount, sealer: sealer) == nil)
        let first = ChannelTokens(accessToken: "at-1 with spaces+/=", accessExpiresAt: start + 7200, refreshToken: "rt-1",
                                  lineage: "fp-configured", updatedAt: start)
        try await store.saveChannelTokens(first, for: xAccount, sealer: sealer)
        #expect(try await store.channelTokens(xAccount, sealer: sealer) == first)
        // The columns hold only what the sealer gave: no token text.
        let raw = try #require(try await store.channelTokens(xAccount, sealer: RawSealer()))
        #expect(!raw.accessToken.contains("at-1") && !raw.refreshToken.contains("rt-1"), "\(raw)")
        #expect(raw.accessToken == (try sealer.seal(first.accessToken)))
        // A refresh replaces the pair: the spent refresh token is gone.
        let second = ChannelTokens(accessToken: "at-2", accessExpiresAt: start + 9000, refreshToken: "rt-2", lineage: "fp-configured",
                                   updatedAt: start + 1800)
        try await store.saveChannelTokens(second, for: xAccount, sealer: sealer)
        #expect(try await store.channelTokens(xAccount, sealer: sealer) == second)
        // Another account's tokens are its own.
        let other = ChannelKey(kind: .x, accountID: "3300000001")
        #expect(try await store.channelTokens(other, sealer: sealer) == nil)
        try await store.saveChannelTokens(first, for: other, sealer: sealer)
        #expect(try await store.channelTokens(xAccount, sealer: sealer)?.refreshToken == "rt-2")
        // A sealer that cannot open them (another instance key) is an error, never a wrong token.
        struct Refusing: SecretSealer {
            func seal(_ secret: String) throws -> String { secret }
            func unseal(_ sealed: String) throws -> String { throw StoreError.unsafe("wrong key") }
        }
        await #expect(throws: (any Error).self) { _ = try await store.channelTokens(xAccount, sealer: Refusing()) }
    }
}
