import Domain
import Foundation

/// What each command does to state; dispatch then offers whatever became possible.
extension RoutingEngine {
    mutating func apply(_ command: RoutingCommand, now: Date) -> [RoutingDecision] {
        switch command {
        case .agentUpdated(let profile): return updateAgent(profile, now: now)
        case .interactionArrived(let interaction): return arrive(interaction, now: now)
        case .accepted(let id, let agent): return accept(id, by: agent, now: now)
        case .rejected(let id, let agent): return reject(id, by: agent, now: now)
        case .waitingForCustomer(let id): return waitForCustomer(id, now: now)
        case .customerReplied(let id): return customerReplied(id, now: now)
        case .wrapUpStarted(let id):
            if case .held(let agent, var hold)? = interactions[id]?.place, hold.phase != .wrapUp {
                hold.phase = .wrapUp
                hold.since = now
                move(id, to: .held(agent, hold))
            }
            return []
        case .closed(let id): return close(id, now: now)
        case .transfer(let id, let target): return transfer(id, to: target, now: now)
        case .assign(let id, let agent): return assign(id, to: agent, now: now)
        case .pull(let id):
            guard let agent = interactions[id]?.holder else { return [.refuse(id, .notHeld)] }
            requeue(id, now: now)
            return [.requeue(id, from: agent, reason: .pulled)]
        case .setPriority(let id, let priority):
            guard let interaction = interactions[id] else { return [.refuse(id, .unknownInteraction)] }
            interactions[id]?.basePriority = priority
            if case .queued(let tier) = interaction.place { refile(id, tier: tier) }
            return [.priority(id, priority)]
        case .tick:
            return []
        }
    }

    private mutating func updateAgent(_ profile: AgentProfile, now: Date) -> [RoutingDecision] {
        let id = profile.id
        if let previous = agents[id] {
            if !previous.profile.isReady && profile.isReady { agents[id]?.lastActivity = now }
        } else {
            agents[id] = AgentState(profile: profile, lastActivity: now)
        }
        var decisions: [RoutingDecision] = []
        if !profile.isReady, let offered = agents[id]?.offer {
            detachFromAgent(offered)
            enqueue(offered, now: now)
            decisions.append(.requeue(offered, from: id, reason: profile.isLoggedIn ? .agentUnavailable : .agentLoggedOut))
        }
        if !profile.isLoggedIn {
            for held in (agents[id]?.held ?? []).sorted(by: { $0.rawValue < $1.rawValue }) {
                interactions[held]?.front = true
                detachFromAgent(held)
                enqueue(held, now: now)
                decisions.append(.requeue(held, from: id, reason: .agentLoggedOut))
            }
            for reserved in (reservations[id] ?? []).sorted(by: { $0.rawValue < $1.rawValue }) {
                enqueue(reserved, now: now)
                decisions.append(.requeue(reserved, from: id, reason: .reservationLapsed))
            }
        }
        place(id, profile: profile)
        return decisions
    }

    private mutating func arrive(_ routable: RoutableInteraction, now: Date) -> [RoutingDecision] {
        guard interactions[routable.id] == nil else { return [] }
        ensurePolicy(routable.workgroup)
        let policy = policy(routable.workgroup)
        interactions[routable.id] = InteractionState(
            id: routable.id, capacityClass: routable.capacityClass, workgroup: routable.workgroup, workgroupSince: routable.queuedAt,
            queuedAt: routable.queuedAt, basePriority: routable.priority ?? policy.priority, place: .pending)
        if let last = routable.lastAgent, policy.lastAgentWait > 0, agents[last]?.profile.isLoggedIn == true {
            let until = now + policy.lastAgentWait
            reserve(routable.id, for: last, until: until, rule: .lastAgent)
            return [.reserve(routable.id, for: last, until: until)]
        }
        enqueue(routable.id, now: now)
        return []
    }

