import Domain
import Foundation

/// Reads the VEVENTs of an iCalendar (.ics) file as closures: holidays and other special days (RFC 5545).
///
/// Supported: folded lines; all-day events (`DTSTART;VALUE=DATE:20271225`, DTEND exclusive, several days);
/// timed events in UTC (`…Z`), in a named zone (`TZID=Europe/Madrid`) or floating (read in `timeZone`);
/// DTEND or DURATION; `RRULE:FREQ=YEARLY` with INTERVAL, COUNT or UNTIL; EXDATE; escaped SUMMARY text.
/// Events with other recurrence rules (RRULE with BYDAY, FREQ=MONTHLY…, RDATE, RECURRENCE-ID overrides) are not
/// imported and are listed in `skipped` with their summary and line. Cancelled events (`STATUS:CANCELLED`) are
/// ignored. VTIMEZONE definitions are not read: TZIDs must be IANA names.
public struct ICalendarImport: Sendable {
    public var events: [ICalendarEvent]
    /// Events left out because Parley cannot expand them faithfully.
    public var skipped: [ICalendarIssue]
    /// The zone for floating times and for the range boundaries of `closures(from:to:)`.
    public var timeZone: TimeZone

    public init(events: [ICalendarEvent], skipped: [ICalendarIssue] = [], timeZone: TimeZone) {
        self.events = events
        self.skipped = skipped
        self.timeZone = timeZone
    }

    /// Parses a whole file. Throws every structural problem (not a VCALENDAR, an event without DTSTART, a bad
    /// date, an end before the start…) with its line.
    public init(parsing text: String, timeZone: TimeZone = TimeZone(secondsFromGMT: 0)!) throws(ICalendarError) {
        let lines = try ICalendarContentLine.parse(text)
        guard let first = lines.first, first.name == "BEGIN", first.value.uppercased() == "VCALENDAR" else {
            let found = lines.first.map { "\($0.name):\($0.value)".prefix(60) } ?? "an empty file"
            throw ICalendarError([ICalendarIssue(line: lines.first?.line ?? 1, "not an iCalendar file: expected BEGIN:VCALENDAR, found \(found)")])
        }
        var issues: [ICalendarIssue] = []
        var skipped: [ICalendarIssue] = []
        var events: [ICalendarEvent] = []
        var open: [(component: String, line: Int)] = []
        var properties: [ICalendarContentLine] = []
        for line in lines {
            switch line.name {
            case "BEGIN":
                let component = line.value.uppercased()
                if open.isEmpty && component != "VCALENDAR" {
                    issues.append(ICalendarIssue(line: line.line, "BEGIN:\(component) outside a VCALENDAR"))
                }
                open.append((component, line.line))
                if component == "VEVENT" { properties = [] }
            case "END":
                let component = line.value.uppercased()
                guard let last = open.last, last.component == component else {
                    issues.append(ICalendarIssue(line: line.line, "END:\(component) does not close \(open.last.map { "BEGIN:\($0.component) (line \($0.line))" } ?? "anything")"))
                    continue
                }
                open.removeLast()
                if component == "VEVENT" {
                    switch Self.event(from: properties, beginLine: last.line) {
                    case .event(let event): events.append(event)
                    case .skipped(let issue): skipped.append(issue)
                    case .cancelled: break
                    case .invalid(let problems): issues += problems
                    }
                }
            default:
                if open.last?.component == "VEVENT" { properties.append(line) }
                if open.isEmpty { issues.append(ICalendarIssue(line: line.line, "\(line.name) outside a VCALENDAR")) }
            }
        }
        for unclosed in open.reversed() {
            issues.append(ICalendarIssue(line: unclosed.line, "BEGIN:\(unclosed.component) has no END:\(unclosed.component)"))
        }
        guard issues.isEmpty else { throw ICalendarError(issues) }
        self.init(events: events, skipped: skipped, timeZone: timeZone)
    }
}
