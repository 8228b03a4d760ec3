import Domain
import Foundation
import GRDB

extension SQLiteStore {
    public func channelTokens(_ channel: ChannelKey, sealer: any SecretSealer) async throws -> ChannelTokens? {
        let row = try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT access_token, access_expires_at, refresh_token, lineage, updated_at FROM channel_tokens WHERE channel = ?
                """, arguments: [channel.description])
        }
        guard let row else { return nil }
        return ChannelTokens(accessToken: try sealer.unseal(row["access_token"]), accessExpiresAt: Date(storageValue: row["access_expires_at"]),
                             refreshToken: try sealer.unseal(row["refresh_token"]), lineage: row["lineage"],
                             updatedAt: Date(storageValue: row["updated_at"]))
    }

    public func saveChannelTokens(_ tokens: ChannelTokens, for channel: ChannelKey, sealer: any SecretSealer) async throws {
        let access = try sealer.seal(tokens.accessToken)
        let refresh = try sealer.seal(tokens.refreshToken)
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO channel_tokens (channel, access_token, access_expires_at, refresh_token, lineage, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (channel) DO UPDATE SET access_token = excluded.access_token, access_expires_at = excluded.access_expires_at,
                    refresh_token = excluded.refresh_token, lineage = excluded.lineage, updated_at = excluded.updated_at
                """, arguments: [channel.description, access, tokens.accessExpiresAt.storageValue, refresh, tokens.lineage,
                                 tokens.updatedAt.storageValue])
        }
    }
}
