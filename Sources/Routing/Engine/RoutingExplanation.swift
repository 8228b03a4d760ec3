import Domain
import Foundation

/// Why an interaction went to an agent: the rule that decided, where the interaction stood, and the best
/// candidates in ranked order (the first won). Stored with the decision and returned by the API.
public struct RoutingExplanation: Sendable, Hashable, Codable {
    public enum Rule: String, Sendable, Hashable, Codable {
        case mostSkilledThenLongestIdle = "most_skilled_then_longest_idle"
        case longestIdle = "longest_idle"
        case leastBusy = "least_busy"
        case roundRobin = "round_robin"
        /// The customer's last agent, within the last-agent window.
        case lastAgent = "last_agent"
        /// Transferred to this agent by name.
        case transfer
        /// The customer wrote again after the agent's slot was released: back to the same agent.
        case returningCustomer = "returning_customer"
        /// A supervisor chose the agent.
        case supervisor

        init(_ strategy: SelectionStrategy) {
            switch strategy {
            case .mostSkilledThenLongestIdle: self = .mostSkilledThenLongestIdle
            case .longestIdle: self = .longestIdle
            case .leastBusy: self = .leastBusy
            case .roundRobin: self = .roundRobin
            }
        }
    }

    public struct Candidate: Sendable, Hashable, Codable {
        public var agent: User.ID
        /// Sum of the agent's proficiency in the workgroup's required skills.
        public var proficiency: Int
        public var idleSeconds: Double
        /// Interactions in hand (offered, active, waiting with the slot kept, in wrap-up).
        public var load: Int
        /// Proficiency in the language's skill, when the interaction has a language requirement (0: lacks it).
        public var languageProficiency: Int? = nil
    }

    /// The customer's language and the skill the workgroup asks for it.
    public struct Language: Sendable, Hashable, Codable {
        public var requirement: LanguageRequirement
        /// Not applied to this decision: the tier reached admits any member, or the agent was chosen by name
        /// (last agent, transfer, returning customer, supervisor).
        public var waived: Bool

        /// Whether a decision by `rule` at `tier` leaves the language out.
        static func isWaived(rule: Rule, tier: Int, freeTier: Int) -> Bool {
            switch rule {
            case .lastAgent, .transfer, .returningCustomer, .supervisor: true
            case .mostSkilledThenLongestIdle, .longestIdle, .leastBusy, .roundRobin: tier >= freeTier
            }
        }
    }

    public var rule: Rule
    public var workgroup: Workgroup.ID
    /// 0: the primary target; 1… : expansion tiers.
    public var tier: Int
    /// Effective priority when decided (starting priority plus aging and boosts).
    public var priority: Double
    public var waitedSeconds: Double
    /// Agents who qualified (ready, free, skilled enough for the tier, speaking the language where required, not
    /// having declined it).
    public var eligible: Int
    public var candidates: [Candidate]
    /// Present when the workgroup maps the customer's language to a skill.
    public var language: Language? = nil
}
