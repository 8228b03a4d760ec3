import Domain
import Foundation

/// The rules of routing as pure functions: who qualifies at which tier, how priority ages, how candidates
/// rank. The engine's indexes and the reference engine in the tests both decide by these.
public enum RoutingRules {
    /// Priority is kept in 1/60,000 of a point (a point per minute of aging is one unit per millisecond), so
    /// that comparisons are exact integers.
    public static let priorityScale: Int64 = 60_000

    public static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// The time-independent part of an interaction's priority: with one aging rate per workgroup, the order
    /// of two interactions in it never changes as time passes.
    public static func priorityKey(base: Int, aging: Int, queuedAt: Date) -> Int64 {
        Int64(base) * priorityScale - Int64(aging) * millis(queuedAt)
    }

    public static func effectivePriority(key: Int64, aging: Int, now: Date) -> Int64 {
        key + Int64(aging) * millis(now)
    }

    /// The first tier at which the agent qualifies (0: the primary target), or nil if never.
    public static func agentTier(skills: [Skill.ID: Int], policy: WorkgroupPolicy) -> Int? {
        let primary = policy.requiredSkills.allSatisfy { requirement in
            let level = skills[requirement.skill] ?? 0
            return level >= requirement.minimum && level <= (requirement.maximum ?? Int.max)
        }
        if primary { return 0 }
        for (index, tier) in policy.expansion.enumerated() {
            let qualifies = policy.requiredSkills.allSatisfy { requirement in
                (skills[requirement.skill] ?? 0) >= min(requirement.minimum, tier.minimum)
            }
            if qualifies { return index + 1 }
        }
        return nil
    }

    /// How far the target has widened for an interaction that entered the workgroup at `since`.
    public static func interactionTier(policy: WorkgroupPolicy, since: Date, now: Date) -> Int {
        policy.expansion.prefix { now >= since + $0.after }.count
    }

    /// When the next tier starts, if there is one.
    public static func nextTierStart(policy: WorkgroupPolicy, tier: Int, since: Date) -> Date? {
        tier < policy.expansion.count ? since + policy.expansion[tier].after : nil
    }

    public static func proficiency(skills: [Skill.ID: Int], policy: WorkgroupPolicy) -> Int {
        policy.requiredSkills.reduce(0) { $0 + (skills[$1.skill] ?? 0) }
    }

    /// Whether an agent holding `load` (per class, and `total`) may take one more of `capacityClass`.
    public static func hasRoom(_ profile: AgentProfile, load: [CapacityClass: Int], total: Int, for capacityClass: CapacityClass) -> Bool {
        guard total < min(profile.totalCapacity, AgentProfile.maximumCapacity),
              load[capacityClass, default: 0] < profile.capacity[capacityClass, default: 0] else { return false }
        for (held, count) in load where count > 0 && held != capacityClass {
            if let allowed = profile.mayInterrupt[held], !allowed.contains(capacityClass) { return false }
        }
        return true
    }

    /// Lower ranks win.
    public static func agentRank(
        strategy: SelectionStrategy, agent: User.ID, proficiency: Int, lastActivity: Date, load: Int, lastOffered: Int64
    ) -> AgentRank {
        switch strategy {
        case .mostSkilledThenLongestIdle: AgentRank(first: -Int64(proficiency), second: millis(lastActivity), agent: agent.rawValue)
        case .longestIdle: AgentRank(first: 0, second: millis(lastActivity), agent: agent.rawValue)
        case .leastBusy: AgentRank(first: Int64(load), second: millis(lastActivity), agent: agent.rawValue)
        case .roundRobin: AgentRank(first: lastOffered, second: 0, agent: agent.rawValue)
        }
    }
}

public struct AgentRank: Comparable, Hashable, Sendable {
    var first: Int64
    var second: Int64
    var agent: String

    public static func < (lhs: AgentRank, rhs: AgentRank) -> Bool {
        (lhs.first, lhs.second, lhs.agent) < (rhs.first, rhs.second, rhs.agent)
    }
}

/// The order of waiting interactions: returned-first, then higher effective priority, then longer waiting.
/// Lower ranks go first.
public struct QueueRank: Comparable, Hashable, Sendable {
    var front: Bool
    var priority: Int64
    var queuedAt: Int64
    var id: String

    public static func < (lhs: QueueRank, rhs: QueueRank) -> Bool {
        if lhs.front != rhs.front { return lhs.front }
        if lhs.priority != rhs.priority { return lhs.priority > rhs.priority }
        return (lhs.queuedAt, lhs.id) < (rhs.queuedAt, rhs.id)
    }
}
