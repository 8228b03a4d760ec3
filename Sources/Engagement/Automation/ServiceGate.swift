import Domain
import Foundation

/// Whether a new interaction may go to routing now: its channel's calendar (or else its workgroup's) decides,
/// checked in the reference order special day → opening hours → emergency. Pure: everything it needs is passed in.
public enum ServiceGate: Equatable, Sendable {
    case open
    case closed(calendar: BusinessCalendar.ID, CalendarClosure)

    /// The calendar that governs an interaction of `channel` queued in `workgroup`.
    public static func calendar(
        channel: Channel?, workgroup: Workgroup.ID?, workgroups: [Workgroup.ID: Workgroup], calendars: [BusinessCalendar.ID: BusinessCalendar]
    ) -> BusinessCalendar? {
        if let id = channel?.calendarID { return calendars[id] }
        if let id = (workgroup ?? channel?.workgroupID).flatMap({ workgroups[$0]?.calendarID }) { return calendars[id] }
        return nil
    }

    public static func evaluate(_ calendar: BusinessCalendar?, at now: Date, anyAgentLoggedIn: Bool) -> ServiceGate {
        guard let calendar else { return .open }
        switch calendar.status(at: now, anyAgentLoggedIn: anyAgentLoggedIn) {
        case .open: return .open
        case .closed(let closure): return .closed(calendar: calendar.id, closure)
        }
    }
}

extension CalendarClosure {
    /// `special_day`, `outside_hours` or `emergency`: the reason as events and reports name it.
    public var reasonCode: String {
        switch reason {
        case .specialDay: "special_day"
        case .outsideHours: "outside_hours"
        case .emergency: "emergency"
        }
    }

    /// Names this closure period for "at most one answer per contact per period": the calendar and when the
    /// period began (or, when that is unknown, when it ends). The reason is not part of it: a closure from Friday
    /// evening to Tuesday morning with a holiday on Monday is one period, and the customer hears from Parley once.
    public func periodKey(calendar: BusinessCalendar.ID) -> String {
        let anchor = periodStart.map { "from-\(Int($0.timeIntervalSince1970))" }
            ?? nextOpening.map { "until-\(Int($0.timeIntervalSince1970))" } ?? "open-ended"
        return "\(calendar):\(anchor)"
    }
}
