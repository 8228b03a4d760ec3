import Domain
import Foundation
import Storage

/// The local days of the report zone (`reports.time_zone`), the buckets of the day grain: bucket `n` is the date
/// with day number `n`, from its first instant (local midnight, or the moment the clock jumps over it) to the next
/// day's. A day lasts 23, 24 or 25 hours across a daylight-saving change.
public struct ReportDays: Sendable {
    public struct Day: Sendable, Hashable {
        public var number: Int64
        public var startMs: Int64
        public var endMs: Int64

        public func contains(_ millis: Int64) -> Bool { startMs <= millis && millis < endMs }

        init(_ date: LocalDate, zone: TimeZone) {
            number = Int64(date.dayNumber)
            startMs = ReportDays.start(of: date, zone: zone)
            endMs = ReportDays.start(of: date.adding(days: 1), zone: zone)
        }
    }

    public let zone: TimeZone
    /// The day found last: events arrive in time order, so it almost always holds the next one.
    private var recent: Day?

    public init(zone: TimeZone) {
        self.zone = zone
    }

    /// The day holding `millis`, remembered for the next call.
    public mutating func day(of millis: Int64) -> Day {
        if let recent, recent.contains(millis) { return recent }
        let found = Self.day(of: millis, zone: zone)
        recent = found
        return found
    }

    /// The day holding `millis`. Days are cut at each date's first instant, as report intervals are, so they never
    /// overlap: were a clock to fall back across midnight (01:00 back to 23:00), the date seen again would belong
    /// to the day that had already begun.
    public static func day(of millis: Int64, zone: TimeZone) -> Day {
        var date = zone.wallClock(of: Date(timeIntervalSince1970: Double(millis) / 1000)).date
        var day = Day(date, zone: zone)
        while !day.contains(millis) {
            date = date.adding(days: millis < day.startMs ? -1 : 1)
            day = Day(date, zone: zone)
        }
        return day
    }

    /// The first instant of `date` in `zone`.
    public static func start(of date: LocalDate, zone: TimeZone) -> Int64 { ReportFold.millis(zone.instant(of: date, second: 0)) }

    /// `from ..< to` cut at the days' edges.
    public mutating func split(from: Int64, to: Int64) -> [(bucket: Int64, milliseconds: Int64)] {
        var parts: [(bucket: Int64, milliseconds: Int64)] = []
        var cursor = from
        while cursor < to {
            let day = day(of: cursor)
            let upper = min(to, day.endMs)
            parts.append((day.number, upper - cursor))
            cursor = upper
        }
        return parts
    }
}
