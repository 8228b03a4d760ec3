import Domain
import Foundation
import Routing
import Storage

/// Runs another node's routing request on the leader's engine: agents and interactions are read from the database.
struct RoutingRequestRunner: Sendable {
    let store: any ParleyStore
    let routing: RoutingService

    /// The encoded reply, or the error the request failed with.
    func run(_ text: String) async -> Result<String, any Error> {
        do {
            let request = try JSONDecoder().decode(RoutingRequest.self, from: Data(text.utf8))
            let reply = try await perform(request)
            return .success(String(decoding: try JSONEncoder().encode(reply), as: UTF8.self))
        } catch {
            return .failure(error)
        }
    }

    func perform(_ request: RoutingRequest) async throws -> RoutingReply {
        switch request {
        case .interactionArrived(let id, let workgroup, let priority):
            // Only once: after a takeover the new leader has queued it already from the database.
            guard var interaction = try await store.interaction(id), interaction.state == .new || interaction.state == .queued else { return .done }
            if let workgroup { interaction.workgroupID = workgroup }
            interaction.priority = priority
            try await routing.interactionArrived(interaction)
            return .done
        case .agentUpdated(let agent, let presence):
            guard let user = try await store.user(id: agent)?.user else { return .done }
            try await routing.agentUpdated(user, presence: presence.state)
            return .done
        case .transfer(let id, let target, let note):
            return .decisions(try await routing.transfer(id, to: target, note: note))
        case .raisePriority(let id, let boost):
            guard let interaction = try await store.interaction(id), interaction.state == .queued else { return .done }
            try await routing.raisePriority(of: interaction, by: boost)
            return .done
        case .queues:
            return .queues(try await routing.queues())
        case .accepted(let id, let agent): return .decisions(try await routing.submit(.accepted(id, by: agent)))
        case .rejected(let id, let agent): return .decisions(try await routing.submit(.rejected(id, by: agent)))
        case .waitingForCustomer(let id): return .decisions(try await routing.submit(.waitingForCustomer(id)))
        case .customerReplied(let id): return .decisions(try await routing.submit(.customerReplied(id)))
        case .wrapUpStarted(let id): return .decisions(try await routing.submit(.wrapUpStarted(id)))
        case .closed(let id): return .decisions(try await routing.submit(.closed(id)))
        case .assign(let id, let agent): return .decisions(try await routing.submit(.assign(id, to: agent)))
        case .pull(let id): return .decisions(try await routing.submit(.pull(id)))
        case .setPriority(let id, let priority): return .decisions(try await routing.submit(.setPriority(id, priority)))
        }
    }
}
