import Foundation

/// Opening hours of a service: a weekly schedule in one time zone plus special days (holidays, events)
/// that replace the schedule for a date.
public struct BusinessCalendar: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<BusinessCalendar>

    public var id: ID
    public var name: String
    public var timeZone: String
    /// Opening spans per weekday, 1 = Sunday … 7 = Saturday (Foundation's numbering).
    public var weekly: [Int: [OpeningSpan]]
    public var specialDays: [SpecialDay]

    public init(id: ID, name: String, timeZone: String, weekly: [Int: [OpeningSpan]], specialDays: [SpecialDay] = []) {
        self.id = id
        self.name = name
        self.timeZone = timeZone
        self.weekly = weekly
        self.specialDays = specialDays
    }

    /// Why the service is open or closed at a moment.
    public enum Status: Equatable, Sendable {
        case open
        case closed
        case specialDay(name: String)
    }

    /// Whether the service is open at `date`. A special day on that local date wins over the weekly schedule.
    public func status(at date: Date) -> Status {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0)!
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let localDay = LocalDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
        if let special = specialDays.first(where: { $0.date == localDay }) {
            return special.open.contains { $0.contains(minute) } ? .open : .specialDay(name: special.name)
        }
        let spans = weekly[parts.weekday ?? 0] ?? []
        return spans.contains { $0.contains(minute) } ? .open : .closed
    }
}

/// Minutes after local midnight, `start` inclusive, `end` exclusive.
public struct OpeningSpan: Codable, Sendable, Hashable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public func contains(_ minute: Int) -> Bool { minute >= start && minute < end }
}

public struct SpecialDay: Codable, Sendable, Hashable {
    public var date: LocalDate
    public var name: String
    /// Empty: closed all day.
    public var open: [OpeningSpan]

    public init(date: LocalDate, name: String, open: [OpeningSpan] = []) {
        self.date = date
        self.name = name
        self.open = open
    }
}

public struct LocalDate: Codable, Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
}
