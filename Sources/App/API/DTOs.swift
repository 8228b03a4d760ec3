import Domain
import Foundation
import Hummingbird

/// A user as the API shows it (never the password hash).
struct UserDTO: ResponseEncodable, APISchema {
    var id: String
    var username: String
    var displayName: String
    var roles: [String]
    var skills: [SkillLevelDTO]
    var workgroups: [String]
    var capacity: [String: Int]
    var totalCapacity: Int?
    var blending: [String: [String]]
    var active: Bool

    init(_ user: User) {
        id = user.id.rawValue
        username = user.username
        displayName = user.displayName
        roles = user.roles.map(\.rawValue).sorted()
        skills = user.skills.map { SkillLevelDTO(skill: $0.skill.rawValue, proficiency: $0.proficiency) }
        workgroups = user.workgroups.map(\.rawValue)
        capacity = Dictionary(uniqueKeysWithValues: user.capacity.map { ($0.key.rawValue, $0.value) })
        totalCapacity = user.totalCapacity
        blending = Dictionary(uniqueKeysWithValues: user.blending.map { ($0.key.rawValue, $0.value.map(\.rawValue).sorted()) })
        active = user.active
    }

    static let schemaName = "User"
    static var schema: Schema {
        .object([
            ("id", .string()), ("username", .string()), ("displayName", .string()),
            ("roles", .array(.string(values: User.Role.allCases.map(\.rawValue)))),
            ("skills", .array(.ref("SkillLevel"))), ("workgroups", .array(.string())),
            ("capacity", .dictionary(.integer(minimum: 0))), ("totalCapacity", .nullable(.integer(minimum: 1))),
            ("blending", .dictionary(.array(.string(values: CapacityClass.allCases.map(\.rawValue))))), ("active", .boolean),
        ], required: ["id", "username", "displayName", "roles", "skills", "workgroups", "capacity", "blending", "active"])
    }
}

struct SkillLevelDTO: Codable, APISchema {
    var skill: String
    var proficiency: Int

