import Foundation

extension BusinessCalendar {
    /// Every problem with the calendar, each naming its item, e.g.
    /// `calendars[support].hours.monday[1]: 12:00–11:00 ends before it starts`. Indexes count from 0.
    public func problems() -> [String] {
        let item = "calendars[\(id)]"
        var problems: [String] = []
        if TimeZone(identifier: timeZone) == nil {
            problems.append("\(item).time_zone: '\(timeZone)' is not a known IANA time zone (such as Europe/Madrid or America/New_York)")
        }
        for day in Weekday.allCases {
            problems += Self.spanProblems(hours[day], item: "\(item).hours.\(day.rawValue)", short: day.rawValue)
        }
        var seen: [SpecialDay.Occurrence: Int] = [:]
        for (index, special) in specialDays.enumerated() {
            let label = "\(item).special_days[\(index)] (\(special.name.isEmpty ? "unnamed" : special.name), \(special.date))"
            if !special.date.isValid {
                problems.append("\(label): \(special.date) is not a valid date")
            } else if let first = seen[special.date] {
                problems.append("\(label): the same date as special_days[\(first)] (\(specialDays[first].name)); keep one")
            } else {
                seen[special.date] = index
            }
            if special.name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(label): give the special day a name") }
            problems += Self.spanProblems(special.open, item: "\(label).open", short: "open")
        }
        return problems
    }

    /// Out-of-range, empty, reversed and overlapping spans of one day.
    static func spanProblems(_ spans: [OpeningSpan], item: String, short: String) -> [String] {
        var problems: [String] = []
        for (index, span) in spans.enumerated() {
            let label = "\(item)[\(index)]: \(span)"
            if !(0..<OpeningSpan.minutesPerDay).contains(span.start) {
                problems.append("\(label) starts outside the day (00:00 to 23:59)")
            } else if !(1...OpeningSpan.minutesPerDay).contains(span.end) {
                problems.append("\(label) ends outside the day (00:01 to 24:00)")
            } else if span.end < span.start {
                problems.append("\(label) ends before it starts")
            } else if span.end == span.start {
                problems.append("\(label) is empty (it ends when it starts)")
            }
        }
        for (first, firstSpan) in spans.enumerated() where firstSpan.start < firstSpan.end {
            for (second, secondSpan) in spans.enumerated().dropFirst(first + 1) where secondSpan.start < secondSpan.end && firstSpan.overlaps(secondSpan) {
                problems.append("\(item)[\(second)]: \(secondSpan) overlaps \(short)[\(first)] \(firstSpan)")
            }
        }
        return problems
    }
}
