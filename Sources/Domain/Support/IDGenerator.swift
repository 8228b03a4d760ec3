import Foundation

/// Makes new identifiers. Injected so tests can predict them.
public protocol IDGenerator: Sendable {
    func make() -> String
}

/// Random, time-ordered identifiers (48-bit millisecond time + 80 random bits, lowercase hex):
/// they sort by creation time, which keeps B-tree inserts cheap.
public struct TimeOrderedIDGenerator: IDGenerator {
    private let clock: any WallClock

    public init(clock: any WallClock = SystemClock()) { self.clock = clock }

    public func make() -> String {
        let millis = UInt64(max(0, clock.now().timeIntervalSince1970 * 1000))
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt16
        return hex(millis & 0xFFFF_FFFF_FFFF, width: 12) + hex(high, width: 16) + hex(UInt64(low), width: 4)
    }

    private func hex(_ value: UInt64, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// Deterministic identifiers for tests: `prefix-1`, `prefix-2`, …
public final class SequentialIDGenerator: IDGenerator, @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let prefix: String

    public init(prefix: String = "id") { self.prefix = prefix }

    public func make() -> String {
        lock.withLock {
            next += 1
            return "\(prefix)-\(next)"
        }
    }
}
