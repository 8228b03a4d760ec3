import Foundation

extension BusinessCalendar {
    /// The calendar's zone; an unknown identifier (which validation reports) falls back to UTC.
    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0)! }

    /// The special day on `date`, if any. A special day for that exact date wins over a yearly one.
    public func specialDay(on date: LocalDate) -> SpecialDay? {
        specialDays.first { $0.date == .date(date) } ?? specialDays.first { $0.date.falls(on: date) }
    }

    /// The spans open on a local date: the special day's own, or else the weekly hours of its weekday.
    public func openSpans(on date: LocalDate) -> (spans: [OpeningSpan], specialDay: SpecialDay?) {
        if let special = specialDay(on: date) { return (special.open.sorted(), special) }
        return (hours[date.weekday].sorted(), nil)
    }

    /// The open spans of a local date as instants, in order, half-open. Spans are wall-clock times, so a span
    /// across the skipped hour of a spring-forward day is an hour shorter, and across a fall-back one an hour longer.
    public func openIntervals(on date: LocalDate) -> [Range<Date>] {
        let zone = self.zone
        return openSpans(on: date).spans.compactMap { span in
            let start = zone.instant(of: date, minute: span.start), end = zone.instant(of: date, minute: span.end)
            return start < end ? start..<end : nil
        }
    }

    /// The date on the calendar's wall at `instant`.
    public func localDate(of instant: Date) -> LocalDate { zone.wallClock(of: instant).date }

    /// Open or closed by the schedule alone (special day, then weekly hours), without emergency mode.
    public enum Status: Equatable, Sendable {
        case open
        case closed
        case specialDay(name: String)
    }

    /// The schedule at `date`. `Engagement` adds emergency mode, the message, the closure period and the next opening.
    public func status(at date: Date) -> Status {
        let day = localDate(of: date)
        if openIntervals(on: day).contains(where: { $0.contains(date) }) { return .open }
        return specialDay(on: day).map { .specialDay(name: $0.name) } ?? .closed
    }
}
