import Domain
import Foundation

@testable import Routing

/// The reference for the differential test: the same rules as `RoutingEngine`, deliberately without any
/// index — every decision scans every agent and every interaction. Slow and obviously right (or at least
/// right in a different way), so that both agreeing on random command sequences means the indexes are.
struct NaiveRoutingEngine {
    struct Agent {
        var profile: AgentProfile
        var lastActivity: Date
        var lastOffered: Int64 = 0
    }

    struct Item {
        let id: Interaction.ID
        let capacityClass: CapacityClass
        var workgroup: Workgroup.ID
        var since: Date
        let queuedAt: Date
        var base: Int
        var language: String? = nil
        var front = false
        var declinedBy: Set<User.ID> = []
        var place: NaivePlace
    }

    /// As the engine's `Place`, with agents named by id.
    enum NaivePlace: Hashable {
        case queued
        case reserved(User.ID, until: Date, rule: RoutingExplanation.Rule)
        case offered(User.ID, expiresAt: Date)
        case held(User.ID, Hold)
    }

    var policies: [Workgroup.ID: WorkgroupPolicy]
    var agents: [User.ID: Agent] = [:]
    var items: [Interaction.ID: Item] = [:]
    var offerCounter: Int64 = 0

    init(policies: [WorkgroupPolicy]) {
        self.policies = Dictionary(policies.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    }

    func policy(_ id: Workgroup.ID) -> WorkgroupPolicy { policies[id] ?? WorkgroupPolicy(id: id) }

    mutating func known(_ id: Workgroup.ID) { if policies[id] == nil { policies[id] = WorkgroupPolicy(id: id) } }

    // MARK: - Derived by scanning

    func load(_ agent: User.ID) -> (perClass: [CapacityClass: Int], total: Int) {
        var perClass: [CapacityClass: Int] = [:]
        var total = 0
        for item in items.values {
            let counts: Bool = switch item.place {
            case .offered(agent, _): true
            case .held(agent, let hold): hold.counted
            default: false
            }
            if counts {
                perClass[item.capacityClass, default: 0] += 1
                total += 1
            }
        }
        return (perClass, total)
    }

    func hasOffer(_ agent: User.ID) -> Bool {
        items.values.contains { if case .offered(agent, _) = $0.place { true } else { false } }
    }

    func hasRoom(_ agent: User.ID, for capacityClass: CapacityClass) -> Bool {
        let load = load(agent)
        return RoutingRules.hasRoom(agents[agent]!.profile, load: load.perClass, total: load.total, for: capacityClass)
    }

    func isAvailable(_ agent: User.ID, for capacityClass: CapacityClass) -> Bool {
        guard let state = agents[agent] else { return false }
        return state.profile.isReady && !hasOffer(agent) && hasRoom(agent, for: capacityClass)
    }

    func rank(_ item: Item, now: Date) -> QueueRank {
        let aging = policy(item.workgroup).agingPerMinute
        let key = RoutingRules.priorityKey(base: item.base, aging: aging, queuedAt: item.queuedAt)
        return QueueRank(front: item.front, priority: RoutingRules.effectivePriority(key: key, aging: aging, now: now),
                         queuedAt: RoutingRules.millis(item.queuedAt), id: item.id.rawValue)
    }

    func explanation(_ id: Interaction.ID, rule: RoutingExplanation.Rule, tier: Int, candidates: [User.ID], eligible: Int, now: Date) -> RoutingExplanation {
        let item = items[id]!
        let policy = policy(item.workgroup)
        let rank = rank(item, now: now)
        let language = policy.languageRequirement(item.language)
        return RoutingExplanation(
            rule: rule, workgroup: item.workgroup, tier: tier, priority: Double(rank.priority) / Double(RoutingRules.priorityScale),
            waitedSeconds: now.timeIntervalSince(item.queuedAt), eligible: eligible,
            candidates: candidates.map { agent in
                RoutingExplanation.Candidate(agent: agent, proficiency: RoutingRules.proficiency(skills: agents[agent]!.profile.skills, policy: policy),
                                             idleSeconds: now.timeIntervalSince(agents[agent]!.lastActivity), load: load(agent).total,
                                             languageProficiency: language.map { agents[agent]!.profile.skills[$0.skill] ?? 0 })
            },
            language: language.map { RoutingExplanation.Language(requirement: $0, waived: RoutingExplanation.Language.isWaived(
                rule: rule, tier: tier, freeTier: policy.languageFreeTier)) })
    }

    /// Whether the agent speaks the item's language well enough, where its workgroup requires it at `tier`.
    func speaksLanguage(_ agent: Agent, of item: Item, policy: WorkgroupPolicy, tier: Int) -> Bool {
        guard let language = policy.languageRequirement(item.language), tier < policy.languageFreeTier else { return true }
        return (agent.profile.skills[language.skill] ?? 0) >= language.minimum
    }

    // MARK: - Commands

    mutating func handle(_ command: RoutingCommand, now: Date) -> [RoutingDecision] {
        var decisions = fireTimers(now: now)
        decisions += apply(command, now: now)
        decisions += dispatch(now: now)
        return decisions
    }

    private mutating func fireTimers(now: Date) -> [RoutingDecision] {
        var decisions: [RoutingDecision] = []
        while true {
            var due: (date: Date, kind: Int, id: Interaction.ID)?
            for item in items.values {
                var candidate: (Date, Int)?
                switch item.place {
                case .offered(_, let expiresAt) where expiresAt <= now: candidate = (expiresAt, 0)
                case .held(_, let hold) where hold.phase == .waitingForCustomer && hold.counted:
                    if let keep = policy(item.workgroup).keepSlotWhileWaiting, keep > 0, hold.since + keep <= now { candidate = (hold.since + keep, 1) }
                case .reserved(_, let until, _) where until <= now: candidate = (until, 2)
                case .queued:
                    if let overflow = policy(item.workgroup).overflow, item.since + overflow.after <= now { candidate = (item.since + overflow.after, 3) }
                default: break
                }
                guard let (date, kind) = candidate else { continue }
                if due == nil || (date, kind, item.id.rawValue) < (due!.date, due!.kind, due!.id.rawValue) { due = (date, kind, item.id) }
            }
            guard let (date, kind, id) = due else { return decisions }
            var item = items[id]!
            switch item.place {
            case .offered(let agent, _):
                // A RONA does not bar the agent (only a reject does).
                item.base += policy(item.workgroup).ronaBoost
                item.place = .queued
                items[id] = item
                agents[agent]!.profile.presence = .notReady(NotReadyReason.rona.id)
                decisions += [.requeue(id, from: agent, reason: .noAnswer), .setNotReady(agent, reason: NotReadyReason.rona.id)]
            case .held(let agent, var hold):
                hold.counted = false
                item.place = .held(agent, hold)
                items[id] = item
                decisions.append(.releaseSlot(id, agent: agent))
            case .reserved(let agent, _, _):
                item.place = .queued
                items[id] = item
                decisions.append(.requeue(id, from: agent, reason: .reservationLapsed))
            default:
                let to = policy(item.workgroup).overflow!.to
                known(to)
                decisions.append(.overflow(id, from: item.workgroup, to: to))
                item.workgroup = to
                item.since = date
                items[id] = item
            }
            _ = kind
        }
    }

    private mutating func apply(_ command: RoutingCommand, now: Date) -> [RoutingDecision] {
        switch command {
        case .agentUpdated(let profile):
            let id = profile.id
            if let previous = agents[id] {
                agents[id]!.profile = profile
                if !previous.profile.isReady && profile.isReady { agents[id]!.lastActivity = now }
            } else {
                agents[id] = Agent(profile: profile, lastActivity: now)
            }
            var decisions: [RoutingDecision] = []
            if !profile.isReady, let offered = items.values.first(where: { $0.holder == id && isOffered($0) }) {
                items[offered.id]!.place = .queued
                decisions.append(.requeue(offered.id, from: id, reason: profile.isLoggedIn ? .agentUnavailable : .agentLoggedOut))
            }
            if !profile.isLoggedIn {
                for item in items.values.filter({ $0.holder == id }).sorted(by: { $0.id.rawValue < $1.id.rawValue }) {
                    items[item.id]!.front = true
                    items[item.id]!.place = .queued
                    decisions.append(.requeue(item.id, from: id, reason: .agentLoggedOut))
                }
                for item in items.values.filter({ if case .reserved(id, _, _) = $0.place { true } else { false } })
                    .sorted(by: { $0.id.rawValue < $1.id.rawValue }) {
                    items[item.id]!.place = .queued
                    decisions.append(.requeue(item.id, from: id, reason: .reservationLapsed))
                }
            }
            return decisions
        case .interactionArrived(let routable):
            guard items[routable.id] == nil else { return [] }
            known(routable.workgroup)
            let policy = policy(routable.workgroup)
            var item = Item(id: routable.id, capacityClass: routable.capacityClass, workgroup: routable.workgroup, since: routable.queuedAt,
                            queuedAt: routable.queuedAt, base: routable.priority ?? policy.priority, language: routable.language, place: .queued)
            if let last = routable.lastAgent, policy.lastAgentWait > 0, agents[last]?.profile.isLoggedIn == true {
                item.place = .reserved(last, until: now + policy.lastAgentWait, rule: .lastAgent)
                items[routable.id] = item
                return [.reserve(routable.id, for: last, until: now + policy.lastAgentWait, rule: .lastAgent)]
            }
            items[routable.id] = item
            return []
        case .accepted(let id, let agent):
            guard case .offered(agent, _)? = items[id]?.place else { return [.refuse(id, .notOffered)] }
            items[id]!.place = .held(agent, Hold(phase: .active, since: now, counted: true))
            return [.assign(id, to: agent, why: nil)]
        case .rejected(let id, let agent):
            guard case .offered(agent, _)? = items[id]?.place else { return [.refuse(id, .notOffered)] }
            items[id]!.declinedBy.insert(agent)
            items[id]!.place = .queued
            return [.requeue(id, from: agent, reason: .rejected)]
        case .waitingForCustomer(let id):
            guard let item = items[id], case .held(let agent, let hold) = item.place, hold.phase == .active else { return [] }
            let keep = policy(item.workgroup).keepSlotWhileWaiting
            let release = keep.map { $0 <= 0 } ?? false
            items[id]!.place = .held(agent, Hold(phase: .waitingForCustomer, since: now, counted: hold.counted && !release))
            return release && hold.counted ? [.releaseSlot(id, agent: agent)] : []
        case .customerReplied(let id):
            guard let item = items[id], case .held(let agent, let hold) = item.place, hold.phase == .waitingForCustomer else { return [] }
            if hold.counted {
                items[id]!.place = .held(agent, Hold(phase: .active, since: now, counted: true))
                return []
            }
            if agents[agent]?.profile.isLoggedIn == true, hasRoom(agent, for: item.capacityClass) {
                items[id]!.place = .held(agent, Hold(phase: .active, since: now, counted: true))
                return [.resume(id, agent: agent)]
            }
            let wait = policy(item.workgroup).lastAgentWait
            if wait > 0, agents[agent]?.profile.isLoggedIn == true {
                items[id]!.place = .reserved(agent, until: now + wait, rule: .returningCustomer)
                return [.requeue(id, from: agent, reason: .agentUnavailable), .reserve(id, for: agent, until: now + wait, rule: .returningCustomer)]
            }
            items[id]!.place = .queued
            return [.requeue(id, from: agent, reason: .agentUnavailable)]
        case .wrapUpStarted(let id):
            if case .held(let agent, var hold)? = items[id]?.place, hold.phase != .wrapUp {
                hold.phase = .wrapUp
                hold.since = now
                items[id]!.place = .held(agent, hold)
            }
            return []
        case .closed(let id):
            guard let item = items.removeValue(forKey: id) else { return [] }
            if let agent = item.holder { agents[agent]!.lastActivity = now }
            return []
        case .transfer(let id, let target):
            guard let item = items[id] else { return [.refuse(id, .unknownInteraction)] }
            switch target {
            case .workgroup(let workgroup):
                guard policies[workgroup] != nil else { return [.refuse(id, .unknownWorkgroup)] }
                items[id]!.base += policy(workgroup).transferBoost
                items[id]!.declinedBy = []
                items[id]!.workgroup = workgroup
                items[id]!.since = now
                items[id]!.place = .queued
                return [.transfer(id, from: item.holder, to: target)]
            case .agent(let agent):
                guard let state = agents[agent] else { return [.refuse(id, .unknownAgent)] }
                guard state.profile.isLoggedIn else { return [.refuse(id, .agentLoggedOut)] }
                let current = policy(item.workgroup)
                items[id]!.base += current.transferBoost
                items[id]!.declinedBy.remove(agent)
                items[id]!.place = .reserved(agent, until: now + current.agentTransferWait, rule: .transfer)
                return [.transfer(id, from: item.holder, to: target), .reserve(id, for: agent, until: now + current.agentTransferWait, rule: .transfer)]
            }
        case .assign(let id, let agent):
            guard let item = items[id] else { return [.refuse(id, .unknownInteraction)] }
            let tier: Int
            switch item.place {
            case .queued: tier = RoutingRules.interactionTier(policy: policy(item.workgroup), since: item.since, now: now)
            case .reserved: tier = 0
            default: return [.refuse(id, .notWaiting)]
            }
            guard let state = agents[agent] else { return [.refuse(id, .unknownAgent)] }
            guard state.profile.isLoggedIn else { return [.refuse(id, .agentLoggedOut)] }
            guard hasRoom(agent, for: item.capacityClass) else { return [.refuse(id, .agentAtCapacity)] }
            let why = explanation(id, rule: .supervisor, tier: tier, candidates: [agent], eligible: 1, now: now)
            items[id]!.place = .held(agent, Hold(phase: .active, since: now, counted: true))
            agents[agent]!.lastActivity = now
            return [.assign(id, to: agent, why: why)]
        case .pull(let id):
            guard let agent = items[id]?.holder else { return [.refuse(id, .notHeld)] }
            items[id]!.place = .queued
            return [.requeue(id, from: agent, reason: .pulled)]
        case .setPriority(let id, let priority):
            guard items[id] != nil else { return [.refuse(id, .unknownInteraction)] }
            items[id]!.base = priority
            return [.priority(id, priority)]
        case .tick:
            return []
        }
    }

    private func isOffered(_ item: Item) -> Bool { if case .offered = item.place { true } else { false } }

    /// One greedy pass in queue order: reserved interactions to their agent, then each waiting interaction to
    /// the best available agent who qualifies.
    private mutating func dispatch(now: Date) -> [RoutingDecision] {
        var decisions: [RoutingDecision] = []
        let reserved = items.values.filter { if case .reserved = $0.place { true } else { false } }.sorted { rank($0, now: now) < rank($1, now: now) }
        for item in reserved {
            guard case .reserved(let agent, _, let rule) = item.place, isAvailable(agent, for: item.capacityClass) else { continue }
            let why = explanation(item.id, rule: rule, tier: 0, candidates: [agent], eligible: 1, now: now)
            decisions.append(offer(item.id, to: agent, why: why, now: now))
        }
        let queued = items.values.filter { if case .queued = $0.place { true } else { false } }.sorted { rank($0, now: now) < rank($1, now: now) }
        for item in queued {
            let policy = policy(item.workgroup)
            let tier = RoutingRules.interactionTier(policy: policy, since: item.since, now: now)
            let eligible = agents.values.filter { agent in
                guard agent.profile.workgroups.contains(item.workgroup), !item.declinedBy.contains(agent.profile.id),
                      let agentTier = RoutingRules.agentTier(skills: agent.profile.skills, policy: policy), agentTier <= tier,
                      speaksLanguage(agent, of: item, policy: policy, tier: tier) else { return false }
                return isAvailable(agent.profile.id, for: item.capacityClass)
            }.sorted { lhs, rhs in agentRank(lhs, policy) < agentRank(rhs, policy) }
            guard let winner = eligible.first else { continue }
            let why = explanation(item.id, rule: RoutingExplanation.Rule(policy.strategy), tier: tier,
                                  candidates: eligible.prefix(3).map(\.profile.id), eligible: eligible.count, now: now)
            decisions.append(offer(item.id, to: winner.profile.id, why: why, now: now))
        }
        return decisions
    }

    private func agentRank(_ agent: Agent, _ policy: WorkgroupPolicy) -> AgentRank {
        RoutingRules.agentRank(strategy: policy.strategy, agent: agent.profile.id,
                               proficiency: RoutingRules.proficiency(skills: agent.profile.skills, policy: policy),
                               lastActivity: agent.lastActivity, load: load(agent.profile.id).total, lastOffered: agent.lastOffered)
    }

    private mutating func offer(_ id: Interaction.ID, to agent: User.ID, why: RoutingExplanation, now: Date) -> RoutingDecision {
        let policy = policy(items[id]!.workgroup)
        offerCounter += 1
        agents[agent]!.lastActivity = now
        agents[agent]!.lastOffered = offerCounter
        if policy.autoAnswer {
            items[id]!.place = .held(agent, Hold(phase: .active, since: now, counted: true))
            return .assign(id, to: agent, why: why)
        }
        items[id]!.place = .offered(agent, expiresAt: now + policy.alertingTimeout)
        return .offer(id, to: agent, expiresAt: now + policy.alertingTimeout, why: why)
    }
}

extension NaiveRoutingEngine.Item {
    var holder: User.ID? {
        switch place {
        case .offered(let agent, _), .held(let agent, _): agent
        default: nil
        }
    }
}
