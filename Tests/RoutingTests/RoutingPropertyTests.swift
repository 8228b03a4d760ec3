import Domain
import Foundation
import PropertyBased
import Testing

@testable import Routing

/// Random command sequences against the engine: its invariants hold after every command, and it decides
/// exactly as the naive reference engine does.
@Suite struct RoutingPropertyTests {
    static let steps = Gen.int(in: 0...9_999_999).array(of: 1...160)

    @Test func theIndexedEngineDecidesExactlyAsTheNaiveOne() async {
        await propertyCheck(count: 300, input: Self.steps) { steps in
            var world = RandomWorld()
            var engine = RoutingEngine(policies: world.policies)
            var naive = NaiveRoutingEngine(policies: world.policies)
            for (index, step) in steps.enumerated() {
                let command = world.command(for: step, engine: engine)
                let indexed = engine.handle(command, now: world.now)
                let reference = naive.handle(command, now: world.now)
                #expect(indexed == reference, "step \(index): \(command)")
                if indexed != reference { return }
            }
        }
    }

    @Test func invariantsHoldAfterEveryCommand() async {
        await propertyCheck(count: 300, input: Self.steps) { steps in
            var world = RandomWorld()
            var engine = RoutingEngine(policies: world.policies)
            for (index, step) in steps.enumerated() {
                let command = world.command(for: step, engine: engine)
                let before = engine
                let decisions = engine.handle(command, now: world.now)
                let problems = Invariants.check(engine, after: decisions, before: before, now: world.now)
                #expect(problems.isEmpty, "step \(index): \(command): \(problems)")
                if !problems.isEmpty { return }
            }
        }
    }
}

/// A small contact center whose every command comes from one random number: three workgroups with
/// different rules (two with language maps), four skills, five agents, eight interactions in four languages.
struct RandomWorld {
    let t0 = Date(timeIntervalSince1970: 1_767_225_600)
    var now: Date
    let agents: [User.ID] = ["a0", "a1", "a2", "a3", "a4"]
    let interactions: [Interaction.ID] = (0..<8).map { Interaction.ID("i\($0)") }
    let workgroups: [Workgroup.ID] = ["sales", "support", "vip"]

    init() { now = t0 }

    var policies: [WorkgroupPolicy] {
        [
            WorkgroupPolicy(id: "sales", requiredSkills: [SkillRequirement(skill: "english", minimum: 3, maximum: 4)],
                            expansion: [ExpansionTier(after: 20, minimum: 2), ExpansionTier(after: 40, minimum: 0)],
                            overflow: Overflow(to: "support", after: 90), alertingTimeout: 15, strategy: .mostSkilledThenLongestIdle,
                            agingPerMinute: 2, keepSlotWhileWaiting: 30, lastAgentWait: 10, languages: ["es": "spanish", "de": "german"],
                            languageMinimum: 3),
            WorkgroupPolicy(id: "support", requiredSkills: [SkillRequirement(skill: "english", minimum: 2), SkillRequirement(skill: "billing", minimum: 2)],
                            expansion: [ExpansionTier(after: 25, minimum: 1)], alertingTimeout: 20, strategy: .leastBusy, priority: 40,
                            agingPerMinute: 1, keepSlotWhileWaiting: 0, lastAgentWait: 0, languages: ["es": "spanish"], languageMinimum: 2),
            WorkgroupPolicy(id: "vip", requiredSkills: [SkillRequirement(skill: "german", minimum: 4)], overflow: Overflow(to: "sales", after: 60),
                            alertingTimeout: 10, strategy: .roundRobin, priority: 70, agingPerMinute: 3, keepSlotWhileWaiting: nil,
                            autoAnswer: true),
        ]
    }

    func profile(_ index: Int, variant: Int) -> AgentProfile {
        let presence: AgentPresenceState = switch variant % 5 {
        case 0, 1, 2: .ready
        case 3: .notReady("break")
        default: .loggedOut
        }
        let capacities: [[CapacityClass: Int]] = [
            [.webMessaging: 2, .privateMessaging: 1, .publicSocial: 1],
            [.webMessaging: 1, .privateMessaging: 2],
            [.webMessaging: 3, .privateMessaging: 3, .publicSocial: 2],
        ]
        let memberships: [Set<Workgroup.ID>] = [["sales", "support"], ["support", "vip"], ["sales", "support", "vip"], ["sales"]]
        var skills: [Skill.ID: Int] = ["english": index % 5 + 1, "billing": (index * 2) % 5 + 1, "german": (index * 3 + 1) % 5 + 1]
        if (index + variant) % 4 > 0 { skills["spanish"] = (index + variant) % 4 + 1 }
        let blending: [CapacityClass: Set<CapacityClass>] = variant % 7 == 6 ? [.publicSocial: [], .webMessaging: [.webMessaging]] : [:]
        return AgentProfile(id: agents[index], presence: presence, skills: skills, workgroups: memberships[(index + variant / 5) % memberships.count],
                            capacity: capacities[(index + variant / 20) % capacities.count], totalCapacity: variant % 3 == 0 ? 2 : 25,
                            mayInterrupt: blending)
    }

