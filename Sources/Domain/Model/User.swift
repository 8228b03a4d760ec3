/// A person who signs in: an administrator, a supervisor or an agent.
public struct User: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<User>

    public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
        case agent, supervisor, admin

        private var rank: Int {
            switch self {
            case .agent: 0
            case .supervisor: 1
            case .admin: 2
            }
        }

        public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
    }

    public var id: ID
    public var username: String
    public var displayName: String
    public var roles: Set<Role>
    public var skills: [SkillLevel]
    public var workgroups: [Workgroup.ID]
    /// How many interactions of each class the agent may hold at once.
    public var capacity: [CapacityClass: Int]
    /// How many of all classes together (nil: the sum of the classes, at most 25).
    public var totalCapacity: Int?
    /// Blending: while holding a class (the key), the only classes that may still be offered. Missing: all.
    public var blending: [CapacityClass: Set<CapacityClass>]
    public var active: Bool

    public init(
        id: ID, username: String, displayName: String, roles: Set<Role>, skills: [SkillLevel] = [],
        workgroups: [Workgroup.ID] = [], capacity: [CapacityClass: Int] = User.defaultCapacity, totalCapacity: Int? = nil,
        blending: [CapacityClass: Set<CapacityClass>] = [:], active: Bool = true
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.roles = roles
        self.skills = skills
        self.workgroups = workgroups
        self.capacity = capacity
        self.totalCapacity = totalCapacity
        self.blending = blending
        self.active = active
    }

    public static let defaultCapacity: [CapacityClass: Int] = [
        .publicSocial: 3, .privateMessaging: 3, .webMessaging: 2,
    ]

    public func has(_ role: Role) -> Bool { roles.contains(role) }
}

/// A skill an agent has, or a workgroup requires, with proficiency 1 (basic) … 5 (expert). A workgroup's
/// requirement may also cap it (`maximum`) for its primary target.
public struct SkillLevel: Codable, Sendable, Hashable {
    public static let proficiencyRange = 1...5

    public var skill: Skill.ID
    public var proficiency: Int
    public var maximum: Int?

    public init(skill: Skill.ID, proficiency: Int, maximum: Int? = nil) {
        self.skill = skill
        self.proficiency = proficiency
        self.maximum = maximum
    }
}

public struct Skill: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<Skill>

    public var id: ID
    public var name: String

    public init(id: ID, name: String) {
        self.id = id
        self.name = name
    }
}

extension User {
    /// What a login name may be: 1 to 100 ASCII letters, digits, '.', '_', '-' or '@' (the API and `parley user add`).
    public static func isValidUsername(_ name: String) -> Bool {
        (1...100).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-@".contains($0)) }
    }

    public static let usernameRule = "A username is 1 to 100 letters, digits, '.', '_', '-' or '@'."

    /// Why a password cannot be used, or nil: 10 to 1,000 characters, not all white space.
    public static func passwordProblem(_ password: String) -> String? {
        guard (10...1000).contains(password.unicodeScalars.count) else { return "A password is 10 to 1,000 characters." }
        guard password.contains(where: { !$0.isWhitespace }) else { return "A password needs more than white space." }
        return nil
    }
}
