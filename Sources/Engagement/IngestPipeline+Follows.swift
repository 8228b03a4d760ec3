import Connectors
import Domain
import Foundation
import Storage

extension IngestPipeline {
    /// Follows and unfollows (LINE) become the contact's `followsCompany`, in arrival order, for customers Parley
    /// knows; a follow from someone who never wrote is kept in the inbox only.
    func applyFollows(_ events: [StoredInboxEvent], deliveries: [Int64: StoredDelivery]) async throws {
        for stored in events {
            guard let delivery = deliveries[stored.deliveryID],
                let change = Normaliser.follow(stored.event, deliveryBody: delivery.body, source: delivery.source)
            else { continue }
            if try await store.setFollowsCompany(change.follows, identity: change.identity) == nil {
                logger.debug("follow from a customer who has not written yet", metadata: ["inbox_event": "\(stored.id)"])
            }
        }
    }
}
