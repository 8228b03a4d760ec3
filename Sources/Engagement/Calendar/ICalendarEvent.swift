import Domain
import Foundation

/// One imported VEVENT: a closure from `start` up to (not including) `end`, possibly every year.
public struct ICalendarEvent: Hashable, Sendable {
    /// The SUMMARY, unescaped.
    public var name: String
    /// The line of its BEGIN:VEVENT.
    public var line: Int
    public var start: ICalendarTime
    /// Exclusive; for whole dates the day after the last one.
    public var end: ICalendarTime
    public var recurrence: YearlyRecurrence?
    /// EXDATE values: occurrences starting then are left out.
    public var exceptions: [ICalendarTime]

    public init(name: String, line: Int, start: ICalendarTime, end: ICalendarTime, recurrence: YearlyRecurrence? = nil,
                exceptions: [ICalendarTime] = []) {
        self.name = name
        self.line = line
        self.start = start
        self.end = end
        self.recurrence = recurrence
        self.exceptions = exceptions
    }

    public var isAllDay: Bool { start.isDate }

    /// Every occurrence that starts in or before `lastYear`, as (start, end) with the event's own wall-clock length.
    public func occurrences(through lastYear: Int, floating zone: TimeZone) -> [(start: ICalendarTime, end: ICalendarTime)] {
        let offsets = recurrence?.yearOffsets(start: start.date, through: lastYear) { offset in
            guard let until = recurrence?.until else { return false }
            let shifted = shift(start, years: offset)
            if case .date(let last) = until { return shifted.date > last }
            return shifted.instant(floating: zone) > until.instant(floating: zone)
        } ?? (start.date.year <= lastYear ? [0] : [])
        return offsets.compactMap { offset in
            let occurrenceStart = shift(start, years: offset)
            let excluded = exceptions.contains { exception in
                exception.isDate || occurrenceStart.isDate
                    ? exception.date == occurrenceStart.date : exception.instant(floating: zone) == occurrenceStart.instant(floating: zone)
            }
            guard !excluded else { return nil }
            return (occurrenceStart, occurrenceEnd(startingAt: occurrenceStart, floating: zone))
        }
    }

    private func shift(_ time: ICalendarTime, years: Int) -> ICalendarTime {
        guard years != 0 else { return time }
        let moved = LocalDate(year: time.date.year + years, month: time.date.month, day: time.date.day)
        return time.moved(days: moved.dayNumber - time.date.dayNumber)
    }

    /// The end keeps the wall-clock length when start and end share a zone (a 09:00–14:00 closure stays 09:00–14:00
    /// across DST), and the exact length otherwise.
    private func occurrenceEnd(startingAt occurrenceStart: ICalendarTime, floating zone: TimeZone) -> ICalendarTime {
        if occurrenceStart == start { return end }
        switch (start, end) {
        case (.dateTime(_, _, let startZone), .dateTime(_, _, let endZone)) where startZone != endZone:
            let length = end.instant(floating: zone).timeIntervalSince(start.instant(floating: zone))
            let endInstant = occurrenceStart.instant(floating: zone).addingTimeInterval(length)
            let wall = TimeZone(secondsFromGMT: 0)!.wallClock(of: endInstant)
            return .dateTime(wall.date, second: wall.second, zone: .utc)
        default:
            return occurrenceStart.moved(days: 0, seconds: end.wallSeconds - start.wallSeconds)
        }
    }
}
