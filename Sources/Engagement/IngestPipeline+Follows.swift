import Connectors
import Domain
import Foundation
import Storage

extension IngestPipeline {
    /// Records who follows the channels' accounts (X follows and unfollows, LINE friends added and blocks: the X
    /// direct-message precondition, and the contact's `followsCompany`). Other relationship events (blocks and
    /// mutes on X, the account's own follows, LINE group joins) are kept in the inbox only.
    func applyFollows(_ events: [StoredInboxEvent], deliveries: [Int64: StoredDelivery]) async throws -> [FollowChange] {
        let changes = events.compactMap { stored in
            deliveries[stored.deliveryID].flatMap { FollowNormaliser.normalise(stored.event, deliveryBody: $0.body, source: $0.source) }
        }
        return try await store.applyFollows(changes, at: clock.now())
    }
}