    /// Decodes one random number into time passing plus a command; accept and reject usually name the agent
    /// the interaction is offered to, so that they mostly succeed.
    mutating func command(for step: Int, engine: RoutingEngine) -> RoutingCommand {
        let dt = step % 8
        now += dt == 7 ? 50 : Double(dt)
        var rest = step / 8
        let kind = rest % 15; rest /= 15
        let agentIndex = rest % agents.count; rest /= agents.count
        let interaction = interactions[rest % interactions.count]; rest /= interactions.count
        let extra = rest
        let agent = agents[agentIndex]
        let offeredTo = engine.offer(for: interaction)?.agent
        switch kind {
        case 0, 1:
            return .agentUpdated(profile(agentIndex, variant: extra))
        case 2, 3:
            let lastAgent = extra % 3 == 0 ? agents[(extra / 3) % agents.count] : nil
            return .interactionArrived(RoutableInteraction(
                id: interaction, workgroup: workgroups[extra % workgroups.count], capacityClass: CapacityClass.allCases[(extra / 7) % 3],
                priority: extra % 4 == 0 ? extra % 90 : nil, queuedAt: now, lastAgent: lastAgent, language: [nil, "es", "de", "fr"][(extra / 5) % 4]))
        case 4: return .accepted(interaction, by: extra % 4 == 0 ? agent : offeredTo ?? agent)
        case 5: return .rejected(interaction, by: extra % 4 == 0 ? agent : offeredTo ?? agent)
        case 6: return .waitingForCustomer(interaction)
        case 7: return .customerReplied(interaction)
        case 8: return .wrapUpStarted(interaction)
        case 9: return .closed(interaction)
        case 10: return .transfer(interaction, to: extra % 2 == 0 ? .agent(agent) : .workgroup(workgroups[(extra / 2) % 3]))
        case 11: return .assign(interaction, to: agent)
        case 12: return .pull(interaction)
        case 13: return .setPriority(interaction, extra % 100)
        default: return .tick
        }
    }
}

/// What must always be true of the engine, checked from its internal state.
enum Invariants {
    static func check(_ engine: RoutingEngine, after decisions: [RoutingDecision], before: RoutingEngine, now: Date) -> [String] {
        var problems: [String] = []
        // Bookkeeping agrees with a recount: loads, offers, holds, reservations, and the id → slot maps.
        for (slot, agent) in engine.agentTable.enumerated() {
            var load = [0, 0, 0]
            var offers: [Int] = []
            var held: Set<Int> = []
            var reserved: Set<Int> = []
            for (item, interaction) in engine.itemTable.enumerated() {
                guard let interaction else { continue }
                switch interaction.place {
                case .offered(slot, _):
                    offers.append(item)
                    load[interaction.capacityClass.slot] += 1
                case .held(slot, let hold):
                    held.insert(item)
                    if hold.counted { load[interaction.capacityClass.slot] += 1 }
                case .reserved(slot, _, _):
                    reserved.insert(item)
                default: break
                }
            }
            let id = agent.id
            if load != agent.load.values { problems.append("\(id): load \(agent.load) but holds \(load)") }
            if agent.total != load.reduce(0, +) { problems.append("\(id): total \(agent.total)") }
            if offers.count > 1 { problems.append("\(id) has two open offers") }
            if agent.offer != offers.first { problems.append("\(id): offer \(String(describing: agent.offer)) but \(offers)") }
            if Set(agent.held) != held || agent.held.count != held.count { problems.append("\(id): held set differs") }
            if agent.reserved != reserved { problems.append("\(id): reserved set differs") }
            if engine.agentSlots[id] != slot { problems.append("\(id): slot map differs") }
        }
        for (item, interaction) in engine.itemTable.enumerated() {
            if let interaction, engine.itemSlots[interaction.id] != item { problems.append("\(interaction.id): slot map differs") }
        }
        if engine.itemSlots.count != engine.itemTable.count(where: { $0 != nil }) { problems.append("stale interaction slots") }
        // The queue versions dispatch checks entries against mirror the interactions' own (0 for a free slot).
        if engine.queueVersions != engine.itemTable.map({ $0?.queueVersion ?? 0 }) { problems.append("queue versions differ from the interactions'") }
        // Every queue's top is current, and its copy in queueHeads matches it (dispatch reads only the copy).
        for (pool, queue) in engine.queues.enumerated() {
            let top = queue.heap.min
            if let top, engine.itemTable[top.slot]?.queueVersion != top.version { problems.append("queue \(pool): stale top") }
            if engine.queueHeads[pool] != (top.map(QueueHead.init) ?? .empty) { problems.append("queue \(pool): head differs from its top") }
            if let top, top.declined != !(engine.itemTable[top.slot]?.declinedBy.isEmpty ?? true) {
                problems.append("queue \(pool): top's declined flag differs")
            }
        }
        // Every decision that gives work to an agent respects readiness and capacity.
        let agents = engine.agents
        let interactions = engine.interactions
        for decision in decisions {
            var target: (Interaction.ID, User.ID)?
            switch decision {
            case .offer(let id, let agent, _, _): target = (id, agent)
            case .assign(let id, let agent, let why?) where why.rule != .supervisor: target = (id, agent)
            default: break
            }
            guard let (id, agentID) = target, let agent = agents[agentID] else { continue }
            if !agent.profile.isReady { problems.append("\(id) offered to \(agentID), who is \(agent.profile.presence)") }
            // (A profile change may lower capacity below what an agent already holds: only the class given now counts.)
            if let capacityClass = interactions[id]?.capacityClass, agent.load[capacityClass.slot] > agent.profile.capacity[capacityClass, default: 0] {
                problems.append("\(agentID) holds \(agent.load[capacityClass.slot]) \(capacityClass) over capacity")
            }
            if agent.total > min(agent.profile.totalCapacity, AgentProfile.maximumCapacity) { problems.append("\(agentID) over total capacity") }
        }
        problems += stability(engine, now: now)
        problems += priorityOrder(engine, decisions: decisions, now: now)
        return problems
    }

