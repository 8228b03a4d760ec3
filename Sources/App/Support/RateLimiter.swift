import Domain
import Foundation
import Synchronization

/// At most `limit` events per key in a sliding `window`. In memory, per node; keys that fell silent are
/// forgotten so an endless stream of new visitors does not grow it without bound.
final class RateLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    private let clock: any WallClock
    private let state = Mutex<[String: [Date]]>([:])

    init(limit: Int, window: TimeInterval, clock: any WallClock) {
        self.limit = limit
        self.window = window
        self.clock = clock
    }

    /// Counts one event for `key`; returns the seconds to wait when it is over the limit (and then does not count it).
    func admit(_ key: String) -> Int? {
        let now = clock.now()
        return state.withLock { entries in
            if entries.count > 10_000 {
                entries = entries.filter { _, times in times.last.map { now.timeIntervalSince($0) < window } ?? false }
            }
            let recent = (entries[key] ?? []).filter { now.timeIntervalSince($0) < window }
            if recent.count >= limit, let oldest = recent.first {
                entries[key] = recent
                return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
            }
            entries[key] = recent + [now]
            return nil
        }
    }
}
