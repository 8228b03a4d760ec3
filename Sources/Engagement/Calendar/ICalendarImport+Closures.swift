import Domain
import Foundation

extension ICalendarImport {
    /// Every closure on the days `from` up to (not including) `to`: whole days in that range, and timed closures
    /// that overlap it (the range's midnights read in `timeZone`). Sorted by start.
    public func closures(from: LocalDate, to: LocalDate) -> [ImportedClosure] {
        let rangeStart = timeZone.instant(of: from, second: 0), rangeEnd = timeZone.instant(of: to, second: 0)
        var closures: [ImportedClosure] = []
        for event in events {
            for occurrence in event.occurrences(through: to.year, floating: timeZone) {
                if occurrence.start.isDate {
                    for dayNumber in occurrence.start.date.dayNumber..<occurrence.end.date.dayNumber {
                        let day = LocalDate(dayNumber: dayNumber)
                        if day >= from && day < to { closures.append(.allDay(name: event.name, date: day)) }
                    }
                } else {
                    let start = occurrence.start.instant(floating: timeZone), end = occurrence.end.instant(floating: timeZone)
                    if start < rangeEnd && end > rangeStart { closures.append(.timed(name: event.name, start: start, end: end)) }
                }
            }
        }
        return closures.sorted()
    }
}
