import Domain
import Storage

extension ParleyStore {
    /// The display names of these users, for showing who wrote a message or a note ("Former user" once removed).
    func displayNames(of users: Set<User.ID>) async throws -> [User.ID: String] {
        var names: [User.ID: String] = [:]
        for user in users {
            names[user] = try await self.user(id: user)?.user.displayName ?? "Former user"
        }
        return names
    }
}