    private mutating func accept(_ id: Interaction.ID, by agent: User.ID, now: Date) -> [RoutingDecision] {
        guard case .offered(let offeredTo, _)? = interactions[id]?.place, offeredTo == agent else { return [.refuse(id, .notOffered)] }
        agents[agent]?.offer = nil
        agents[agent]?.held.insert(id)
        move(id, to: .held(agent, Hold(phase: .active, since: now, counted: true)))
        reindex(agent)
        return [.assign(id, to: agent, why: nil)]
    }

    private mutating func reject(_ id: Interaction.ID, by agent: User.ID, now: Date) -> [RoutingDecision] {
        guard case .offered(let offeredTo, _)? = interactions[id]?.place, offeredTo == agent else { return [.refuse(id, .notOffered)] }
        interactions[id]?.declinedBy.insert(agent)
        requeue(id, now: now)
        return [.requeue(id, from: agent, reason: .rejected)]
    }

    private mutating func waitForCustomer(_ id: Interaction.ID, now: Date) -> [RoutingDecision] {
        guard let interaction = interactions[id], case .held(let agent, let hold) = interaction.place, hold.phase == .active else { return [] }
        move(id, to: .held(agent, Hold(phase: .waitingForCustomer, since: now, counted: hold.counted)))
        switch policy(interaction.workgroup).keepSlotWhileWaiting {
        case nil:
            return []
        case let keep? where keep <= 0:
            return releaseSlot(id)
        case let keep?:
            timers.insert(TimerEntry(due: now + keep, kind: .slotRelease, id: id, stamp: interactions[id]!.stamp))
            return []
        }
    }

    mutating func releaseSlot(_ id: Interaction.ID) -> [RoutingDecision] {
        guard let interaction = interactions[id], case .held(let agent, var hold) = interaction.place, hold.counted else { return [] }
        hold.counted = false
        move(id, to: .held(agent, hold))
        count(interaction.capacityClass, for: agent, -1)
        reindex(agent)
        return [.releaseSlot(id, agent: agent)]
    }

    private mutating func customerReplied(_ id: Interaction.ID, now: Date) -> [RoutingDecision] {
        guard let interaction = interactions[id], case .held(let agentID, let hold) = interaction.place, hold.phase == .waitingForCustomer
        else { return [] }
        if hold.counted {
            move(id, to: .held(agentID, Hold(phase: .active, since: now, counted: true)))
            return []
        }
        if let agent = agents[agentID], agent.profile.isLoggedIn, agent.hasRoom(for: interaction.capacityClass) {
            move(id, to: .held(agentID, Hold(phase: .active, since: now, counted: true)))
            count(interaction.capacityClass, for: agentID, 1)
            reindex(agentID)
            return [.resume(id, agent: agentID)]
        }
        detachFromAgent(id)
        var decisions: [RoutingDecision] = [.requeue(id, from: agentID, reason: .agentUnavailable)]
        let wait = policy(interaction.workgroup).lastAgentWait
        if wait > 0, agents[agentID]?.profile.isLoggedIn == true {
            reserve(id, for: agentID, until: now + wait, rule: .returningCustomer)
            decisions.append(.reserve(id, for: agentID, until: now + wait))
        } else {
            enqueue(id, now: now)
        }
        return decisions
    }

    private mutating func close(_ id: Interaction.ID, now: Date) -> [RoutingDecision] {
        guard let interaction = interactions[id] else { return [] }
        detachFromAgent(id)
        move(id, to: .pending)
        interactions[id] = nil
        dirtyInteractions.remove(id)
        if let agent = interaction.holder {
            agents[agent]?.lastActivity = now
            reindex(agent)
        }
        return []
    }

