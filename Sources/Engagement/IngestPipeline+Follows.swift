import Connectors
import Domain
import Foundation
import Storage

extension IngestPipeline {
    /// Records who follows the channels' accounts (the X direct-message precondition). Other relationship
    /// events (blocks, mutes, the account's own follows) are kept in the inbox only.
    func applyFollows(_ events: [StoredInboxEvent], deliveries: [Int64: StoredDelivery]) async throws -> [FollowChange] {
        let changes = events.compactMap { stored in
            deliveries[stored.deliveryID].flatMap { FollowNormaliser.normalise(stored.event, deliveryBody: $0.body, source: $0.source) }
        }
        return try await store.applyFollows(changes)
    }
}
