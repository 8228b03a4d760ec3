import Domain
import Foundation

/// Offering what became possible. Reserved interactions go to their named agent first; then, repeatedly,
/// the first waiting interaction in queue order that some available agent qualifies for goes to the best
/// of them — the greedy pass over everything, computed from the dirty agents and interactions only.
extension RoutingEngine {
    mutating func dispatch(now: Date) -> [RoutingDecision] {
        var decisions: [RoutingDecision] = []
        while true {
            if let (item, agent, rule) = bestReservedMatch(now: now) {
                let why = explanation(item, rule: rule, tier: 0, candidates: [agent], eligible: 1, now: now)
                decisions.append(offer(item, to: agent, why: why, now: now))
            } else if let item = bestQueuedMatch(now: now), let (agent, why) = chooseAgent(for: item, now: now) {
                decisions.append(offer(item, to: agent, why: why, now: now))
            } else {
                break
            }
        }
        dirtyAgents.removeAll()
        dirtyItems.removeAll()
        flushIndex()
        return decisions
    }

    /// Pending agents (not in the pools yet) who qualify for the interaction at its tier, as pool entries,
    /// each passed to `body` (no array built: this runs on every decision).
    private func forEachPendingCandidate(for need: Need, _ body: (AgentEntry) -> Void) {
        let (group, capacityClass, tier) = (need.group, need.capacityClass, need.tier)
        let needed: UInt64 = 1 << UInt64(need.requirement)
        for agent in pendingIndex.listed {
            guard pendingIndex.contains(agent), agentTable[agent].isAvailable(for: capacityClass),
                  let placement = agentTable[agent].placements.first(where: { $0.group == group }), placement.tier <= tier,
                  placement.requirements & needed != 0
            else { continue }
            body(AgentEntry(rank: rank(of: agent, in: placement), agent: agent, version: agentTable[agent].version))
        }
    }

    func queueRank(_ item: Int, now: Date) -> QueueRank {
        let interaction = itemTable[item]!
        let aging = groups[interaction.group].policy.agingPerMinute
        let key = RoutingRules.priorityKey(base: interaction.basePriority, aging: aging, queuedAt: interaction.queuedAt)
        return QueueRank(
            front: interaction.front, priority: RoutingRules.effectivePriority(key: key, aging: aging, now: now),
            queuedAt: RoutingRules.millis(interaction.queuedAt), id: interaction.id.rawValue)
    }

    func queueRank(_ id: Interaction.ID, now: Date) -> QueueRank { queueRank(itemSlots[id]!, now: now) }

    private func bestReservedMatch(now: Date) -> (Int, Int, RoutingExplanation.Rule)? {
        var best: (rank: QueueRank, item: Int, agent: Int, rule: RoutingExplanation.Rule)?
        func consider(_ item: Int) {
            guard case .reserved(let agent, _, let rule)? = itemTable.field(item, { $0.place }),
                  let capacityClass = itemTable.field(item, { $0.capacityClass }), agentTable[agent].isAvailable(for: capacityClass) else { return }
            let rank = queueRank(item, now: now)
            if best == nil || rank < best!.rank { best = (rank, item, agent, rule) }
        }
        for item in dirtyItems.listed where dirtyItems.contains(item) { consider(item) }
        for agent in dirtyAgents.listed where dirtyAgents.contains(agent) && !agentTable[agent].reserved.isEmpty {
            for item in agentTable[agent].reserved { consider(item) }
        }
        return best.map { ($0.item, $0.agent, $0.rule) }
    }

    private mutating func bestQueuedMatch(now: Date) -> Int? {
        var best: (rank: QueueRank, item: Int)?
        for item in dirtyItems.listed where dirtyItems.contains(item) {
            guard case .queued? = itemTable.field(item, { $0.place }), hasEligibleAgent(item) else {
                dirtyItems.remove(item)
                continue
            }
            let rank = queueRank(item, now: now)
            if best == nil || rank < best!.rank { best = (rank, item) }
        }
        for agent in dirtyAgents.listed where dirtyAgents.contains(agent) {
            guard let (rank, item) = firstQueued(for: agent, now: now) else {
                dirtyAgents.remove(agent)
                continue
            }
            if best == nil || rank < best!.rank { best = (rank, item) }
        }
        return best?.item
    }

