import Foundation

/// How long the stream consumer waits before connecting again (X's reconnection guidance for the filtered
/// stream): network errors and stalls back off from 1 s doubling to 60 s; HTTP 429 (another connection is open,
/// or too many attempts) from 60 s doubling; other HTTP errors (5xx) from 5 s doubling to 320 s. Each wait gets up
/// to a fifth more at random so many Parleys do not reconnect in step. A healthy connection starts over.
public struct XStreamBackoff: Sendable, Equatable {
    public enum Cause: Sendable, Equatable {
        /// Refused or cut connection, an in-band disconnect error, or nothing heard for the stall timeout.
        case network
        /// HTTP 429 (`TooManyConnections`, or the connect rate limit).
        case tooManyRequests
        /// HTTP 5xx and any other non-200 answer.
        case serverError
    }

    private var attempts: [Cause: Int] = [:]

    public init() {}

    /// The wait before the next attempt after `cause`; `random` in 0..<1 is the jitter (injected).
    public mutating func delay(after cause: Cause, random: Double) -> TimeInterval {
        let attempt = attempts[cause, default: 0]
        attempts[cause] = attempt + 1
        let (first, cap): (TimeInterval, TimeInterval) = switch cause {
        case .network: (1, 60)
        case .tooManyRequests: (60, 960)
        case .serverError: (5, 320)
        }
        let base = min(cap, first * pow(2, Double(min(attempt, 16))))
        return base * (1 + 0.2 * min(max(random, 0), 1))
    }

    /// The connection proved healthy (it delivered something): the next failure waits the shortest again.
    public mutating func reset() { attempts = [:] }
}
