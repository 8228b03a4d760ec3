import Domain
import Storage

extension User {
    /// Supervisors and admins oversee every interaction.
    var overseesInteractions: Bool { has(.supervisor) || has(.admin) }

    /// Who may read an interaction and what hangs off it (its window, templates, post, media): whoever holds it,
    /// supervisors and admins. To everyone else it does not exist (404).
    func maySee(_ interaction: Interaction) -> Bool { overseesInteractions || interaction.assignedAgentID == id }
}

extension ParleyStore {
    /// The interaction, if `user` may see it; 404 otherwise, as if it did not exist.
    func interaction(_ id: String, visibleTo user: User) async throws -> Interaction {
        guard let interaction = try await interaction(.init(id)), user.maySee(interaction) else {
            throw AppError.notFound("No interaction '\(id)'.")
        }
        return interaction
    }
}
