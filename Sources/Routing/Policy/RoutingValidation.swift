import Domain
import Foundation

/// Checks routing settings before they are used; each problem names the item and says what is allowed.
public enum RoutingValidation {
    public static let maxServiceLevels = 12
    public static let priorityRange = 0...1000
    /// The engine keeps an agent's languages per workgroup as bits of one word.
    public static let maxLanguages = 60

    /// Problems with one workgroup's routing, given the declared skills and workgroups.
    public static func problems(_ workgroup: Workgroup, skills: Set<Skill.ID>, workgroups: Set<Workgroup.ID>) -> [String] {
        var problems: [String] = []
        let routing = workgroup.routing
        for requirement in workgroup.requiredSkills {
            if !skills.contains(requirement.skill) { problems.append("skill '\(requirement.skill)' is not declared under 'skills'") }
            if !SkillLevel.proficiencyRange.contains(requirement.proficiency) {
                problems.append("proficiency \(requirement.proficiency) for '\(requirement.skill)' is out of range 1–5")
            }
            if let maximum = requirement.maximum, !(requirement.proficiency...5).contains(maximum) {
                problems.append("maximum \(maximum) for '\(requirement.skill)' must be between its proficiency (\(requirement.proficiency)) and 5")
            }
        }
        var previous: (after: Double, minimum: Int)?
        let base = workgroup.requiredSkills.map(\.proficiency).max() ?? 0
        for (index, tier) in routing.expansion.enumerated() {
            if tier.after <= (previous?.after ?? 0) { problems.append("expansion tier \(index + 1) must start later than the one before it (and after 0 s)") }
            if !(0...5).contains(tier.minimum) { problems.append("expansion tier \(index + 1): proficiency \(tier.minimum) is out of range 0–5") }
            if let previous, tier.minimum >= previous.minimum { problems.append("expansion tier \(index + 1) must require less than the tier before it") }
            if previous == nil, tier.minimum >= base, !workgroup.requiredSkills.isEmpty {
                problems.append("expansion tier 1 must require less than the skills' own proficiency (\(base))")
            }
            previous = (tier.after, tier.minimum)
        }
        if let overflow = routing.overflow {
            if !workgroups.contains(overflow.to) { problems.append("overflow target '\(overflow.to)' is not declared under 'workgroups'") }
            if overflow.to == workgroup.id { problems.append("a workgroup cannot overflow to itself") }
            if overflow.after <= 0 { problems.append("overflow 'after' must be more than 0 s") }
        }
        if let timeout = routing.alertingTimeout, timeout < 1 { problems.append("alerting timeout must be at least 1 s") }
        if routing.serviceLevels.count > maxServiceLevels { problems.append("at most \(maxServiceLevels) service levels (\(routing.serviceLevels.count) given)") }
        if routing.serviceLevels.contains(where: { $0 <= 0 }) || routing.serviceLevels != routing.serviceLevels.sorted() || Set(routing.serviceLevels).count != routing.serviceLevels.count {
            problems.append("service levels must be positive, distinct and in increasing order")
        }
        if !priorityRange.contains(routing.priority) { problems.append("priority \(routing.priority) is out of range 0–1000") }
        for (name, value) in [("aging_per_minute", routing.agingPerMinute), ("rona_boost", routing.ronaBoost), ("transfer_boost", routing.transferBoost)]
        where !(0...1000).contains(value) {
            problems.append("\(name) \(value) is out of range 0–1000")
        }
        problems += languageProblems(routing, skills: skills)
        if let keep = routing.keepSlotWhileWaiting, keep < 0 { problems.append("keep_slot_while_waiting cannot be negative") }
        if routing.lastAgentWindow < 0 || routing.lastAgentWait < 0 || routing.agentTransferWait < 0 { problems.append("waits cannot be negative") }
        return problems
    }

    /// The language map: ISO 639-1 codes, declared skills, a minimum of 1–5.
    static func languageProblems(_ routing: WorkgroupRouting, skills: Set<Skill.ID>) -> [String] {
        var problems: [String] = []
        for (code, skill) in routing.languages.sorted(by: { $0.key < $1.key }) {
            if !LanguageRequirement.isLanguageCode(code) {
                problems.append("language '\(code)' is not an ISO 639-1 code (two lowercase letters, such as 'es')")
            }
            if !skills.contains(skill) { problems.append("language '\(code)': skill '\(skill)' is not declared under 'skills'") }
        }
        if routing.languages.count > maxLanguages { problems.append("at most \(maxLanguages) languages (\(routing.languages.count) given)") }
        if !SkillLevel.proficiencyRange.contains(routing.languageMinimum) {
            problems.append("language_minimum \(routing.languageMinimum) is out of range 1–5")
        }
        return problems
    }

    /// Overflow chains that come back to where they started, each as the workgroups in order.
    public static func overflowCycles(_ workgroups: [Workgroup]) -> [[Workgroup.ID]] {
        let next = Dictionary(workgroups.compactMap { workgroup in workgroup.routing.overflow.map { (workgroup.id, $0.to) } },
                              uniquingKeysWith: { first, _ in first })
        var cycles: [[Workgroup.ID]] = []
        var reported = Set<Workgroup.ID>()
        for start in workgroups.map(\.id) where !reported.contains(start) {
            var path: [Workgroup.ID] = [start]
            var current = start
            while let following = next[current] {
                if let loopStart = path.firstIndex(of: following) {
                    let cycle = Array(path[loopStart...])
                    if reported.isDisjoint(with: cycle), cycle.count > 1 || following != current { cycles.append(cycle + [following]) }
                    reported.formUnion(cycle)
                    break
                }
                path.append(following)
                current = following
            }
        }
        return cycles
    }

    /// Problems with an agent's routing profile: proficiency 1–5, capacity 1–25 per class and in total.
    public static func problems(skills: [SkillLevel], capacity: [CapacityClass: Int], totalCapacity: Int? = nil, knownSkills: Set<Skill.ID>?) -> [String] {
        var problems: [String] = []
        for level in skills {
            if let knownSkills, !knownSkills.contains(level.skill) { problems.append("skill '\(level.skill)' is not declared") }
            if !SkillLevel.proficiencyRange.contains(level.proficiency) {
                problems.append("proficiency \(level.proficiency) for '\(level.skill)' is out of range 1–5")
            }
        }
        for (capacityClass, value) in capacity.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !(1...AgentProfile.maximumCapacity).contains(value) {
            problems.append("capacity \(value) for \(capacityClass.rawValue) is out of range 1–\(AgentProfile.maximumCapacity) (leave a class out to take none of it)")
        }
        if let totalCapacity, !(1...AgentProfile.maximumCapacity).contains(totalCapacity) {
            problems.append("total capacity \(totalCapacity) is out of range 1–\(AgentProfile.maximumCapacity)")
        }
        return problems
    }
}
