import Domain
import Foundation

/// What routing knows about an agent: availability, skills, memberships and capacity.
public struct AgentProfile: Sendable, Hashable {
    public var id: User.ID
    public var presence: AgentPresenceState
    /// Proficiency 1–5 per skill.
    public var skills: [Skill.ID: Int]
    public var workgroups: Set<Workgroup.ID>
    /// Interactions of each class the agent may hold at once (a missing class: none).
    public var capacity: [CapacityClass: Int]
    /// Interactions of all classes together.
    public var totalCapacity: Int
    /// Blending: while holding a class (the key), which other classes may still be offered. Missing: all.
    public var mayInterrupt: [CapacityClass: Set<CapacityClass>]

    public static let maximumCapacity = 25

    public init(
        id: User.ID, presence: AgentPresenceState, skills: [Skill.ID: Int] = [:], workgroups: Set<Workgroup.ID>,
        capacity: [CapacityClass: Int], totalCapacity: Int = AgentProfile.maximumCapacity,
        mayInterrupt: [CapacityClass: Set<CapacityClass>] = [:]
    ) {
        self.id = id
        self.presence = presence
        self.skills = skills
        self.workgroups = workgroups
        self.capacity = capacity
        self.totalCapacity = totalCapacity
        self.mayInterrupt = mayInterrupt
    }

    public var isReady: Bool { presence == .ready }
    public var isLoggedIn: Bool { presence != .loggedOut }
}

public enum AgentPresenceState: Sendable, Hashable {
    case loggedOut
    case ready
    case notReady(NotReadyReason.ID)
}
