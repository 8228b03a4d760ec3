import Domain
import Foundation

/// Keeping the two indexes (available agents, waiting interactions) and the timers in step with state.
extension RoutingEngine {
    /// Recomputes where the agent qualifies, then re-indexes them.
    mutating func place(_ id: User.ID, profile: AgentProfile) {
        guard var agent = agents[id] else { return }
        agent.profile = profile
        agent.placement = [:]
        for workgroup in profile.workgroups {
            if let tier = RoutingRules.agentTier(skills: profile.skills, policy: policy(workgroup)) { agent.placement[workgroup] = tier }
        }
        agents[id] = agent
        reindex(id)
    }

    /// Replaces the agent's pool entries with ones for their current availability and rank; marks them dirty
    /// if they are available for anything.
    mutating func reindex(_ id: User.ID) {
        guard var agent = agents[id] else { return }
        for key in agent.indexedIn { pools[key]?.live -= 1 }
        agent.indexedIn = []
        agent.version = nextVersion()
        if agent.profile.isReady && agent.offer == nil {
            for (workgroup, tier) in agent.placement {
                for capacityClass in CapacityClass.allCases where agent.hasRoom(for: capacityClass) {
                    agent.indexedIn.append(PoolKey(workgroup: workgroup, capacityClass: capacityClass, tier: tier))
                }
            }
        }
        agents[id] = agent
        let version = agent.version
        let isCurrent = agentEntryIsCurrent
        var rankInWorkgroup: [Workgroup.ID: AgentRank] = [:]
        for key in agent.indexedIn {
            let rank: AgentRank
            if let known = rankInWorkgroup[key.workgroup] {
                rank = known
            } else {
                let policy = policy(key.workgroup)
                rank = RoutingRules.agentRank(
                    strategy: policy.strategy, agent: id, proficiency: RoutingRules.proficiency(skills: agent.profile.skills, policy: policy),
                    lastActivity: agent.lastActivity, load: agent.total, lastOffered: agent.lastOffered)
                rankInWorkgroup[key.workgroup] = rank
            }
            pools[key, default: Pool()].insert(AgentEntry(rank: rank, agent: id, version: version), isValid: isCurrent)
        }
        if agent.profile.isReady && agent.offer == nil { dirtyAgents.insert(id) }
    }

    /// Validity checks that capture a copy of the state (copy-on-write: no copy is made), so that a pool can
    /// be mutated while they run.
    var agentEntryIsCurrent: @Sendable (AgentEntry) -> Bool {
        let agents = agents
        return { agents[$0.agent]?.version == $0.version }
    }

    var queueEntryIsCurrent: @Sendable (QueueEntry) -> Bool {
        let interactions = interactions
        return { interactions[$0.id]?.queueVersion == $0.version }
    }

    /// Moves the interaction to a new place, voiding its timers and its queue entry.
    mutating func move(_ id: Interaction.ID, to place: Place) {
        guard var interaction = interactions[id] else { return }
        leaveQueueOrReservation(&interaction)
        interaction.place = place
        interaction.stamp = nextVersion()
        interactions[id] = interaction
    }

    private mutating func leaveQueueOrReservation(_ interaction: inout InteractionState) {
        switch interaction.place {
        case .queued(let tier):
            queues[PoolKey(workgroup: interaction.workgroup, capacityClass: interaction.capacityClass, tier: tier)]?.live -= 1
            interaction.queueVersion = nextVersion()
        case .reserved(let agent, _, _):
            reservations[agent]?.remove(interaction.id)
        case .pending, .offered, .held:
            break
        }
    }

    /// Puts the interaction in its workgroup's queue at the tier its wait has reached.
    mutating func enqueue(_ id: Interaction.ID, now: Date) {
        guard let current = interactions[id] else { return }
        let policy = policy(current.workgroup)
        let tier = RoutingRules.interactionTier(policy: policy, since: current.workgroupSince, now: now)
        move(id, to: .queued(tier: tier))
        insertQueueEntry(id, tier: tier)
        let interaction = interactions[id]!
        if let overflow = policy.overflow {
            timers.insert(TimerEntry(due: interaction.workgroupSince + overflow.after, kind: .overflow, id: id, stamp: interaction.stamp))
        }
        scheduleNextTier(id)
    }

