import Domain
import Foundation

extension ICalendarImport {
    /// One line per event for people: when, what, how long, how often.
    public var summaryLines: [String] {
        events.map { event in
            var when: String
            switch (event.start, event.end) {
            case (.date(let first), .date(let end)):
                let days = end.dayNumber - first.dayNumber
                when = days == 1 ? "\(first) all day" : "\(first) all day, \(days) days"
            default:
                let length = Int(event.end.instant(floating: timeZone).timeIntervalSince(event.start.instant(floating: timeZone)))
                when = "\(ImportedClosure.utc(event.start.instant(floating: timeZone))) for \(Self.hoursAndMinutes(length))"
            }
            if let recurrence = event.recurrence {
                when += recurrence.interval == 1 ? ", every year" : ", every \(recurrence.interval) years"
                if let count = recurrence.count { when += ", \(count) times" }
                if let until = recurrence.until { when += ", until \(until.date)" }
            }
            if !event.exceptions.isEmpty { when += ", except \(event.exceptions.map { "\($0.date)" }.joined(separator: ", "))" }
            return "line \(event.line): \(event.name.replacingOccurrences(of: "\n", with: " ")) — \(when)"
        }
    }

    private static func hoursAndMinutes(_ seconds: Int) -> String {
        let minutes = seconds / 60
        return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
    }
}
