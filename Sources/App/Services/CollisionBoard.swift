import Domain
import Foundation
import Synchronization

/// Who is writing where, right now: the collision guard. A desktop says "I am composing in this interaction"
/// every few seconds while its agent types; the others on the same conversation (a supervisor looking in) or on
/// the same post (the other comment threads of a busy post, each held by someone) are told. In memory and short-
/// lived by design — a signal that expires after `ttl` unless renewed, never stored (with several nodes, each
/// node knows its own desktops: see docs/operations.md).
final class CollisionBoard: Sendable {
    struct Composer: Sendable, Equatable {
        var user: User.ID
        var name: String
        var interaction: Interaction.ID
        var scope: String
        var until: Date
    }

    private let composers = Mutex<[String: Composer]>([:])
    let ttl: TimeInterval

    init(ttl: TimeInterval = 10) {
        self.ttl = ttl
    }

    /// Comment threads of one post collide with each other; anything else only within its own interaction.
    static func scope(of interaction: Interaction) -> String {
        switch interaction.threadKey {
        case .comment(let post, _), .customerPost(let post): "post:\(interaction.channelID.rawValue):\(post)"
        default: "interaction:\(interaction.id.rawValue)"
        }
    }

    func composing(_ user: User, in interaction: Interaction, at now: Date) {
        let composer = Composer(user: user.id, name: user.displayName, interaction: interaction.id, scope: Self.scope(of: interaction), until: now + ttl)
        composers.withLock { all in
            all = all.filter { $0.value.until > now }
            all["\(user.id.rawValue)|\(interaction.id.rawValue)"] = composer
        }
    }

    func stopped(_ user: User.ID, in interaction: Interaction.ID) {
        _ = composers.withLock { $0.removeValue(forKey: "\(user.rawValue)|\(interaction.rawValue)") }
    }

    /// The others composing in the interaction's scope now, the same interaction first.
    func others(than user: User.ID, near interaction: Interaction, at now: Date) -> [Composer] {
        let scope = Self.scope(of: interaction)
        return composers.withLock { all in
            all.values.filter { $0.scope == scope && $0.user != user && $0.until > now }
        }.sorted { ($0.interaction == interaction.id ? 0 : 1, $0.name) < ($1.interaction == interaction.id ? 0 : 1, $1.name) }
    }
}
