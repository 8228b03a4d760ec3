import Domain
import Foundation

/// Seals the secrets a store keeps (a channel's OAuth tokens): the store writes only what `seal` returns and reads
/// back through `unseal`, so a copy of the database holds no usable token. App seals with the instance key.
public protocol SecretSealer: Sendable {
    func seal(_ secret: String) throws -> String
    func unseal(_ sealed: String) throws -> String
}

/// A channel's current OAuth 2.0 user tokens (X): the access token with its expiry and the refresh token that
/// replaces it. X's refresh tokens are single use, so the newest pair must outlive a restart: the one configured in
/// `parley.yml` is spent by the first refresh.
public struct ChannelTokens: Sendable, Equatable {
    public var accessToken: String
    public var accessExpiresAt: Date
    public var refreshToken: String
    /// The fingerprint of the refresh token configured when this lineage began: a different one configured later
    /// (the app was authorised again) replaces the lineage instead of being ignored.
    public var lineage: String
    public var updatedAt: Date

    public init(accessToken: String, accessExpiresAt: Date, refreshToken: String, lineage: String, updatedAt: Date) {
        self.accessToken = accessToken
        self.accessExpiresAt = accessExpiresAt
        self.refreshToken = refreshToken
        self.lineage = lineage
        self.updatedAt = updatedAt
    }
}

/// Each channel's OAuth tokens at rest (table `channel_tokens`), sealed.
public protocol ChannelTokenStore: Sendable {
    /// The channel's stored tokens, unsealed; nil when none were stored.
    func channelTokens(_ channel: ChannelKey, sealer: any SecretSealer) async throws -> ChannelTokens?

    /// Stores the channel's tokens in place of what was stored, in one transaction.
    func saveChannelTokens(_ tokens: ChannelTokens, for channel: ChannelKey, sealer: any SecretSealer) async throws
}