    /// After every command: no waiting interaction has an available agent who qualifies for it.
    static func stability(_ engine: RoutingEngine, now: Date) -> [String] {
        var problems: [String] = []
        for case let interaction? in engine.itemTable {
            switch interaction.place {
            case .queued:
                for agent in engine.agentTable where qualifies(agent, for: interaction, engine: engine, now: now) && agent.isAvailable(for: interaction.capacityClass) {
                    problems.append("\(interaction.id) waits although \(agent.id) is available and qualifies")
                }
            case .reserved(let agent, _, _):
                if engine.agentTable[agent].isAvailable(for: interaction.capacityClass) {
                    problems.append("\(interaction.id) waits for \(engine.agentTable[agent].id), who is available")
                }
            default: break
            }
        }
        return problems
    }

    static func qualifies(_ agent: AgentState, for interaction: InteractionState, engine: RoutingEngine, now: Date) -> Bool {
        let policy = engine.policy(interaction.workgroup)
        guard agent.profile.workgroups.contains(interaction.workgroup), !interaction.declinedBy.contains(agent.profile.id),
              let agentTier = RoutingRules.agentTier(skills: agent.profile.skills, policy: policy) else { return false }
        let tier = RoutingRules.interactionTier(policy: policy, since: interaction.workgroupSince, now: now)
        if let language = policy.languageRequirement(interaction.language), tier < policy.languageFreeTier,
           (agent.profile.skills[language.skill] ?? 0) < language.minimum { return false }
        return agentTier <= tier
    }

    /// An agent offered work from the queue could not have taken anything still waiting ahead of it; and a
    /// later arrival passes an earlier one of its workgroup only by the priority difference divided by the
    /// aging rate (the starvation bound).
    static func priorityOrder(_ engine: RoutingEngine, decisions: [RoutingDecision], now: Date) -> [String] {
        var problems: [String] = []
        for decision in decisions {
            guard case .offer(let id, let agentID, _, let why) = decision, why.rule != .lastAgent, why.rule != .transfer,
                  why.rule != .returningCustomer, let offered = engine.interactions[id], let agent = engine.agents[agentID] else { continue }
            let items = engine.itemTable.compactMap { $0 }
            let offeredRank = engine.queueRank(id, now: now)
            let aging = engine.policy(offered.workgroup).agingPerMinute
            for waiting in items {
                guard case .queued = waiting.place, qualifies(agent, for: waiting, engine: engine, now: now) else { continue }
                var load = agent.loadByClass
                load[offered.capacityClass, default: 0] -= 1
                guard RoutingRules.hasRoom(agent.profile, load: load, total: agent.total - 1, for: waiting.capacityClass) else { continue }
                if engine.queueRank(waiting.id, now: now) < offeredRank {
                    problems.append("\(id) went to \(agentID) ahead of \(waiting.id)")
                } else if waiting.workgroup == offered.workgroup, waiting.queuedAt < offered.queuedAt, !offered.front, aging > 0 {
                    // The starvation bound: a later arrival overtakes only by its priority lead over the aging rate.
                    let overtakenBy = offered.queuedAt.timeIntervalSince(waiting.queuedAt) / 60
                    let bound = Double(offered.basePriority - waiting.basePriority) / Double(aging)
                    if overtakenBy > bound + 1e-6 { problems.append("\(id) overtook \(waiting.id) by \(overtakenBy) min; bound \(bound)") }
                }
            }
        }
        return problems
    }
}
