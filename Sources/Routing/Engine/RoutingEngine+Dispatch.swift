import Domain
import Foundation

/// Offering what became possible. Reserved interactions go to their named agent first; then, repeatedly,
/// the first waiting interaction in queue order that some available agent qualifies for goes to the best
/// of them — the greedy pass over everything, computed from the dirty agents and interactions only.
extension RoutingEngine {
    mutating func dispatch(now: Date) -> [RoutingDecision] {
        var decisions: [RoutingDecision] = []
        while true {
            if let (id, agent, rule) = bestReservedMatch(now: now) {
                let why = explanation(id, rule: rule, tier: 0, candidates: [agent], eligible: 1, now: now)
                decisions.append(offer(id, to: agent, why: why, now: now))
            } else if let id = bestQueuedMatch(now: now), let (agent, why) = chooseAgent(for: id, now: now) {
                decisions.append(offer(id, to: agent, why: why, now: now))
            } else {
                break
            }
        }
        dirtyAgents = []
        dirtyInteractions = []
        return decisions
    }

    func queueRank(_ id: Interaction.ID, now: Date) -> QueueRank {
        let interaction = interactions[id]!
        let aging = policy(interaction.workgroup).agingPerMinute
        let key = RoutingRules.priorityKey(base: interaction.basePriority, aging: aging, queuedAt: interaction.queuedAt)
        return QueueRank(
            front: interaction.front, priority: RoutingRules.effectivePriority(key: key, aging: aging, now: now),
            queuedAt: RoutingRules.millis(interaction.queuedAt), id: id.rawValue)
    }

    private mutating func bestReservedMatch(now: Date) -> (Interaction.ID, User.ID, RoutingExplanation.Rule)? {
        var best: (rank: QueueRank, id: Interaction.ID, agent: User.ID, rule: RoutingExplanation.Rule)?
        func consider(_ id: Interaction.ID) {
            guard let interaction = interactions[id], case .reserved(let agent, _, let rule) = interaction.place,
                  agents[agent]?.isAvailable(for: interaction.capacityClass) == true else { return }
            let rank = queueRank(id, now: now)
            if best == nil || rank < best!.rank { best = (rank, id, agent, rule) }
        }
        for id in dirtyInteractions { consider(id) }
        for agent in dirtyAgents { for id in reservations[agent] ?? [] { consider(id) } }
        return best.map { ($0.id, $0.agent, $0.rule) }
    }

    private mutating func bestQueuedMatch(now: Date) -> Interaction.ID? {
        var best: (rank: QueueRank, id: Interaction.ID)?
        for id in dirtyInteractions {
            guard case .queued? = interactions[id]?.place, hasEligibleAgent(id) else {
                dirtyInteractions.remove(id)
                continue
            }
            let rank = queueRank(id, now: now)
            if best == nil || rank < best!.rank { best = (rank, id) }
        }
        for agent in dirtyAgents {
            guard let id = firstQueued(for: agent, now: now) else {
                dirtyAgents.remove(agent)
                continue
            }
            let rank = queueRank(id, now: now)
            if best == nil || rank < best!.rank { best = (rank, id) }
        }
        return best?.id
    }

    private func candidateKeys(_ interaction: InteractionState, tier: Int) -> [PoolKey] {
        (0...tier).map { PoolKey(workgroup: interaction.workgroup, capacityClass: interaction.capacityClass, tier: $0) }
    }

    private mutating func hasEligibleAgent(_ id: Interaction.ID) -> Bool {
        guard let interaction = interactions[id], case .queued(let tier) = interaction.place else { return false }
        let isCurrent = agentEntryIsCurrent
        for key in candidateKeys(interaction, tier: tier) {
            if pools[key]?.first(isValid: isCurrent, accept: { !interaction.declinedBy.contains($0.agent) }) != nil { return true }
        }
        return false
    }

    /// The best waiting interaction the agent qualifies for, across their workgroups and free classes. Ranks
    /// come from the queue entries themselves (static priority key, age, id), without looking anything up.
    private mutating func firstQueued(for agentID: User.ID, now: Date) -> Interaction.ID? {
        guard let agent = agents[agentID], agent.profile.isReady, agent.offer == nil else { return nil }
        var best: (rank: QueueRank, id: Interaction.ID)?
        let isCurrent = queueEntryIsCurrent
        let interactions = interactions
        let freeClasses = CapacityClass.allCases.filter { agent.hasRoom(for: $0) }
        let nowMillis = RoutingRules.millis(now)
        for (workgroup, agentTier) in agent.placement {
            let policy = policy(workgroup)
            let lastTier = policy.expansion.count
            let aging = Int64(policy.agingPerMinute)
            for capacityClass in freeClasses {
                for tier in agentTier...lastTier {
                    let key = PoolKey(workgroup: workgroup, capacityClass: capacityClass, tier: tier)
                    guard let entry = queues[key]?.first(isValid: isCurrent, accept: { !(interactions[$0.id]?.declinedBy.contains(agentID) ?? true) })
                    else { continue }
                    let rank = QueueRank(front: entry.front, priority: entry.key + aging * nowMillis, queuedAt: entry.queuedAt, id: entry.id.rawValue)
                    if best == nil || rank < best!.rank { best = (rank, entry.id) }
                }
            }
        }
        return best?.id
    }

    /// The winning agent by the workgroup's strategy, with the explanation: the three best candidates.
    private mutating func chooseAgent(for id: Interaction.ID, now: Date) -> (User.ID, RoutingExplanation)? {
        guard let interaction = interactions[id], case .queued(let tier) = interaction.place else { return nil }
        var found: [AgentEntry] = []
        var available = 0
        let isCurrent = agentEntryIsCurrent
        for key in candidateKeys(interaction, tier: tier) {
            available += pools[key]?.live ?? 0
            found += pools[key]?.best(3, isValid: isCurrent, accept: { !interaction.declinedBy.contains($0.agent) }) ?? []
        }
        found.sort()
        guard let winner = found.first else { return nil }
        let declinedButAvailable = interaction.declinedBy.count { agentID in
            guard let agent = agents[agentID], let agentTier = agent.placement[interaction.workgroup] else { return false }
            return agentTier <= tier && agent.isAvailable(for: interaction.capacityClass)
        }
        let rule = RoutingExplanation.Rule(policy(interaction.workgroup).strategy)
        let why = explanation(id, rule: rule, tier: tier, candidates: found.prefix(3).map(\.agent), eligible: available - declinedButAvailable, now: now)
        return (winner.agent, why)
    }

    private mutating func offer(_ id: Interaction.ID, to agentID: User.ID, why: RoutingExplanation, now: Date) -> RoutingDecision {
        let interaction = interactions[id]!
        let policy = policy(interaction.workgroup)
        offerCounter += 1
        agents[agentID]?.lastActivity = now
        agents[agentID]?.lastOffered = offerCounter
        count(interaction.capacityClass, for: agentID, 1)
        dirtyInteractions.remove(id)
        dirtyAgents.remove(agentID)
        if policy.autoAnswer {
            move(id, to: .held(agentID, Hold(phase: .active, since: now, counted: true)))
            agents[agentID]?.held.insert(id)
            reindex(agentID)
            return .assign(id, to: agentID, why: why)
        }
        let expiresAt = now + policy.alertingTimeout
        move(id, to: .offered(agentID, expiresAt: expiresAt))
        agents[agentID]?.offer = id
        reindex(agentID)
        timers.insert(TimerEntry(due: expiresAt, kind: .offerExpiry, id: id, stamp: interactions[id]!.stamp))
        return .offer(id, to: agentID, expiresAt: expiresAt, why: why)
    }
}