    private mutating func hasEligibleAgent(_ item: Int) -> Bool {
        guard let need = queuedNeed(item) else { return false }
        let isCurrent = agentIsCurrent()
        let agents = agentTable
        let declined = need.declined
        let pools = agentPools(for: need)
        for index in stride(from: pools.first, to: pools.end, by: pools.step) {
            let found = agentPools[index].first(isValid: isCurrent) { entry in
                declined.isEmpty || !declined.contains(agents[entry.agent].id)
            }
            if found != nil { return true }
        }
        var found = false
        forEachPendingCandidate(for: need) { entry in
            if !found && (declined.isEmpty || !declined.contains(agents[entry.agent].id)) { found = true }
        }
        return found
    }

    /// The language requirement that applies to the interaction at `tier` (0: none): a tier admitting any member drops it.
    func requirement(of interaction: InteractionState, at tier: Int) -> Int {
        tier >= groups[interaction.group].languageFreeTier ? 0 : interaction.requirement
    }

    /// What an agent must match to take a queued interaction now: its workgroup, class and tier, the language
    /// requirement at that tier, and who declined it.
    struct Need {
        var group: Int
        var capacityClass: CapacityClass
        var tier: Int
        var requirement: Int
        var declined: Set<User.ID>
    }

    /// The interaction's `Need` if it is queued, read field by field (no copy of the interaction).
    private func queuedNeed(_ item: Int) -> Need? {
        guard case .queued(let tier)? = itemTable.field(item, { $0.place }) else { return nil }
        return itemTable.field(item) { interaction in
            Need(group: interaction.group, capacityClass: interaction.capacityClass, tier: tier,
                 requirement: requirement(of: interaction, at: tier), declined: interaction.declinedBy)
        }
    }

    /// The pools of the interaction's workgroup holding agents who qualify for it at its tier: its capacity class,
    /// agents placed at tiers 0 through that tier, meeting its language requirement there.
    private func agentPools(for need: Need) -> (first: Int, end: Int, step: Int) {
        let requirements = groups[need.group].requirements
        let first = groups[need.group].pool(slot: need.capacityClass.slot, tier: 0, requirement: need.requirement)
        return (first, first + (need.tier + 1) * requirements, requirements)
    }

    /// The best waiting interaction the agent qualifies for, across their workgroups and free classes. Ranks
    /// come from the queue heads (static priority key, age; the id only to break a tie), without looking at the
    /// heaps or the interactions, except for a head someone declined.
    private mutating func firstQueued(for agent: Int, now: Date) -> (QueueRank, Int)? {
        // Fields one by one: a copy of the whole agent state retains every collection it holds.
        guard agentTable[agent].profile.isReady, agentTable[agent].offer == nil else { return nil }
        let freeSlots = agentTable[agent].freeSlots
        guard freeSlots != 0 else { return nil }
        var best: (head: QueueHead, priority: Int64, id: Interaction.ID)?
        let placements = agentTable[agent].placements
        let nowMillis = RoutingRules.millis(now)
        for placement in placements {
            let aging = Int64(groups[placement.group].aging)
            let tiers = groups[placement.group].tiers
            let base = groups[placement.group].base
            let requirements = groups[placement.group].requirements
            let languageFreeTier = groups[placement.group].languageFreeTier
            for slot in 0..<CapacityClass.slotCount where freeSlots & (1 << slot) != 0 {
                for tier in placement.tier..<tiers {
                    // The "none" queue, then the queues of each language requirement the agent meets.
                    var met = tier >= languageFreeTier ? 1 : placement.requirements
                    while met != 0 {
                        let pool = base + (slot * tiers + tier) * requirements + met.trailingZeroBitCount
                        met &= met - 1
                        var head = queueHeads[pool]
                        guard head.slot >= 0 else { continue }
                        var declinedEntry: QueueEntry?
                        if head.declined {
                            guard let found = firstNotDeclined(in: pool, by: agent) else { continue }
                            declinedEntry = found
                            head = QueueHead(found)
                        }
                        let priority = head.key + aging * nowMillis
                        // The id (from the queue entry, not the interaction) only for the new best or to break a tie.
                        if let current = best {
                            let order = compare(head, priority, current.head, current.priority)
                            if order > 0 { continue }
                            let id = declinedEntry?.id ?? queues[pool].heap.min!.id
                            if order == 0 && !(id.rawValue < current.id.rawValue) { continue }
                            best = (head, priority, id)
                        } else {
                            best = (head, priority, declinedEntry?.id ?? queues[pool].heap.min!.id)
                        }
                    }
                }
            }
        }
        return best.map { best in
            (QueueRank(front: best.head.front, priority: best.priority, queuedAt: best.head.queuedAt, id: best.id.rawValue), best.head.slot)
        }
    }

