import Connectors
import Domain
import Foundation
import Synchronization

/// What this process has seen of each channel's platform calls: the last send the platform accepted, the last
/// failure, and whether the platform refused the channel's access token (an alert until a send succeeds
/// again). In memory: a restart forgets it, and the channel check (`parley channel check`) asks the platform.
final class ChannelHealthBoard: Sendable {
    struct Entry: Sendable, Equatable {
        var lastSentAt: Date?
        var lastFailure: Failure?
        /// Set when the platform refused the token; cleared by the next accepted send.
        var credentialRefused: Failure?
    }

    struct Failure: Sendable, Equatable {
        var reason: String
        var at: Date
    }

    private let entries = Mutex<[ChannelKey: Entry]>([:])
    /// X channels whose token refresh X refused (`XTokenKeeper`), until a refresh succeeds.
    private let refreshRefused = Mutex<Set<ChannelKey>>([])

    func tokenRefresh(_ channel: ChannelKey, refused: Bool) {
        refreshRefused.withLock { if refused { $0.insert(channel) } else { $0.remove(channel) } }
    }

    func record(_ channel: ChannelKey, _ outcome: SendOutcome, at now: Date) {
        entries.withLock { entries in
            var entry = entries[channel] ?? Entry()
            switch outcome {
            case .sent:
                entry.lastSentAt = now
                entry.credentialRefused = nil
            case .unauthorized(let reason):
                entry.credentialRefused = Failure(reason: reason, at: now)
                entry.lastFailure = Failure(reason: reason, at: now)
            case .permanent(let reason), .retryable(let reason), .rateLimited(_, let reason):
                entry.lastFailure = Failure(reason: reason, at: now)
            }
            entries[channel] = entry
        }
    }

    func entry(_ channel: ChannelKey) -> Entry { entries.withLock { $0[channel] ?? Entry() } }

    /// How many channels have a refused credential now (the metrics gauge).
    var refusedCredentials: Int {
        let refused = entries.withLock { Set($0.filter { $0.value.credentialRefused != nil }.keys) }
        return refused.union(refreshRefused.withLock { $0 }).count
    }
}