    static let schemaName = "SkillLevel"
    static var schema: Schema {
        .object([("skill", .string()), ("proficiency", .literal(#"{"type": "integer", "minimum": 1, "maximum": 5}"#))], required: ["skill", "proficiency"])
    }
}

struct UserList: ResponseEncodable, APISchema {
    var users: [UserDTO]
    static let schemaName = "UserList"
    static var schema: Schema { .object([("users", .array(.ref("User")))], required: ["users"]) }
}

struct LoginRequest: Decodable {
    var username: String
    var password: String

    static var schema: Schema {
        .object([("username", .string(maxLength: 200)), ("password", .string(maxLength: 1000))], required: ["username", "password"],
                allowsOtherProperties: true)
    }
}

/// What sign-in and `me` answer: the user, and for browser sessions the CSRF token to send on writes.
struct SessionInfo: ResponseEncodable, APISchema {
    var user: UserDTO
    var csrfToken: String?
    var authentication: String

    static let schemaName = "SessionInfo"
    static var schema: Schema {
        .object([("user", .ref("User")), ("csrfToken", .string()), ("authentication", .string(values: ["session", "token"]))],
                required: ["user", "authentication"])
    }
}

struct CreateTokenRequest: Decodable {
    var name: String

    static var schema: Schema { .object([("name", .string(maxLength: 100, pattern: "\\S"))], required: ["name"], allowsOtherProperties: true) }
}

struct TokenCreated: ResponseEncodable, APISchema {
    var id: String
    var name: String
    /// Shown once; Parley keeps only its hash.
    var token: String
    var createdAt: Date

    static let schemaName = "TokenCreated"
    static var schema: Schema {
        .object([("id", .string()), ("name", .string()), ("token", .string()), ("createdAt", .string(format: "date-time"))],
                required: ["id", "name", "token", "createdAt"])
    }
}

struct TokenSummary: Codable, APISchema {
    var id: String
    var name: String
    var createdAt: Date
    var revokedAt: Date?

    static let schemaName = "TokenSummary"
    static var schema: Schema {
        .object([("id", .string()), ("name", .string()), ("createdAt", .string(format: "date-time")),
                 ("revokedAt", .string(format: "date-time"))], required: ["id", "name", "createdAt"])
    }
}

struct TokenList: ResponseEncodable, APISchema {
    var tokens: [TokenSummary]
    static let schemaName = "TokenList"
    static var schema: Schema { .object([("tokens", .array(.ref("TokenSummary")))], required: ["tokens"]) }
}

struct CreateUserRequest: Decodable {
    var username: String
    var displayName: String?
    var password: String
    /// Read as text, so that an unknown role is answered with the ones there are.
    var roles: [String]
    var workgroups: [String]?

    static var schema: Schema {
        .object([("username", .string(pattern: "^[A-Za-z0-9._@-]{1,100}$")), ("displayName", .nullable(.string(maxLength: 200))),
                 ("password", .string(minLength: 10, maxLength: 1000)),
                 ("roles", .array(.string(values: User.Role.allCases.map(\.rawValue)), minItems: 1)),
                ("workgroups", .nullable(.array(.string())))],
                required: ["username", "password", "roles"], allowsOtherProperties: true)
    }
}

struct CodeDTO: Codable, APISchema {
    var id: String
    var name: String
    var active: Bool

    static let schemaName = "Code"
    static var schema: Schema { .object([("id", .string()), ("name", .string()), ("active", .boolean)], required: ["id", "name", "active"]) }
}

struct CodeList: ResponseEncodable, APISchema {
    var codes: [CodeDTO]
    static let schemaName = "CodeList"
    static var schema: Schema { .object([("codes", .array(.ref("Code")))], required: ["codes"]) }
}

struct WorkgroupDTO: Codable, APISchema {
    var id: String
    var name: String
    var requiredSkills: [SkillLevelDTO]
    var serviceLevelSeconds: Int
    var serviceLevelTarget: Double

    init(_ workgroup: Workgroup) {
        id = workgroup.id.rawValue
        name = workgroup.name
        requiredSkills = workgroup.requiredSkills.map { SkillLevelDTO(skill: $0.skill.rawValue, proficiency: $0.proficiency) }
        serviceLevelSeconds = workgroup.serviceLevelSeconds
        serviceLevelTarget = workgroup.serviceLevelTarget
    }

    static let schemaName = "Workgroup"
    static var schema: Schema {
        .object([("id", .string()), ("name", .string()), ("requiredSkills", .array(.ref("SkillLevel"))),
                 ("serviceLevelSeconds", .integer(minimum: 0)), ("serviceLevelTarget", .number)],
                required: ["id", "name", "requiredSkills", "serviceLevelSeconds", "serviceLevelTarget"])
    }
}

struct WorkgroupList: ResponseEncodable, APISchema {
    var workgroups: [WorkgroupDTO]
    static let schemaName = "WorkgroupList"
    static var schema: Schema { .object([("workgroups", .array(.ref("Workgroup")))], required: ["workgroups"]) }
}

struct ChannelDTO: Codable, APISchema {
    var id: String
    var kind: String
    var accountId: String
    var name: String
    var enabled: Bool

    init(_ channel: Channel) {
        id = channel.id.rawValue
        kind = channel.kind.rawValue
        accountId = channel.accountID
        name = channel.name
        enabled = channel.enabled
    }

    static let schemaName = "Channel"
    static var schema: Schema {
        .object([("id", .string()), ("kind", .string(values: ChannelKind.allCases.map(\.rawValue))), ("accountId", .string()),
                 ("name", .string()), ("enabled", .boolean)], required: ["id", "kind", "accountId", "name", "enabled"])
    }
}

struct ChannelList: ResponseEncodable, APISchema {
    var channels: [ChannelDTO]
    static let schemaName = "ChannelList"
    static var schema: Schema { .object([("channels", .array(.ref("Channel")))], required: ["channels"]) }
}

