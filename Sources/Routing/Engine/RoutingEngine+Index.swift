import Domain
import Foundation

/// Keeping the two indexes (available agents, waiting interactions) and the timers in step with state.
/// Everything here works on slots.
extension RoutingEngine {
    /// Recomputes where the agent qualifies (tier and proficiency per workgroup), then re-indexes them.
    mutating func place(_ agent: Int, profile: AgentProfile) {
        agentTable[agent].profile = profile
        var placements: [AgentState.Placement] = []
        for workgroup in profile.workgroups.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let group = groupSlots[workgroup] else { continue }
            let policy = groups[group].policy
            if let tier = RoutingRules.agentTier(skills: profile.skills, policy: policy) {
                placements.append(.init(group: group, tier: tier, proficiency: RoutingRules.proficiency(skills: profile.skills, policy: policy),
                                        requirements: groups[group].requirementsMet(by: profile.skills)))
            }
        }
        agentTable[agent].placements = placements
        reindex(agent)
    }

    /// Voids the agent's pool entries after a change of availability or rank; if they are available, marks them
    /// dirty and pending: their new entries are written by `flushIndex` when dispatch ends (a freed agent is
    /// usually given work at once, which would make them stale again). Until then dispatch looks at pending
    /// agents directly.
    mutating func reindex(_ agent: Int) {
        for pool in agentTable[agent].indexedIn { agentPools[pool].live -= 1 }
        agentTable[agent].indexedIn.removeAll(keepingCapacity: true)
        agentTable[agent].version = nextVersion()
        if agentTable[agent].profile.isReady && agentTable[agent].offer == nil {
            dirtyAgents.insert(agent)
            pendingIndex.insert(agent)
        } else {
            pendingIndex.remove(agent)
        }
    }

    /// Writes the pool entries of agents re-indexed during this command.
    mutating func flushIndex() {
        for agent in pendingIndex.listed where pendingIndex.contains(agent) { writeIndex(agent) }
        pendingIndex.removeAll()
    }

    private mutating func writeIndex(_ agent: Int) {
        guard agentTable[agent].profile.isReady && agentTable[agent].offer == nil else { return }
        let freeSlots = agentTable[agent].freeSlots
        guard freeSlots != 0 else { return }
        var keys: [Int] = []
        let version = agentTable[agent].version
        do {
            // A reference to the table for the validity check; it must end before the table is written below.
            let agents = agentTable
            for placement in agents[agent].placements {
                let entry = AgentEntry(rank: rank(of: agent, in: placement), agent: agent, version: version)
                for slot in 0..<CapacityClass.slotCount where freeSlots & (1 << slot) != 0 {
                    var requirements = placement.requirements
                    while requirements != 0 {
                        let pool = groups[placement.group].pool(slot: slot, tier: placement.tier, requirement: requirements.trailingZeroBitCount)
                        requirements &= requirements - 1
                        keys.append(pool)
                        agentPools[pool].insert(entry) { agents[$0.agent].version == $0.version }
                    }
                }
            }
        }
        agentTable[agent].indexedIn = keys
    }

    /// The agent's rank in a workgroup by its strategy (lower wins).
    func rank(of agent: Int, in placement: AgentState.Placement) -> AgentRank {
        // Field by field: neither the group nor the agent state is copied (a copy retains everything they hold).
        RoutingRules.agentRank(strategy: groups[placement.group].policy.strategy, agent: agentTable[agent].id, proficiency: placement.proficiency,
                               lastActivity: agentTable[agent].lastActivity, load: agentTable[agent].total,
                               lastOffered: agentTable[agent].lastOffered)
    }

    func agentIsCurrent() -> (AgentEntry) -> Bool {
        let agents = agentTable
        return { agents[$0.agent].version == $0.version }
    }

    /// Moves the interaction to a new place, voiding its timers and its queue entry or reservation.
    mutating func move(_ item: Int, to place: Place) {
        guard let old = itemTable.field(item, { $0.place }) else { return }
        switch old {
        case .queued(let tier):
            let pool = itemTable.field(item, { queue(of: $0, tier: tier) })!
            queues[pool].live -= 1
            renewQueueVersion(item)
            settle(pool)
        case .reserved(let agent, _, _):
            agentTable[agent].reserved.remove(item)
        case .offered:
            openOffers -= 1
        case .pending, .held:
            break
        }
        if case .offered = place { openOffers += 1 }
        itemTable[item]!.place = place
        itemTable[item]!.stamp = nextVersion()
    }

    /// Puts the interaction in its workgroup's queue at the tier its wait has reached.
    mutating func enqueue(_ item: Int, now: Date) {
        guard let current = itemTable[item] else { return }
        let policy = groups[current.group].policy // (a copy of the policy only, not of the group's pools)
        let tier = RoutingRules.interactionTier(policy: policy, since: current.workgroupSince, now: now)
        move(item, to: .queued(tier: tier))
        insertQueueEntry(item, tier: tier)
        if let overflow = policy.overflow {
            timers.insert(TimerEntry(due: current.workgroupSince + overflow.after, kind: .overflow, id: current.id, slot: item,
                                     stamp: itemTable[item]!.stamp))
        }
        scheduleNextTier(item)
    }

    mutating func insertQueueEntry(_ item: Int, tier: Int) {
        renewQueueVersion(item)
        let interaction = itemTable[item]!
        let aging = groups[interaction.group].policy.agingPerMinute
        let index = queue(of: interaction, tier: tier)
        let entry = QueueEntry(
            front: interaction.front, declined: !interaction.declinedBy.isEmpty,
            key: RoutingRules.priorityKey(base: interaction.basePriority, aging: aging, queuedAt: interaction.queuedAt),
            queuedAt: RoutingRules.millis(interaction.queuedAt), id: interaction.id, slot: item, version: interaction.queueVersion)
        let versions = queueVersions
        queues[index].insert(entry) { versions[$0.slot] == $0.version }
        settle(index)
        dirtyItems.insert(item)
    }

    /// Drops stale entries from the top of a queue and copies its top into `queueHeads`. Called whenever a queue
    /// changed or one of its entries turned stale, so that every queue's top is current and its head up to date.
    mutating func settle(_ pool: Int) {
        let versions = queueVersions
        queues[pool].dropStaleTop { versions[$0.slot] == $0.version }
        queueHeads[pool] = queues[pool].heap.min.map(QueueHead.init) ?? .empty
    }

    /// The queue (absolute pool) of an interaction at a tier: its class, and its language requirement unless the tier drops it.
    func queue(of interaction: InteractionState, tier: Int) -> Int {
        groups[interaction.group].pool(interaction.capacityClass, tier: tier, requirement: requirement(of: interaction, at: tier))
    }

    /// Re-files a queued interaction whose tier or priority changed, keeping its timers.
    mutating func refile(_ item: Int, tier: Int) {
        guard let interaction = itemTable[item], case .queued(let old) = interaction.place else { return }
        let oldPool = queue(of: interaction, tier: old)
        queues[oldPool].live -= 1
        itemTable[item]!.place = .queued(tier: tier)
        insertQueueEntry(item, tier: tier)
        settle(oldPool)
    }

    mutating func scheduleNextTier(_ item: Int) {
        guard let interaction = itemTable[item], case .queued(let tier) = interaction.place,
              let start = RoutingRules.nextTierStart(policy: groups[interaction.group].policy, tier: tier, since: interaction.workgroupSince)
        else { return }
        timers.insert(TimerEntry(due: start, kind: .tierUp, id: interaction.id, slot: item, stamp: interaction.stamp))
    }

    mutating func reserve(_ item: Int, for agent: Int, until: Date, rule: RoutingExplanation.Rule) {
        move(item, to: .reserved(agent, until: until, rule: rule))
        agentTable[agent].reserved.insert(item)
        timers.insert(TimerEntry(due: until, kind: .reservationLapse, id: itemTable[item]!.id, slot: item, stamp: itemTable[item]!.stamp))
        dirtyItems.insert(item)
    }

    /// Counts an interaction against the agent's capacity, or stops counting it.
    mutating func count(_ capacityClass: CapacityClass, for agent: Int, _ delta: Int) {
        agentTable[agent].load[capacityClass.slot] += delta
        agentTable[agent].total += delta
    }

    /// Takes the interaction away from its agent (offer or hold), freeing the slot it counted against.
    mutating func detachFromAgent(_ item: Int) {
        guard let (place, capacityClass) = itemTable.field(item, { ($0.place, $0.capacityClass) }) else { return }
        switch place {
        case .offered(let agent, _):
            agentTable[agent].offer = nil
            count(capacityClass, for: agent, -1)
        case .held(let agent, let hold):
            agentTable[agent].release(item)
            if hold.counted { count(capacityClass, for: agent, -1) }
        case .pending, .queued, .reserved:
            break
        }
    }

    /// Moves a waiting or detached interaction to another workgroup, where its wait for target expansion starts again.
    mutating func changeWorkgroup(_ item: Int, to workgroup: Workgroup.ID, since: Date, now: Date) {
        let group = ensureGroup(workgroup)
        move(item, to: .pending)
        itemTable[item]!.workgroup = workgroup
        itemTable[item]!.group = group
        itemTable[item]!.requirement = groups[group].requirement(of: itemTable[item]!.language)
        itemTable[item]!.workgroupSince = since
        enqueue(item, now: now)
    }

    /// Back to the queue from an agent's hands.
    mutating func requeue(_ item: Int, now: Date) {
        guard let agent = itemTable[item]?.holderSlot else { return enqueue(item, now: now) }
        detachFromAgent(item)
        enqueue(item, now: now)
        reindex(agent)
    }

    /// Voids the interaction's queue entries (and sets the version its next entry carries).
    mutating func renewQueueVersion(_ item: Int) {
        let version = nextVersion()
        itemTable[item]!.queueVersion = version
        queueVersions[item] = version
    }

    /// A new slot for an interaction (reusing freed ones).
    mutating func store(_ interaction: InteractionState) -> Int {
        let slot: Int
        if let free = freeItems.popLast() {
            slot = free
            itemTable[slot] = interaction
            queueVersions[slot] = interaction.queueVersion
        } else {
            slot = itemTable.count
            itemTable.append(interaction)
            queueVersions.append(interaction.queueVersion)
        }
        itemSlots[interaction.id] = slot
        return slot
    }

    mutating func agentSlot(_ id: User.ID, profile: AgentProfile, now: Date) -> Int {
        if let slot = agentSlots[id] { return slot }
        agentTable.append(AgentState(id: id, profile: profile, lastActivity: now))
        agentSlots[id] = agentTable.count - 1
        return agentTable.count - 1
    }
}