    private mutating func transfer(_ id: Interaction.ID, to target: TransferTarget, now: Date) -> [RoutingDecision] {
        guard let interaction = interactions[id] else { return [.refuse(id, .unknownInteraction)] }
        switch target {
        case .workgroup(let workgroup):
            guard policies[workgroup] != nil else { return [.refuse(id, .unknownWorkgroup)] }
        case .agent(let agent):
            guard let state = agents[agent] else { return [.refuse(id, .unknownAgent)] }
            guard state.profile.isLoggedIn else { return [.refuse(id, .agentLoggedOut)] }
        }
        let from = interaction.holder
        detachFromAgent(id)
        var decisions: [RoutingDecision] = [.transfer(id, from: from, to: target)]
        switch target {
        case .workgroup(let workgroup):
            let boost = policy(workgroup).transferBoost
            interactions[id]?.basePriority += boost
            interactions[id]?.declinedBy = []
            changeWorkgroup(id, to: workgroup, since: now, now: now)
        case .agent(let agent):
            let current = policy(interaction.workgroup)
            interactions[id]?.basePriority += current.transferBoost
            interactions[id]?.declinedBy.remove(agent)
            reserve(id, for: agent, until: now + current.agentTransferWait, rule: .transfer)
            decisions.append(.reserve(id, for: agent, until: now + current.agentTransferWait))
        }
        if let from { reindex(from) }
        return decisions
    }

    private mutating func assign(_ id: Interaction.ID, to agentID: User.ID, now: Date) -> [RoutingDecision] {
        guard let interaction = interactions[id] else { return [.refuse(id, .unknownInteraction)] }
        let tier: Int
        switch interaction.place {
        case .queued(let current): tier = current
        case .reserved: tier = 0
        case .pending, .offered, .held: return [.refuse(id, .notWaiting)]
        }
        guard let agent = agents[agentID] else { return [.refuse(id, .unknownAgent)] }
        guard agent.profile.isLoggedIn else { return [.refuse(id, .agentLoggedOut)] }
        guard agent.hasRoom(for: interaction.capacityClass) else { return [.refuse(id, .agentAtCapacity)] }
        let why = explanation(id, rule: .supervisor, tier: tier, candidates: [agentID], eligible: 1, now: now)
        move(id, to: .held(agentID, Hold(phase: .active, since: now, counted: true)))
        count(interaction.capacityClass, for: agentID, 1)
        agents[agentID]?.held.insert(id)
        agents[agentID]?.lastActivity = now
        reindex(agentID)
        return [.assign(id, to: agentID, why: why)]
    }

    func explanation(
        _ id: Interaction.ID, rule: RoutingExplanation.Rule, tier: Int, candidates: [User.ID], eligible: Int, now: Date
    ) -> RoutingExplanation {
        let interaction = interactions[id]!
        let policy = policy(interaction.workgroup)
        let priority = RoutingRules.effectivePriority(
            key: RoutingRules.priorityKey(base: interaction.basePriority, aging: policy.agingPerMinute, queuedAt: interaction.queuedAt),
            aging: policy.agingPerMinute, now: now)
        return RoutingExplanation(
            rule: rule, workgroup: interaction.workgroup, tier: tier, priority: Double(priority) / Double(RoutingRules.priorityScale),
            waitedSeconds: now.timeIntervalSince(interaction.queuedAt), eligible: eligible,
            candidates: candidates.compactMap { agentID in
                agents[agentID].map { agent in
                    RoutingExplanation.Candidate(
                        agent: agentID, proficiency: RoutingRules.proficiency(skills: agent.profile.skills, policy: policy),
                        idleSeconds: now.timeIntervalSince(agent.lastActivity), load: agent.total)
                }
            })
    }
}

extension RoutingEngine {
    /// Restores an interaction an agent held when the node stopped (rebuilding state at start). It counts
    /// against their capacity even if their capacity has since been lowered.
    public mutating func restoreHeld(_ routable: RoutableInteraction, by agentID: User.ID, waitingForCustomer: Bool, now: Date) {
        guard interactions[routable.id] == nil, agents[agentID] != nil else { return }
        ensurePolicy(routable.workgroup)
        interactions[routable.id] = InteractionState(
            id: routable.id, capacityClass: routable.capacityClass, workgroup: routable.workgroup, workgroupSince: routable.queuedAt,
            queuedAt: routable.queuedAt, basePriority: routable.priority ?? policy(routable.workgroup).priority,
            place: .held(agentID, Hold(phase: waitingForCustomer ? .waitingForCustomer : .active, since: now, counted: true)))
        agents[agentID]?.held.insert(routable.id)
        count(routable.capacityClass, for: agentID, 1)
        reindex(agentID)
        dirtyAgents = []
    }
}
