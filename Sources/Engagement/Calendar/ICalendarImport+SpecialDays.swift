import Domain
import Foundation

extension ICalendarImport {
    /// The events as special days of `calendar`, for the dates `from` up to (not including) `to`.
    ///
    /// - An all-day event closes its days. One that repeats every year for ever and starts no later than `from`
    ///   becomes yearly special days (`--12-25`); every other event becomes dated ones.
    /// - A timed event closes only its part of the day (read in the calendar's zone): that day's hours become the
    ///   weekly hours of its weekday minus the closed time. Christmas Eve closing at 14:00 on a 09:00–18:00 day is
    ///   open 09:00–14:00; an event across midnight closes the end of one day and the start of the next.
    /// - Closures on the same date combine (their names joined with " / ").
    ///
    /// Each special day gets `message` (empty: the calendar's closed message is sent).
    public func specialDays(for calendar: BusinessCalendar, from: LocalDate, to: LocalDate, message: String = "") -> [SpecialDay] {
        let zone = calendar.zone
        var yearly: [SpecialDay.Occurrence: [String]] = [:]
        var yearlyOrder: [SpecialDay.Occurrence] = []
        var dated: [LocalDate: (names: [String], closed: [OpeningSpan])] = [:]
        func close(_ date: LocalDate, _ span: OpeningSpan, name: String) {
            guard date >= from && date < to && span.start < span.end else { return }
            var entry = dated[date] ?? ([], [])
            if !entry.names.contains(name) { entry.names.append(name) }
            entry.closed.append(span)
            dated[date] = entry
        }
        for event in events {
            if event.isAllDay, let recurrence = event.recurrence, recurrence.isEveryYearForever, event.exceptions.isEmpty, event.start.date <= from {
                for dayNumber in event.start.date.dayNumber..<event.end.date.dayNumber {
                    let day = LocalDate(dayNumber: dayNumber)
                    let occurrence = SpecialDay.Occurrence.yearly(month: day.month, day: day.day)
                    if yearly[occurrence] == nil { yearlyOrder.append(occurrence) }
                    if !(yearly[occurrence] ?? []).contains(event.name) { yearly[occurrence, default: []].append(event.name) }
                }
                continue
            }
            for closure in closures(of: event, from: from, to: to) {
                switch closure {
                case .allDay(let name, let date): close(date, OpeningSpan(start: 0, end: OpeningSpan.minutesPerDay), name: name)
                case .timed(let name, let start, let end):
                    let first = zone.wallClock(of: start), last = zone.wallClock(of: end)
                    for dayNumber in first.date.dayNumber...last.date.dayNumber {
                        let day = LocalDate(dayNumber: dayNumber)
                        let startMinute = day == first.date ? first.second / 60 : 0
                        let endMinute = day == last.date ? (last.second + 59) / 60 : OpeningSpan.minutesPerDay
                        close(day, OpeningSpan(start: startMinute, end: endMinute), name: name)
                    }
                }
            }
        }
        var days: [SpecialDay] = yearlyOrder.map { SpecialDay(date: $0, name: yearly[$0]!.joined(separator: " / "), message: message) }
        for (date, entry) in dated.sorted(by: { $0.key < $1.key }) {
            var names = entry.names
            var closed = entry.closed
            if let yearlyDay = yearlyOrder.first(where: { $0.falls(on: date) }) {
                names = yearly[yearlyDay]! + names.filter { !yearly[yearlyDay]!.contains($0) }
                closed.append(OpeningSpan(start: 0, end: OpeningSpan.minutesPerDay))
            }
            let open = Self.subtract(closed, from: calendar.hours[date.weekday])
            days.append(SpecialDay(date: date, name: names.joined(separator: " / "), open: open, message: message))
        }
        return days
    }

    /// One event's closures in the calendar's date range (in the import's zone, widened by a day each side so no
    /// timed closure near a boundary is lost; `close` trims to the range in the calendar's zone).
    private func closures(of event: ICalendarEvent, from: LocalDate, to: LocalDate) -> [ImportedClosure] {
        ICalendarImport(events: [event], timeZone: timeZone).closures(from: from.adding(days: -1), to: to.adding(days: 1))
    }

    /// `open` without the minutes in `closed`.
    static func subtract(_ closed: [OpeningSpan], from open: [OpeningSpan]) -> [OpeningSpan] {
        var remaining = open.sorted()
        for cut in closed {
            remaining = remaining.flatMap { span -> [OpeningSpan] in
                guard span.overlaps(cut) else { return [span] }
                return [OpeningSpan(start: span.start, end: cut.start), OpeningSpan(start: cut.end, end: span.end)].filter { $0.start < $0.end }
            }
        }
        return remaining
    }
}
