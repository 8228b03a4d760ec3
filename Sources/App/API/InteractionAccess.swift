import Domain
import Hummingbird
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

    /// The declared channel an interaction came in on. An interaction from an account no channel declared is keyed by the
    /// account (`messenger:999`): declared later, the channel is found by that key, so it can be answered from then on.
    func channel(of interaction: Interaction) async throws -> Channel? {
        let key = ChannelKey(interaction.channelID.rawValue)
        return try await channels().first { $0.id == interaction.channelID || $0.key == key }
    }

    /// `channel(of:)`, or 409/422 `channel_not_configured` (Parley holds no credentials to answer there).
    func answerableChannel(of interaction: Interaction, status: HTTPResponse.Status) async throws -> Channel {
        guard let channel = try await channel(of: interaction) else {
            throw AppError(status, code: "channel_not_configured",
                           message: "This conversation came in on \(interaction.channelID), which no channel in parley.yml declares, so Parley "
                               + "has no credentials to answer it there. Declare the channel (channels[] with its kind and account_id) to answer.")
        }
        return channel
    }
}
