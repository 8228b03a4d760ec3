import Domain
import Foundation

extension ICalendarImport {
    enum EventOutcome {
        case event(ICalendarEvent)
        case skipped(ICalendarIssue)
        case cancelled
        case invalid([ICalendarIssue])
    }

    /// Builds one event from the properties between BEGIN:VEVENT and END:VEVENT.
    static func event(from properties: [ICalendarContentLine], beginLine: Int) -> EventOutcome {
        func first(_ name: String) -> ICalendarContentLine? { properties.first { $0.name == name } }
        let name = first("SUMMARY").map { ICalendarContentLine.unescapeText($0.value) } ?? "(no summary)"
        let label = "event '\(name)'"
        if first("STATUS")?.value.uppercased() == "CANCELLED" { return .cancelled }
        var issues: [ICalendarIssue] = []
        func time(_ line: ICalendarContentLine) -> ICalendarTime? {
            switch ICalendarTime.parse(line.value, valueType: line.parameters["VALUE"], tzid: line.parameters["TZID"]) {
            case .success(let time): return time
            case .failure(let problem):
                issues.append(ICalendarIssue(line: line.line, "\(label): \(line.name) \(problem.message)"))
                return nil
            }
        }
        guard let startLine = first("DTSTART") else {
            return .invalid([ICalendarIssue(line: beginLine, "\(label) has no DTSTART; every event needs a start")])
        }
        guard let start = time(startLine) else { return .invalid(issues) }
        var end: ICalendarTime
        if let endLine = first("DTEND") {
            guard let parsed = time(endLine) else { return .invalid(issues) }
            guard parsed.isDate == start.isDate else {
                return .invalid([ICalendarIssue(line: endLine.line, "\(label): DTEND and DTSTART must both be dates or both date-times")])
            }
            end = parsed
        } else if let durationLine = first("DURATION") {
            guard let duration = ICalendarTime.parseDuration(durationLine.value) else {
                return .invalid([ICalendarIssue(line: durationLine.line, "\(label): DURATION '\(durationLine.value)' is not a duration such as P1D or PT4H")])
            }
            end = start.moved(days: duration.days, seconds: start.isDate ? 0 : duration.seconds)
        } else if start.isDate {
            end = start.moved(days: 1)
        } else {
            return .invalid([ICalendarIssue(line: startLine.line, "\(label) has a DTSTART time but no DTEND or DURATION; say when the closure ends")])
        }
        let utc = TimeZone(secondsFromGMT: 0)!
        guard end.instant(floating: utc) > start.instant(floating: utc) else {
            let endLine = first("DTEND") ?? first("DURATION") ?? startLine
            return .invalid([ICalendarIssue(line: endLine.line, "\(label) ends before or when it starts")])
        }
        for unsupported in ["RDATE", "RECURRENCE-ID"] {
            if let line = first(unsupported) {
                return .skipped(ICalendarIssue(line: line.line, "\(label) was not imported: \(unsupported) is not supported"))
            }
        }
        var recurrence: YearlyRecurrence?
        let rules = properties.filter { $0.name == "RRULE" }
        if rules.count > 1 {
            return .skipped(ICalendarIssue(line: rules[1].line, "\(label) was not imported: more than one RRULE is not supported"))
        }
        if let rule = rules.first {
            switch YearlyRecurrence.parse(rule.value, start: start) {
            case .success(let parsed): recurrence = parsed
            case .failure(let problem):
                return .skipped(ICalendarIssue(
                    line: rule.line,
                    "\(label) was not imported: RRULE:\(rule.value): \(problem.message) (Parley imports FREQ=YEARLY on the start's month and day, with INTERVAL, COUNT or UNTIL)"))
            }
        }
        var exceptions: [ICalendarTime] = []
        for line in properties where line.name == "EXDATE" {
            for value in line.value.split(separator: ",") {
                var single = line
                single.value = String(value)
                if let exception = time(single) { exceptions.append(exception) }
            }
        }
        guard issues.isEmpty else { return .invalid(issues) }
        return .event(ICalendarEvent(name: name, line: beginLine, start: start, end: end, recurrence: recurrence, exceptions: exceptions))
    }
}
