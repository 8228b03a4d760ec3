import Domain
import Foundation
import Synchronization

/// Limits password guessing: failed logins per account, and attempts per client address, in sliding
/// windows. In memory (per node); a restart forgets, which only ever lets an attacker start over once.
final class LoginThrottle: Sendable {
    struct Limits: Sendable {
        var failuresPerAccount = 5
        var accountWindow: TimeInterval = 15 * 60
        var attemptsPerAddress = 30
        var addressWindow: TimeInterval = 60
    }

    private let limits: Limits
    private let clock: any WallClock
    private let state = Mutex<(failures: [String: [Date]], attempts: [String: [Date]])>(([:], [:]))

    init(limits: Limits = Limits(), clock: any WallClock) {
        self.limits = limits
        self.clock = clock
    }

    /// Records an attempt; returns how many seconds to wait if the account or the address is over its limit.
    func admit(username: String, address: String) -> Int? {
        let now = clock.now()
        let account = username.lowercased()
        return state.withLock { state in
            let failures = (state.failures[account] ?? []).filter { now.timeIntervalSince($0) < limits.accountWindow }
            let attempts = (state.attempts[address] ?? []).filter { now.timeIntervalSince($0) < limits.addressWindow }
            state.failures[account] = failures
            state.attempts[address] = attempts + [now]
            if attempts.count >= limits.attemptsPerAddress, let oldest = attempts.first {
                return max(1, Int((limits.addressWindow - now.timeIntervalSince(oldest)).rounded(.up)))
            }
            if failures.count >= limits.failuresPerAccount, let oldest = failures.first {
                return max(1, Int((limits.accountWindow - now.timeIntervalSince(oldest)).rounded(.up)))
            }
            return nil
        }
    }

    func recordFailure(username: String) {
        let now = clock.now()
        state.withLock { $0.failures[username.lowercased(), default: []].append(now) }
    }

    func recordSuccess(username: String) {
        _ = state.withLock { $0.failures.removeValue(forKey: username.lowercased()) }
    }
}
