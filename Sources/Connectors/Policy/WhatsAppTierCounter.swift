import Foundation

/// How many unique customers a WhatsApp number may start conversations with in a rolling 24 h (seed 003
/// line 98: "1000, 10,000, or up to 100,000", set by Meta from the number's quality score).
public enum WhatsAppTier: Int, Sendable, Hashable, Codable, CaseIterable {
    case tier1K = 1000
    case tier10K = 10_000
    case tier100K = 100_000

    public var limit: Int { rawValue }
}

/// Counts, per WhatsApp number, the unique customers Parley started (business-initiated) conversations
/// with in the last rolling 24 h, against the number's tier. Pure: every call takes the time.
public struct WhatsAppTierCounter: Sendable, Hashable {
    public enum Check: Sendable, Hashable {
        /// Below the warning threshold.
        case allowed(used: Int, limit: Int)
        /// At or above the warning threshold, below the limit: send, and warn the supervisors.
        case nearLimit(used: Int, limit: Int)
        /// The customer would be one more than the tier allows.
        case limitReached(used: Int, limit: Int)

        public var allowsSend: Bool {
            if case .limitReached = self { false } else { true }
        }
    }

    public var tier: WhatsAppTier
    /// Fraction of the limit at which `check` starts warning.
    public var warnAt: Double
    public var window: TimeInterval
    /// Each customer's latest business-initiated start.
    private var starts: [String: Date] = [:]

    public init(tier: WhatsAppTier, warnAt: Double = 0.8, window: TimeInterval = 24 * 3600) {
        self.tier = tier
        self.warnAt = warnAt
        self.window = window
    }

    /// Unique customers started within the window ending at `now`.
    public func used(now: Date) -> Int {
        starts.values.count(where: { isCounted($0, now: now) })
    }

    /// Whether starting a conversation with `customer` now fits the tier. A customer already counted in the
    /// window costs nothing more, so is always allowed.
    public func check(customer: String, now: Date) -> Check {
        let used = used(now: now)
        let after = starts[customer].map { isCounted($0, now: now) } == true ? used : used + 1
        if after > tier.limit { return .limitReached(used: used, limit: tier.limit) }
        if Double(after) >= warnAt * Double(tier.limit) { return .nearLimit(used: after, limit: tier.limit) }
        return .allowed(used: after, limit: tier.limit)
    }

    /// Records a business-initiated start, and forgets starts that have left the window.
    public mutating func record(customer: String, at date: Date) {
        if let previous = starts[customer], previous > date { return }
        starts[customer] = date
        starts = starts.filter { isCounted($0.value, now: date) }
    }

    private func isCounted(_ start: Date, now: Date) -> Bool {
        start <= now && now.timeIntervalSince(start) < window
    }
}
