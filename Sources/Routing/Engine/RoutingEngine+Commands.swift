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
        case .waitingForCustomer(let id): return itemSlots[id].map { waitForCustomer($0, now: now) } ?? []
        case .customerReplied(let id): return itemSlots[id].map { customerReplied($0, now: now) } ?? []
        case .wrapUpStarted(let id):
            if let item = itemSlots[id], case .held(let agent, var hold)? = itemTable[item]?.place, hold.phase != .wrapUp {
                hold.phase = .wrapUp
                hold.since = now
                move(item, to: .held(agent, hold))
            }
            return []
        case .closed(let id): return itemSlots.removeValue(forKey: id).map { close($0, now: now) } ?? []
        case .transfer(let id, let target):
            guard let item = itemSlots[id] else { return [.refuse(id, .unknownInteraction)] }
            return transfer(item, to: target, now: now)
        case .assign(let id, let agent):
            guard let item = itemSlots[id] else { return [.refuse(id, .unknownInteraction)] }
            return assign(item, to: agent, now: now)
        case .pull(let id):
            guard let item = itemSlots[id], let agent = itemTable[item]?.holderSlot else { return [.refuse(id, .notHeld)] }
            requeue(item, now: now)
            return [.requeue(id, from: agentTable[agent].id, reason: .pulled)]
        case .setPriority(let id, let priority):
            guard let item = itemSlots[id], let interaction = itemTable[item] else { return [.refuse(id, .unknownInteraction)] }
            itemTable[item]!.basePriority = priority
            if case .queued(let tier) = interaction.place { refile(item, tier: tier) }
            return [.priority(id, priority)]
        case .tick:
            return []
        }
    }

    private mutating func updateAgent(_ profile: AgentProfile, now: Date) -> [RoutingDecision] {
        let known = agentSlots[profile.id] != nil
        let agent = agentSlot(profile.id, profile: profile, now: now)
        if known && !agentTable[agent].profile.isReady && profile.isReady { agentTable[agent].lastActivity = now }
        var decisions: [RoutingDecision] = []
        if !profile.isReady, let offered = agentTable[agent].offer {
            detachFromAgent(offered)
            enqueue(offered, now: now)
            decisions.append(.requeue(itemTable[offered]!.id, from: profile.id, reason: profile.isLoggedIn ? .agentUnavailable : .agentLoggedOut))
        }
        if !profile.isLoggedIn {
            for item in agentTable[agent].held.sorted(by: { itemTable[$0]!.id.rawValue < itemTable[$1]!.id.rawValue }) {
                itemTable[item]!.front = true
                detachFromAgent(item)
                enqueue(item, now: now)
                decisions.append(.requeue(itemTable[item]!.id, from: profile.id, reason: .agentLoggedOut))
            }
            for item in agentTable[agent].reserved.sorted(by: { itemTable[$0]!.id.rawValue < itemTable[$1]!.id.rawValue }) {
                enqueue(item, now: now)
                decisions.append(.requeue(itemTable[item]!.id, from: profile.id, reason: .reservationLapsed))
            }
        }
        place(agent, profile: profile)
        return decisions
    }

    private mutating func arrive(_ routable: RoutableInteraction, now: Date) -> [RoutingDecision] {
        guard itemSlots[routable.id] == nil else { return [] }
        let group = ensureGroup(routable.workgroup)
        let policy = groups[group].policy
        let item = store(InteractionState(
            id: routable.id, capacityClass: routable.capacityClass, workgroup: routable.workgroup, group: group, workgroupSince: routable.queuedAt,
            queuedAt: routable.queuedAt, basePriority: routable.priority ?? policy.priority, language: routable.language,
            requirement: groups[group].requirement(of: routable.language), place: .pending))
        if let last = routable.lastAgent, policy.lastAgentWait > 0, let agent = agentSlots[last], agentTable[agent].profile.isLoggedIn {
            let until = now + policy.lastAgentWait
            reserve(item, for: agent, until: until, rule: .lastAgent)
            return [.reserve(routable.id, for: last, until: until, rule: .lastAgent)]
        }
        enqueue(item, now: now)
        return []
    }

    /// The interaction's slot if it is offered to this agent.
    private func offered(_ id: Interaction.ID, to agentID: User.ID) -> (item: Int, agent: Int)? {
        guard let item = itemSlots[id], case .offered(let agent, _)? = itemTable[item]?.place, agentTable[agent].id == agentID else { return nil }
        return (item, agent)
    }

    private mutating func accept(_ id: Interaction.ID, by agentID: User.ID, now: Date) -> [RoutingDecision] {
        guard let (item, agent) = offered(id, to: agentID) else { return [.refuse(id, .notOffered)] }
        agentTable[agent].offer = nil
        agentTable[agent].hold(item)
        move(item, to: .held(agent, Hold(phase: .active, since: now, counted: true)))
        reindex(agent)
        return [.assign(id, to: agentID, why: nil)]
    }

    private mutating func reject(_ id: Interaction.ID, by agentID: User.ID, now: Date) -> [RoutingDecision] {
        guard let (item, _) = offered(id, to: agentID) else { return [.refuse(id, .notOffered)] }
        itemTable[item]!.declinedBy.insert(agentID)
        requeue(item, now: now)
        return [.requeue(id, from: agentID, reason: .rejected)]
    }

    private mutating func waitForCustomer(_ item: Int, now: Date) -> [RoutingDecision] {
        guard let interaction = itemTable[item], case .held(let agent, let hold) = interaction.place, hold.phase == .active else { return [] }
        move(item, to: .held(agent, Hold(phase: .waitingForCustomer, since: now, counted: hold.counted)))
        switch groups[interaction.group].policy.keepSlotWhileWaiting {
        case nil:
            return []
        case let keep? where keep <= 0:
            return releaseSlot(item)
        case let keep?:
            timers.insert(TimerEntry(due: now + keep, kind: .slotRelease, id: interaction.id, slot: item, stamp: itemTable[item]!.stamp))
            return []
        }
    }

    mutating func releaseSlot(_ item: Int) -> [RoutingDecision] {
        guard let interaction = itemTable[item], case .held(let agent, var hold) = interaction.place, hold.counted else { return [] }
        hold.counted = false
        move(item, to: .held(agent, hold))
        count(interaction.capacityClass, for: agent, -1)
        reindex(agent)
        return [.releaseSlot(interaction.id, agent: agentTable[agent].id)]
    }

    private mutating func customerReplied(_ item: Int, now: Date) -> [RoutingDecision] {
        guard let interaction = itemTable[item], case .held(let agent, let hold) = interaction.place, hold.phase == .waitingForCustomer
        else { return [] }
        let agentID = agentTable[agent].id
        if hold.counted {
            move(item, to: .held(agent, Hold(phase: .active, since: now, counted: true)))
            return []
        }
        if agentTable[agent].profile.isLoggedIn, agentTable[agent].hasRoom(for: interaction.capacityClass) {
            move(item, to: .held(agent, Hold(phase: .active, since: now, counted: true)))
            count(interaction.capacityClass, for: agent, 1)
            reindex(agent)
            return [.resume(interaction.id, agent: agentID)]
        }
        detachFromAgent(item)
        var decisions: [RoutingDecision] = [.requeue(interaction.id, from: agentID, reason: .agentUnavailable)]
        let wait = groups[interaction.group].policy.lastAgentWait
        if wait > 0, agentTable[agent].profile.isLoggedIn {
            reserve(item, for: agent, until: now + wait, rule: .returningCustomer)
            decisions.append(.reserve(interaction.id, for: agentID, until: now + wait, rule: .returningCustomer))
        } else {
            enqueue(item, now: now)
        }
        return decisions
    }

    /// Closes the interaction in `item`, already taken out of `itemSlots` (one lookup for both).
    private mutating func close(_ item: Int, now: Date) -> [RoutingDecision] {
        guard let place = itemTable.field(item, { $0.place }) else { return [] }
        detachFromAgent(item)
        move(item, to: .pending)
        itemTable[item] = nil
        queueVersions[item] = 0
        freeItems.append(item)
        dirtyItems.remove(item)
        if let agent = place.agent {
            agentTable[agent].lastActivity = now
            reindex(agent)
        }
        return []
    }

    private mutating func transfer(_ item: Int, to target: TransferTarget, now: Date) -> [RoutingDecision] {
        let interaction = itemTable[item]!
        var agent: Int?
        switch target {
        case .workgroup(let workgroup):
            guard groupSlots[workgroup] != nil else { return [.refuse(interaction.id, .unknownWorkgroup)] }
        case .agent(let agentID):
            guard let slot = agentSlots[agentID] else { return [.refuse(interaction.id, .unknownAgent)] }
            guard agentTable[slot].profile.isLoggedIn else { return [.refuse(interaction.id, .agentLoggedOut)] }
            agent = slot
        }
        let from = interaction.holderSlot
        detachFromAgent(item)
        var decisions: [RoutingDecision] = [.transfer(interaction.id, from: from.map { agentTable[$0].id }, to: target)]
        switch target {
        case .workgroup(let workgroup):
            itemTable[item]!.basePriority += policy(workgroup).transferBoost
            itemTable[item]!.declinedBy = []
            changeWorkgroup(item, to: workgroup, since: now, now: now)
        case .agent(let agentID):
            let current = groups[interaction.group].policy
            itemTable[item]!.basePriority += current.transferBoost
            itemTable[item]!.declinedBy.remove(agentID)
            reserve(item, for: agent!, until: now + current.agentTransferWait, rule: .transfer)
            decisions.append(.reserve(interaction.id, for: agentID, until: now + current.agentTransferWait, rule: .transfer))
        }
        if let from { reindex(from) }
        return decisions
    }

    private mutating func assign(_ item: Int, to agentID: User.ID, now: Date) -> [RoutingDecision] {
        let interaction = itemTable[item]!
        let tier: Int
        switch interaction.place {
        case .queued(let current): tier = current
        case .reserved: tier = 0
        case .pending, .offered, .held: return [.refuse(interaction.id, .notWaiting)]
        }
        guard let agent = agentSlots[agentID] else { return [.refuse(interaction.id, .unknownAgent)] }
        guard agentTable[agent].profile.isLoggedIn else { return [.refuse(interaction.id, .agentLoggedOut)] }
        guard agentTable[agent].hasRoom(for: interaction.capacityClass) else { return [.refuse(interaction.id, .agentAtCapacity)] }
        let why = explanation(item, rule: .supervisor, tier: tier, candidates: [agent], eligible: 1, now: now)
        move(item, to: .held(agent, Hold(phase: .active, since: now, counted: true)))
        count(interaction.capacityClass, for: agent, 1)
        agentTable[agent].hold(item)
        agentTable[agent].lastActivity = now
        reindex(agent)
        return [.assign(interaction.id, to: agentID, why: why)]
    }

    func explanation(
        _ item: Int, rule: RoutingExplanation.Rule, tier: Int, candidates: some Collection<Int>, eligible: Int, now: Date
    ) -> RoutingExplanation {
        // Agents, the policy and the interaction field by field (a copy of any retains every collection it holds).
        let (group, workgroup, requirement, customerLanguage, queuedAt, basePriority) = itemTable.field(item) {
            ($0.group, $0.workgroup, $0.requirement, $0.language, $0.queuedAt, $0.basePriority)
        }!
        let aging = groups[group].aging
        let language = requirement == 0 ? nil : groups[group].policy.languageRequirement(customerLanguage)
        let priority = RoutingRules.effectivePriority(
            key: RoutingRules.priorityKey(base: basePriority, aging: aging, queuedAt: queuedAt), aging: aging, now: now)
        return RoutingExplanation(
            rule: rule, workgroup: workgroup, tier: tier, priority: Double(priority) / Double(RoutingRules.priorityScale),
            waitedSeconds: now.timeIntervalSince(queuedAt), eligible: eligible,
            candidates: candidates.map { agent in
                RoutingExplanation.Candidate(
                    agent: agentTable[agent].id, proficiency: proficiency(of: agent, in: group),
                    idleSeconds: now.timeIntervalSince(agentTable[agent].lastActivity), load: agentTable[agent].total,
                    languageProficiency: language.map { agentTable[agent].profile.skills[$0.skill] ?? 0 })
            },
            language: language.map { requirement in
                RoutingExplanation.Language(requirement: requirement, waived: RoutingExplanation.Language.isWaived(
                    rule: rule, tier: tier, freeTier: groups[group].languageFreeTier))
            })
    }

    /// The agent's proficiency in the workgroup's required skills: from their placement there, or (for an agent
    /// named by a reservation or a supervisor, who may not qualify) from their skills.
    private func proficiency(of agent: Int, in group: Int) -> Int {
        for placement in agentTable[agent].placements where placement.group == group { return placement.proficiency }
        return RoutingRules.proficiency(skills: agentTable[agent].profile.skills, policy: groups[group].policy)
    }

    /// Restores an interaction an agent held when the node stopped (rebuilding state at start). It counts
    /// against their capacity even if their capacity has since been lowered.
    public mutating func restoreHeld(_ routable: RoutableInteraction, by agentID: User.ID, waitingForCustomer: Bool, now: Date) {
        guard itemSlots[routable.id] == nil, let agent = agentSlots[agentID] else { return }
        let group = ensureGroup(routable.workgroup)
        let policy = groups[group].policy
        let item = store(InteractionState(
            id: routable.id, capacityClass: routable.capacityClass, workgroup: routable.workgroup, group: group, workgroupSince: routable.queuedAt,
            queuedAt: routable.queuedAt, basePriority: routable.priority ?? policy.priority, language: routable.language,
            requirement: groups[group].requirement(of: routable.language),
            place: .held(agent, Hold(phase: waitingForCustomer ? .waitingForCustomer : .active, since: now, counted: true))))
        agentTable[agent].hold(item)
        count(routable.capacityClass, for: agent, 1)
        if waitingForCustomer, let keep = policy.keepSlotWhileWaiting {
            timers.insert(TimerEntry(due: now + keep, kind: .slotRelease, id: routable.id, slot: item, stamp: itemTable[item]!.stamp))
        }
        reindex(agent)
        flushIndex()
        dirtyAgents.removeAll()
    }
}

extension RoutingEngine {
    /// Restores an interaction that was waiting for a named agent when the node stopped (rebuilding state at
    /// start). Past its time, or for an agent routing does not know, it simply queues.
    public mutating func restoreReserved(
        _ routable: RoutableInteraction, for agentID: User.ID, until: Date, rule: RoutingExplanation.Rule, now: Date
    ) {
        guard itemSlots[routable.id] == nil else { return }
        guard until > now, let agent = agentSlots[agentID] else {
            var unreserved = routable
            unreserved.lastAgent = nil
            _ = handle(.interactionArrived(unreserved), now: now)
            return
        }
        let group = ensureGroup(routable.workgroup)
        let item = store(InteractionState(
            id: routable.id, capacityClass: routable.capacityClass, workgroup: routable.workgroup, group: group, workgroupSince: routable.queuedAt,
            queuedAt: routable.queuedAt, basePriority: routable.priority ?? groups[group].policy.priority, language: routable.language,
            requirement: groups[group].requirement(of: routable.language), place: .pending))
        reserve(item, for: agent, until: until, rule: rule)
        flushIndex()
        dirtyItems.removeAll()
    }
}
