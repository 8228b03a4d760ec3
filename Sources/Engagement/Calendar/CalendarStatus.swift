import Foundation

/// Whether a service is open at a moment and, when it is not, why, what to answer, since when and until when.
public enum CalendarStatus: Equatable, Sendable {
    case open
    case closed(CalendarClosure)

    public var isOpen: Bool { self == .open }

    public var closure: CalendarClosure? {
        if case .closed(let closure) = self { return closure }
        return nil
    }
}

/// One closed moment: its reason, the answer for it, and the closure period it belongs to.
public struct CalendarClosure: Equatable, Sendable {
    public enum Reason: Hashable, Sendable {
        /// A special day's own hours (or the whole day) say closed.
        case specialDay(name: String)
        /// Outside the weekly hours on a regular day.
        case outsideHours
        /// Open by the schedule, but emergency mode is on: switched by a supervisor, or `automatic` because no agent
        /// is logged in.
        case emergency(automatic: Bool)
    }

    public var reason: Reason
    /// The answer to send: the special day's (or else the calendar's closed message), the closed message, or the
    /// emergency message.
    public var message: String
    /// When the closure period began, so a caller answers each contact at most once per period. Nil when it is
    /// further back than the search horizon (or, for a manual emergency, not recorded and the service has not been
    /// open by its schedule within the horizon).
    public var periodStart: Date?
    /// When the schedule opens next; nil if not within the search horizon, or while a supervisor's emergency is on
    /// (it ends when they switch it off, which no calendar can know).
    public var nextOpening: Date?

    public init(reason: Reason, message: String, periodStart: Date?, nextOpening: Date?) {
        self.reason = reason
        self.message = message
        self.periodStart = periodStart
        self.nextOpening = nextOpening
    }
}
