import Domain
import Foundation

/// The routing parts of the export, in the keys `ConfigLoader` reads back.
extension ConfigExporter {
    static func routing(_ routing: WorkgroupRouting) -> [String: Any] {
        var entry: [String: Any] = [
            "strategy": routing.strategy.rawValue, "service_levels": routing.serviceLevels.map(seconds),
            "priority": routing.priority, "aging_per_minute": routing.agingPerMinute, "rona_boost": routing.ronaBoost,
            "transfer_boost": routing.transferBoost, "keep_slot_while_waiting": routing.keepSlotWhileWaiting.map(seconds) ?? "always",
            "last_agent_window": seconds(routing.lastAgentWindow), "last_agent_wait": seconds(routing.lastAgentWait),
            "agent_transfer_wait": seconds(routing.agentTransferWait), "auto_answer": routing.autoAnswer,
        ]
        if let timeout = routing.alertingTimeout { entry["alerting_timeout"] = seconds(timeout) }
        if !routing.expansion.isEmpty {
            entry["expansion"] = routing.expansion.map { ["after": seconds(Int($0.after)), "proficiency": $0.minimum] as [String: Any] }
        }
        if let overflow = routing.overflow { entry["overflow"] = ["to": overflow.to.rawValue, "after": seconds(Int(overflow.after))] }
        if !routing.languages.isEmpty { entry["languages"] = routing.languages.mapValues(\.rawValue) }
        entry["language_minimum"] = routing.languageMinimum
        return entry
    }

    static func requiredSkill(_ level: SkillLevel) -> [String: Any] {
        var entry: [String: Any] = ["skill": level.skill.rawValue, "proficiency": level.proficiency]
        if let maximum = level.maximum { entry["maximum"] = maximum }
        return entry
    }

    /// Every agent's routing profile, by username.
    static func agent(_ user: User) -> [String: Any] {
        var entry: [String: Any] = [
            "username": user.username, "workgroups": user.workgroups.map(\.rawValue),
            "skills": user.skills.map { ["skill": $0.skill.rawValue, "proficiency": $0.proficiency] as [String: Any] },
            "capacity": Dictionary(uniqueKeysWithValues: user.capacity.map { ($0.key.rawValue, $0.value) }),
        ]
        if let total = user.totalCapacity { entry["total_capacity"] = total }
        if !user.blending.isEmpty {
            entry["blending"] = Dictionary(uniqueKeysWithValues: user.blending.map { ($0.key.rawValue, $0.value.map(\.rawValue).sorted()) })
        }
        return entry
    }

    private static func seconds(_ value: Int) -> String { "\(value)s" }
}
