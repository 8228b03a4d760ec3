import Foundation

/// Interactions whose window is about to close while they wait gain priority and are flagged to
/// supervisors: after the window they "cannot be responded to" (seed 003 line 245).
public struct WindowUrgency: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable, Codable {
        /// No window, or it closes later than `horizon`.
        case calm
        /// Closes within `horizon`.
        case closing
        /// Closed: nothing but a template (WhatsApp) or a customer message can reopen it.
        case closed
    }

    public struct Assessment: Sendable, Hashable {
        public var level: Level
        /// Added to the interaction's priority: 0 up to `maxBoost`, growing as the deadline nears.
        public var boost: Int
        /// For the supervisors' view: "closes in 47 min", "window closed 5 min ago: cannot be responded to".
        public var flag: String?
    }

    /// How long before the window closes the boost starts.
    public var horizon: TimeInterval
    public var maxBoost: Int

    public init(horizon: TimeInterval = 4 * 3600, maxBoost: Int = 100) {
        self.horizon = horizon
        self.maxBoost = maxBoost
    }

    /// The boost rises linearly from 1 as the interaction enters the horizon to `maxBoost` at the deadline;
    /// it never falls while time passes before the window closes.
    public func assess(closesAt: Date?, now: Date) -> Assessment {
        guard let closesAt else { return Assessment(level: .calm, boost: 0, flag: nil) }
        let remaining = closesAt.timeIntervalSince(now)
        if remaining <= 0 {
            return Assessment(level: .closed, boost: 0,
                              flag: "window closed \(DurationText.format(-remaining)) ago: cannot be responded to")
        }
        guard remaining <= horizon, horizon > 0 else { return Assessment(level: .calm, boost: 0, flag: nil) }
        let elapsed = 1 - remaining / horizon
        let boost = max(1, Int((elapsed * Double(maxBoost)).rounded(.up)))
        return Assessment(level: .closing, boost: min(boost, maxBoost), flag: "closes in \(DurationText.format(remaining))")
    }

    public func assess(_ window: SendWindow, now: Date) -> Assessment {
        assess(closesAt: window.closesAt, now: now)
    }
}
