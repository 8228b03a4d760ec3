import Domain
import Foundation

/// Users and the administration model: codes, reasons, channels, workgroups, skills.
public protocol DirectoryStore: Sendable {
    func createUser(_ user: User, passwordHash: String, at: Date) async throws
    func user(named username: String) async throws -> StoredUser?
    func users() async throws -> [StoredUser]
    func setPasswordHash(_ hash: String, for id: User.ID) async throws
    /// Switches an account on or off: an inactive user cannot sign in, and their sessions and tokens stop working.
    /// Switching off also ends the user's sessions, so switching on again does not revive them.
    func setActive(_ active: Bool, for id: User.ID) async throws
    /// Replaces what routing knows of the user (skills, workgroups, capacity, total cap, blending) with the
    /// given user's. Throws `StoreError.notFound`.
    func setRoutingProfile(of user: User) async throws
    func userCount() async throws -> Int

    func wrapUpCodes() async throws -> [WrapUpCode]
    func notReadyReasons() async throws -> [NotReadyReason]
    func upsert(_ code: WrapUpCode) async throws
    func upsert(_ reason: NotReadyReason) async throws

    func channels() async throws -> [Channel]
    func upsert(_ channel: Channel) async throws
    func workgroups() async throws -> [Workgroup]
    func upsert(_ workgroup: Workgroup) async throws
    func skills() async throws -> [Skill]
    func upsert(_ skill: Skill) async throws
}

public struct StoredUser: Sendable, Hashable {
    public var user: User
    public var passwordHash: String

    public init(user: User, passwordHash: String) {
        self.user = user
        self.passwordHash = passwordHash
    }
}

public enum StoreError: Error, Equatable, CustomStringConvertible {
    case conflict(String)
    case notFound(String)
    /// The database is not in a state Parley can safely run on.
    case unsafe(String)
    /// The database refused a value (PostgreSQL text cannot hold U+0000, for one).
    case invalidInput(String)

    public var description: String {
        switch self {
        case .conflict(let what): "conflict: \(what)"
        case .notFound(let what): "not found: \(what)"
        case .unsafe(let why): why
        case .invalidInput(let why): why
        }
    }
}
