import Domain
import Foundation
import Storage
import StoragePostgres
import Synchronization

/// The routing engine's store on a node of several: every write carries the current leadership term and PostgreSQL
/// refuses it once that term is over. Without a term (a follower) nothing is written.
final class FencedRoutingStore: RoutingStore, Sendable {
    private let store: PostgresStore
    private let term = Mutex<RoutingFence?>(nil)

    init(store: PostgresStore) {
        self.store = store
    }

    var fence: RoutingFence? {
        get { term.withLock { $0 } }
        set { term.withLock { $0 = newValue } }
    }

    func routingSnapshot() async throws -> RoutingSnapshot { try await store.routingSnapshot() }

    func recordRouting(_ changes: [RoutingChange], at date: Date) async throws {
        guard !changes.isEmpty else { return }
        guard let fence else { throw NotRoutingLeader() }
        try await store.recordRouting(changes, at: date, fence: fence)
    }

    func routingDecisions(for interaction: Interaction.ID) async throws -> [StoredRoutingDecision] {
        try await store.routingDecisions(for: interaction)
    }

    func lastAgent(of contact: Contact.ID, excluding: Interaction.ID, since: Date) async throws -> User.ID? {
        try await store.lastAgent(of: contact, excluding: excluding, since: since)
    }
}

/// This node does not lead routing (it never did, or its term ended): the request goes to the leader.
struct NotRoutingLeader: Error, CustomStringConvertible {
    var description: String { "this node does not lead routing" }
}
