import Domain
import Foundation

/// What the simulated contact center does with each routing decision.
extension SimulationRun {
    mutating func carryOut(_ decisions: [RoutingDecision]) {
        for decision in decisions {
            switch decision {
            case .offer(let id, let agentID, _, _):
                guard let index = interactionIndex[id], let agent = agentIndex[agentID] else { continue }
                if interactions[index].offeredAt == nil { interactions[index].offeredAt = clock }
                take(index, by: agent)
                schedule(clock + scenario.answerAfter, .answer(interaction: index, agent: agent, token: interactions[index].token))
            case .assign(let id, let agentID, _):
                guard let index = interactionIndex[id], let agent = agentIndex[agentID] else { continue }
                if interactions[index].offeredAt == nil { interactions[index].offeredAt = clock }
                if interactions[index].holder != agent { take(index, by: agent) }
                if !interactions[index].answered {
                    interactions[index].answered = true
                    if interactions[index].measured { unresolved -= 1 }
                }
                interactions[index].inService = true
                interactions[index].token += 1
                schedule(clock + interactions[index].handle, .completion(interaction: index, token: interactions[index].token))
            case .requeue(let id, _, _):
                guard let index = interactionIndex[id] else { continue }
                release(index)
                if ledger.window.contains(clock) { requeued += 1 }
            case .setNotReady(let agentID, let reason):
                guard let agent = agentIndex[agentID] else { continue }
                agents[agent].profile.presence = .notReady(reason)
                schedule(clock + Self.readyAfterNoAnswer, .readyAgain(agent: agent))
            case .reserve, .overflow, .transfer, .releaseSlot, .resume, .priority, .refuse:
                continue
            }
        }
    }

    /// The interaction is now offered to, or held by, the agent.
    mutating func take(_ index: Int, by agent: Int) {
        release(index)
        interactions[index].holder = agent
        interactions[index].token += 1
        agents[agent].load += 1
        if agents[agent].load == 1 { ledger.busy += 1 }
    }

    /// The interaction leaves its agent's hands (finished, or back to the queue).
    mutating func release(_ index: Int) {
        guard let agent = interactions[index].holder else { return }
        interactions[index].holder = nil
        interactions[index].inService = false
        interactions[index].token += 1
        agents[agent].load -= 1
        if agents[agent].load == 0 { ledger.busy -= 1 }
    }

    func outcome() -> ReplicationOutcome {
        var records: [Workgroup.ID: [ReplicationOutcome.Record]] = [:]
        for interaction in interactions where interaction.measured {
            let workgroup = scenario.arrivals[interaction.stream].workgroup
            let fate: ReplicationOutcome.Fate =
                interaction.answered ? .answered : interaction.abandoned ? .abandoned : .unanswered
            let wait = interaction.answered ? interaction.offeredAt.map { $0 - interaction.arrivedAt } : nil
            records[workgroup, default: []].append(ReplicationOutcome.Record(arrivedAt: interaction.arrivedAt, wait: wait, fate: fate))
        }
        return ReplicationOutcome(
            seed: seed, window: window, records: records, busySeconds: ledger.busySeconds, loggedInSeconds: ledger.loggedInSeconds,
            requeued: requeued)
    }
}
