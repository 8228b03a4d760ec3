import Domain
import Foundation

extension RoutingService {
    /// Raises a queued interaction's priority by `boost` above its stored one, for as long as the engine runs:
    /// the boost is not written to the database. It follows the clock (a messaging window about to close), so
    /// whoever computes it applies it again on every check, and after a restart the stored priority is still
    /// the one rules and supervisors set. A boost of 0 returns the interaction to its stored priority.
    public func raisePriority(of interaction: Interaction, by boost: Int) async throws {
        try await loadIfNeeded()
        let routable = routable(interaction)
        let base = routable.priority ?? engine.policy(routable.workgroup).priority
        _ = try await execute(.setPriority(interaction.id, base + boost), queued: [], recordsPriority: false)
    }
}
