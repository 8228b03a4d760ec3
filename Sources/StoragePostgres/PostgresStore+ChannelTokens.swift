import Domain
import Foundation
import Storage

extension PostgresStore {
    public func channelTokens(_ channel: ChannelKey, sealer: any SecretSealer) async throws -> ChannelTokens? {
        let row = try await read { db in
            try await db.row("""
                SELECT access_token, access_expires_at, refresh_token, lineage, updated_at FROM channel_tokens
                WHERE channel = \(channel.description)
                """).map { row in
                (access: try row["access_token"] as String, expires: try row["access_expires_at"] as Double,
                 refresh: try row["refresh_token"] as String, lineage: try row["lineage"] as String, updated: try row["updated_at"] as Double)
            }
        }
        guard let row else { return nil }
        return ChannelTokens(accessToken: try sealer.unseal(row.access), accessExpiresAt: Date(storageValue: row.expires),
                             refreshToken: try sealer.unseal(row.refresh), lineage: row.lineage, updatedAt: Date(storageValue: row.updated))
    }

    public func saveChannelTokens(_ tokens: ChannelTokens, for channel: ChannelKey, sealer: any SecretSealer) async throws {
        let access = try sealer.seal(tokens.accessToken)
        let refresh = try sealer.seal(tokens.refreshToken)
        try await write(retryingConflicts: true) { db in
            try await db.execute("""
                INSERT INTO channel_tokens (channel, access_token, access_expires_at, refresh_token, lineage, updated_at)
                VALUES (\(channel.description), \(access), \(tokens.accessExpiresAt.storageValue), \(refresh), \(tokens.lineage),
                        \(tokens.updatedAt.storageValue))
                ON CONFLICT (channel) DO UPDATE SET access_token = excluded.access_token, access_expires_at = excluded.access_expires_at,
                    refresh_token = excluded.refresh_token, lineage = excluded.lineage, updated_at = excluded.updated_at
                """)
        }
    }
}
