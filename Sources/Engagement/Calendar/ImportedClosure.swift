import Domain
import Foundation

/// One concrete closure from an iCalendar file: a whole day, or a span of time.
/// Encodes as `{"name", "date": "YYYY-MM-DD"}` or `{"name", "start", "end"}` with ISO 8601 UTC times.
public enum ImportedClosure: Hashable, Sendable, Comparable, Encodable {
    case allDay(name: String, date: LocalDate)
    case timed(name: String, start: Date, end: Date)

    public var name: String {
        switch self {
        case .allDay(let name, _), .timed(let name, _, _): name
        }
    }

    /// Orders by when the closure begins (a whole day by its midnight in `UTC`), then by name.
    private var sortKey: (Double, String) {
        switch self {
        case .allDay(let name, let date): (Double(date.dayNumber) * 86_400, name)
        case .timed(let name, let start, _): (start.timeIntervalSince1970, name)
        }
    }

    public static func < (lhs: ImportedClosure, rhs: ImportedClosure) -> Bool { lhs.sortKey < rhs.sortKey }

    private enum CodingKeys: String, CodingKey { case name, date, start, end }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        switch self {
        case .allDay(_, let date):
            try container.encode(date.description, forKey: .date)
        case .timed(_, let start, let end):
            try container.encode(Self.utc(start), forKey: .start)
            try container.encode(Self.utc(end), forKey: .end)
        }
    }

    /// `2027-12-24T13:00:00Z`.
    public static func utc(_ instant: Date) -> String {
        let wall = TimeZone(secondsFromGMT: 0)!.wallClock(of: instant)
        let second = wall.second
        return "\(wall.date)T\(OpeningSpan.clock(second / 60)):\(second % 60 < 10 ? "0" : "")\(second % 60)Z"
    }
}
