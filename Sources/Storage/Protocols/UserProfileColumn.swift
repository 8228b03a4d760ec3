import Domain
import Foundation

/// What routing knows of a user — skills, workgroups, capacity, total cap and blending — stored as one JSON
/// column (`users.profile`) with the same bytes in SQLite and PostgreSQL. Fields added later are optional, so
/// older rows still decode.
public struct UserProfileColumn: Codable, Sendable {
    var skills: [SkillLevel]
    var workgroups: [Workgroup.ID]
    var capacity: [String: Int]
    var totalCapacity: Int?
    /// Held class → classes that may still be offered.
    var blending: [String: [String]]?

    public init(_ user: User) {
        skills = user.skills
        workgroups = user.workgroups
        capacity = Dictionary(uniqueKeysWithValues: user.capacity.map { ($0.key.rawValue, $0.value) })
        totalCapacity = user.totalCapacity
        blending = user.blending.isEmpty ? nil
            : Dictionary(uniqueKeysWithValues: user.blending.map { ($0.key.rawValue, $0.value.map(\.rawValue).sorted()) })
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> UserProfileColumn { try JSONDecoder().decode(UserProfileColumn.self, from: data) }

    /// The user's routing fields from this column; unknown class names (from a newer version) are skipped.
    public func apply(to user: inout User) {
        user.skills = skills
        user.workgroups = workgroups
        user.capacity = Dictionary(uniqueKeysWithValues: capacity.compactMap { key, value in CapacityClass(rawValue: key).map { ($0, value) } })
        user.totalCapacity = totalCapacity
        user.blending = Dictionary(uniqueKeysWithValues: (blending ?? [:]).compactMap { key, value in
            CapacityClass(rawValue: key).map { ($0, Set(value.compactMap(CapacityClass.init(rawValue:)))) }
        })
    }
}
