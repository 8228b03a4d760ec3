import Domain
import Foundation
import Hummingbird
import Routing
import StoragePostgres

/// Routing for a node of several: runs a request on this node's engine while it leads, and otherwise queues it in
/// the database for the leader (`routing_commands`) and, when the caller needs the answer, waits for it. A leader
/// whose term ends under a request hands that request on the same way.
struct ForwardingRoutingGateway: RoutingGateway {
    let leadership: RoutingLeadership
    let routing: RoutingService
    let store: PostgresStore
    let clock: any WallClock
    /// How long a caller waits for the leader's answer (a takeover takes up to the lease plus a second).
    var replyTimeout: Duration = .seconds(15)
    var pollEvery: Duration = .milliseconds(20)

    func interactionArrived(_ interaction: Interaction) async throws {
        try await run(.interactionArrived(interaction.id, workgroup: interaction.workgroupID, priority: interaction.priority)) {
            try await routing.interactionArrived(interaction)
            return .done
        }
    }

    func agentUpdated(_ user: User, presence: AgentPresenceState) async throws {
        try await run(.agentUpdated(user.id, presence: .init(presence))) {
            try await routing.agentUpdated(user, presence: presence)
            return .done
        }
    }

    @discardableResult
    func submit(_ command: RoutingCommand) async throws -> [RoutingDecision] {
        guard let request = RoutingRequest(command) else { return try await routing.submit(command) }
        return Self.decisions(try await run(request) { .decisions(try await routing.submit(command)) })
    }

    func transfer(_ id: Interaction.ID, to target: TransferTarget, note: String?) async throws -> [RoutingDecision] {
        Self.decisions(try await run(.transfer(id, to: target, note: note)) { .decisions(try await routing.transfer(id, to: target, note: note)) })
    }

    func queues() async throws -> [QueueSummary] {
        guard case .queues(let queues) = try await run(.queues, local: { .queues(try await routing.queues()) }) else { return [] }
        return queues
    }

    func raisePriority(of interaction: Interaction, by boost: Int) async throws {
        // The boost lives in the leader's memory only; every node's monitor computes the same one, the leader's applies it.
        guard leadership.role == .leader else { return }
        try await run(.raisePriority(interaction.id, by: boost)) {
            try await routing.raisePriority(of: interaction, by: boost)
            return .done
        }
    }

    private static func decisions(_ reply: RoutingReply) -> [RoutingDecision] {
        if case .decisions(let decisions) = reply { return decisions }
        return []
    }

    /// Here while this node leads; otherwise through the database.
    private func run(_ request: RoutingRequest, local: () async throws -> RoutingReply) async throws -> RoutingReply {
        if let fence = leadership.fence {
            do {
                return try await local()
            } catch let error where error is StaleRoutingLeader || error is NotRoutingLeader {
                leadership.step(down: fence, because: "a routing write was refused")
            }
        }
        return try await forward(request)
    }

    private func forward(_ request: RoutingRequest) async throws -> RoutingReply {
        let text = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        let id = try await store.enqueueRoutingRequest(text, from: leadership.settings.node, at: clock.now())
        guard request.awaitsReply else { return .done }
        let deadline = ContinuousClock.now + replyTimeout
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: pollEvery)
            guard let answer = try await store.routingReply(id) else { continue }
            if let reply = answer.reply {
                return try JSONDecoder().decode(RoutingReply.self, from: Data(reply.utf8))
            }
            throw AppError(.internalServerError, code: "routing_failed", message: "Routing could not carry this out: \(answer.error ?? "unknown error").")
        }
        throw AppError(.serviceUnavailable, code: "routing_unavailable",
                       message: "No routing leader answered within \(replyTimeout); the request is queued and runs when one takes over. Retry shortly.")
    }
}
