import Domain

extension User {
    /// Supervisors and admins oversee every interaction.
    var overseesInteractions: Bool { has(.supervisor) || has(.admin) }

    /// Who may read an interaction and what hangs off it (its window, templates, post, media): whoever holds it,
    /// supervisors and admins. To everyone else it does not exist (404).
    func maySee(_ interaction: Interaction) -> Bool { overseesInteractions || interaction.assignedAgentID == id }
}
