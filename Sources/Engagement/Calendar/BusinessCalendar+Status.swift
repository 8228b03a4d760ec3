import Domain
import Foundation

extension BusinessCalendar {
    /// How many days before and after a moment the schedule is searched for openings and closings.
    public static let searchHorizonDays = 366

    /// The service at `instant`, checked in the reference order (seed 000 lines 96–117): a special day first, then
    /// the weekly hours, then emergency mode. The first check that closes wins, so on a closed special day the
    /// special day's message is sent even during an emergency; emergency mode closes a service that its schedule
    /// (special day or weekly hours) has open. `anyAgentLoggedIn` drives the automatic emergency.
    public func status(at instant: Date, anyAgentLoggedIn: Bool) -> CalendarStatus {
        let day = localDate(of: instant)
        let today = openIntervals(on: day)
        guard let open = today.first(where: { $0.contains(instant) }) else {
            let special = specialDay(on: day)
            let reason: CalendarClosure.Reason = special.map { .specialDay(name: $0.name) } ?? .outsideHours
            let message = special.map { $0.message.isEmpty ? closedMessage : $0.message } ?? closedMessage
            var periodStart = scheduleClosedSince(instant, on: day)
            if let since = emergencySince(before: instant) { periodStart = min(periodStart ?? since, since) }
            return .closed(CalendarClosure(reason: reason, message: message, periodStart: periodStart,
                                           nextOpening: emergency.enabled ? nil : nextScheduledOpening(after: instant, on: day)))
        }
        let automatic = emergency.automaticWhenNoAgentLoggedIn && !anyAgentLoggedIn
        guard emergency.enabled || automatic else { return .open }
        let periodStart = emergencySince(before: instant) ?? scheduleOpenSince(open, on: day)
        return .closed(CalendarClosure(reason: .emergency(automatic: !emergency.enabled), message: emergency.message, periodStart: periodStart,
                                       nextOpening: nil))
    }

    /// When a supervisor's emergency (switched on at a recorded time) began to keep the service closed: the switch
    /// itself, or, if it was switched on while the schedule had the service closed, when that closure began. From
    /// then on the service has been closed without a break, by the schedule or by the emergency.
    func emergencySince(before instant: Date) -> Date? {
        guard emergency.enabled, let since = emergency.since, since <= instant else { return nil }
        let day = localDate(of: since)
        if openIntervals(on: day).contains(where: { $0.contains(since) }) { return since }
        return scheduleClosedSince(since, on: day) ?? since
    }

    /// The first moment after `instant` (which is closed) at which the schedule opens.
    func nextScheduledOpening(after instant: Date, on day: LocalDate) -> Date? {
        for offset in 0...Self.searchHorizonDays {
            if let start = openIntervals(on: day.adding(days: offset)).first(where: { $0.lowerBound >= instant })?.lowerBound { return start }
        }
        return nil
    }

    /// When the schedule last closed before `instant` (which is closed): the end of the last open interval.
    func scheduleClosedSince(_ instant: Date, on day: LocalDate) -> Date? {
        for offset in 0...Self.searchHorizonDays {
            if let end = openIntervals(on: day.adding(days: -offset)).last(where: { $0.upperBound <= instant })?.upperBound { return end }
        }
        return nil
    }

    /// When the schedule's open stretch containing `interval` began, following intervals that end where the next
    /// starts (18:00–24:00 then 00:00–02:00, or 09:00–12:00 then 12:00–13:00).
    func scheduleOpenSince(_ interval: Range<Date>, on day: LocalDate) -> Date {
        var start = interval.lowerBound
        var day = day
        for _ in 0...Self.searchHorizonDays {
            let candidates = openIntervals(on: day) + openIntervals(on: day.adding(days: -1))
            guard let previous = candidates.first(where: { $0.upperBound == start }) else { break }
            start = previous.lowerBound
            day = localDate(of: start)
        }
        return start
    }
}
