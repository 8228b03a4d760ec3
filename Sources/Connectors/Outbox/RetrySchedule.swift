import Foundation

/// Exponential backoff with full jitter: attempt n waits a random time in [0.5, 1] × min(cap, base × 2^(n-1)).
/// The random source is injected so tests can pin it.
public struct RetrySchedule: Sendable {
    public var base: TimeInterval
    public var cap: TimeInterval
    private let random: @Sendable () -> Double

    public init(base: TimeInterval = 2, cap: TimeInterval = 300, random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }) {
        self.base = base
        self.cap = cap
        self.random = random
    }

    /// A random extra wait in [0, `seconds`]: callers told "not before 14:32" do not all come back at 14:32:00.
    public func jitter(upTo seconds: TimeInterval) -> TimeInterval {
        seconds * min(1, max(0, random()))
    }

    /// The delay before the attempt after `attempts` failed ones.
    public func delay(afterAttempts attempts: Int) -> TimeInterval {
        let exponent = Double(max(0, min(attempts - 1, 30)))
        let ceiling = min(cap, base * pow(2, exponent))
        return ceiling * (0.5 + 0.5 * min(1, max(0, random())))
    }
}
