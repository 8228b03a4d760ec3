import Domain
import Foundation
import Routing

/// The synthetic contact center `parley bench routing` drives: skills, workgroups with mixed rules, and
/// agents with mixed skills, memberships and capacities — all from one seed.
struct RoutingWorld {
    var policies: [WorkgroupPolicy] = []
    var agents: [AgentProfile] = []
    private var random: SplitMix64

    init(agents agentCount: Int, workgroups workgroupCount: Int, skills skillCount: Int, seed: UInt64) {
        random = SplitMix64(seed: seed)
        let skills = (0..<skillCount).map { Skill.ID("s\($0)") }
        let strategies: [SelectionStrategy] = [.mostSkilledThenLongestIdle, .mostSkilledThenLongestIdle, .longestIdle, .leastBusy, .roundRobin]
        for index in 0..<workgroupCount {
            let required = (0..<Int.random(in: 1...2, using: &random)).map { _ in
                SkillRequirement(skill: skills.randomElement(using: &random)!, minimum: Int.random(in: 1...3, using: &random))
            }
            policies.append(WorkgroupPolicy(
                id: Workgroup.ID("wg\(index)"), requiredSkills: required,
                expansion: [ExpansionTier(after: 30, minimum: 1), ExpansionTier(after: 90, minimum: 0)],
                alertingTimeout: 3600, strategy: strategies[index % strategies.count], agingPerMinute: 1))
        }
        for index in 0..<agentCount {
            var agentSkills: [Skill.ID: Int] = [:]
            for _ in 0..<Int.random(in: 3...6, using: &random) { agentSkills[skills.randomElement(using: &random)!] = Int.random(in: 1...5, using: &random) }
            let memberships = Set((0..<Int.random(in: 2...4, using: &random)).map { _ in policies.randomElement(using: &random)!.id })
            let capacity: [CapacityClass: Int] = [
                .webMessaging: Int.random(in: 1...4, using: &random), .privateMessaging: Int.random(in: 1...3, using: &random),
                .publicSocial: Int.random(in: 0...2, using: &random),
            ]
            agents.append(AgentProfile(id: User.ID("agent\(index)"), presence: .ready, skills: agentSkills, workgroups: memberships, capacity: capacity))
        }
    }

    /// A random arrival; `queuedWithin` spreads its arrival time over that many seconds before `date`.
    mutating func interaction(_ number: Int, at date: Date, queuedWithin spread: Double = 0) -> RoutableInteraction {
        let roll = Int.random(in: 0..<10, using: &random)
        let capacityClass: CapacityClass = roll < 5 ? .webMessaging : roll < 9 ? .privateMessaging : .publicSocial
        let queuedAt = spread > 0 ? date - Double.random(in: 0...spread, using: &random) : date
        return RoutableInteraction(id: Interaction.ID("i\(number)"), workgroup: policies.randomElement(using: &random)!.id,
                                   capacityClass: capacityClass, queuedAt: queuedAt)
    }

    /// For the benchmark's own choices (which agent frees a slot), from the same seed.
    var randomSource: SplitMix64 {
        get { random }
        set { random = newValue }
    }
}

/// SplitMix64: a small seedable generator, so that every run of the benchmark builds the same world.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