    /// `QueueRank`'s order of head `a` (at effective priority `pa`) and head `b` without their ids: -1 when `a`
    /// goes first, 1 when `b` does, 0 when only the ids can tell.
    private func compare(_ a: QueueHead, _ pa: Int64, _ b: QueueHead, _ pb: Int64) -> Int {
        if a.front != b.front { return a.front ? -1 : 1 }
        if pa != pb { return pa > pb ? -1 : 1 }
        if a.queuedAt != b.queuedAt { return a.queuedAt < b.queuedAt ? -1 : 1 }
        return 0
    }

    /// The best entry of a queue that the agent has not declined (the slow path behind a declined head).
    private mutating func firstNotDeclined(in pool: Int, by agent: Int) -> QueueEntry? {
        let agentID = agentTable[agent].id
        let items = itemTable
        let versions = queueVersions
        let entry = queues[pool].first(isValid: { versions[$0.slot] == $0.version }, accept: { entry in
            guard let declined = items.field(entry.slot, { $0.declinedBy }), !declined.isEmpty else { return true }
            return !declined.contains(agentID)
        })
        settle(pool)
        return entry
    }

    /// The winning agent by the workgroup's strategy, with the explanation: the three best candidates.
    private mutating func chooseAgent(for item: Int, now: Date) -> (Int, RoutingExplanation)? {
        guard let need = queuedNeed(item) else { return nil }
        let (group, capacityClass, tier) = (need.group, need.capacityClass, need.tier)
        var found = candidateBuffer
        candidateBuffer = []
        found.removeAll(keepingCapacity: true)
        defer { candidateBuffer = found }
        var available = 0
        let isCurrent = agentIsCurrent()
        let agents = agentTable
        let declined = need.declined
        let pools = agentPools(for: need)
        for index in stride(from: pools.first, to: pools.end, by: pools.step) {
            available += agentPools[index].live
            agentPools[index].appendBest(3, to: &found, isValid: isCurrent) { entry in
                declined.isEmpty || !declined.contains(agents[entry.agent].id)
            }
        }
        forEachPendingCandidate(for: need) { entry in
            available += 1
            if declined.isEmpty || !declined.contains(agents[entry.agent].id) { found.append(entry) }
        }
        found.sort()
        guard let winner = found.first else { return nil }
        let needed: UInt64 = 1 << UInt64(need.requirement)
        let declinedButAvailable = declined.isEmpty ? 0 : declined.count { agentID in
            guard let slot = agentSlots[agentID], let placement = agentTable[slot].placements.first(where: { $0.group == group })
            else { return false }
            return placement.tier <= tier && placement.requirements & needed != 0 && agentTable[slot].isAvailable(for: capacityClass)
        }
        let rule = RoutingExplanation.Rule(groups[group].policy.strategy)
        let why = explanation(item, rule: rule, tier: tier, candidates: found.prefix(3).lazy.map(\.agent), eligible: available - declinedButAvailable, now: now)
        return (winner.agent, why)
    }

    private mutating func offer(_ item: Int, to agent: Int, why: RoutingExplanation, now: Date) -> RoutingDecision {
        // The policy and the interaction field by field (a copy retains every collection it holds).
        let (id, group, capacityClass) = itemTable.field(item, { ($0.id, $0.group, $0.capacityClass) })!
        let agentID = agentTable[agent].id
        offerCounter += 1
        agentTable[agent].lastActivity = now
        agentTable[agent].lastOffered = offerCounter
        count(capacityClass, for: agent, 1)
        dirtyItems.remove(item)
        dirtyAgents.remove(agent)
        if groups[group].policy.autoAnswer {
            move(item, to: .held(agent, Hold(phase: .active, since: now, counted: true)))
            agentTable[agent].hold(item)
            reindex(agent)
            return .assign(id, to: agentID, why: why)
        }
        let expiresAt = now + groups[group].policy.alertingTimeout
        move(item, to: .offered(agent, expiresAt: expiresAt))
        agentTable[agent].offer = item
        reindex(agent)
        scheduleOfferExpiry(TimerEntry(due: expiresAt, kind: .offerExpiry, id: id, slot: item, stamp: itemTable[item]!.stamp))
        return .offer(id, to: agentID, expiresAt: expiresAt, why: why)
    }
}