    mutating func insertQueueEntry(_ id: Interaction.ID, tier: Int) {
        guard var interaction = interactions[id] else { return }
        interaction.queueVersion = nextVersion()
        interactions[id] = interaction
        let policy = policy(interaction.workgroup)
        let entry = QueueEntry(
            front: interaction.front, key: RoutingRules.priorityKey(base: interaction.basePriority, aging: policy.agingPerMinute, queuedAt: interaction.queuedAt),
            queuedAt: RoutingRules.millis(interaction.queuedAt), id: id, version: interaction.queueVersion)
        let isCurrent = queueEntryIsCurrent
        queues[PoolKey(workgroup: interaction.workgroup, capacityClass: interaction.capacityClass, tier: tier), default: Pool()]
            .insert(entry, isValid: isCurrent)
        dirtyInteractions.insert(id)
    }

    /// Re-files a queued interaction whose tier or priority changed, keeping its timers.
    mutating func refile(_ id: Interaction.ID, tier: Int) {
        guard var interaction = interactions[id], case .queued(let old) = interaction.place else { return }
        queues[PoolKey(workgroup: interaction.workgroup, capacityClass: interaction.capacityClass, tier: old)]?.live -= 1
        interaction.place = .queued(tier: tier)
        interactions[id] = interaction
        insertQueueEntry(id, tier: tier)
    }

    mutating func scheduleNextTier(_ id: Interaction.ID) {
        guard let interaction = interactions[id], case .queued(let tier) = interaction.place,
              let start = RoutingRules.nextTierStart(policy: policy(interaction.workgroup), tier: tier, since: interaction.workgroupSince)
        else { return }
        timers.insert(TimerEntry(due: start, kind: .tierUp, id: id, stamp: interaction.stamp))
    }

    mutating func reserve(_ id: Interaction.ID, for agent: User.ID, until: Date, rule: RoutingExplanation.Rule) {
        move(id, to: .reserved(agent, until: until, rule: rule))
        reservations[agent, default: []].insert(id)
        timers.insert(TimerEntry(due: until, kind: .reservationLapse, id: id, stamp: interactions[id]!.stamp))
        dirtyInteractions.insert(id)
    }

    /// Counts an interaction against the agent's capacity, or stops counting it.
    mutating func count(_ capacityClass: CapacityClass, for agentID: User.ID, _ delta: Int) {
        guard var agent = agents[agentID] else { return }
        agent.load[capacityClass, default: 0] += delta
        agent.total += delta
        agents[agentID] = agent
    }

    /// Takes the interaction away from its agent (offer or hold), freeing the slot it counted against.
    mutating func detachFromAgent(_ id: Interaction.ID) {
        guard let interaction = interactions[id], let agentID = interaction.holder, var agent = agents[agentID] else { return }
        switch interaction.place {
        case .offered:
            agent.offer = nil
            agents[agentID] = agent
            count(interaction.capacityClass, for: agentID, -1)
        case .held(_, let hold):
            agent.held.remove(id)
            agents[agentID] = agent
            if hold.counted { count(interaction.capacityClass, for: agentID, -1) }
        case .pending, .queued, .reserved:
            break
        }
    }

    /// Moves a waiting or detached interaction to another workgroup, where its wait for target expansion starts again.
    mutating func changeWorkgroup(_ id: Interaction.ID, to workgroup: Workgroup.ID, since: Date, now: Date) {
        ensurePolicy(workgroup)
        move(id, to: .pending)
        interactions[id]?.workgroup = workgroup
        interactions[id]?.workgroupSince = since
        enqueue(id, now: now)
    }

    /// Back to the queue from an agent's hands.
    mutating func requeue(_ id: Interaction.ID, now: Date) {
        guard let agentID = interactions[id]?.holder else { return enqueue(id, now: now) }
        detachFromAgent(id)
        enqueue(id, now: now)
        reindex(agentID)
    }
}
