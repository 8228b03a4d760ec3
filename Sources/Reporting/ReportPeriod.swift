import Domain
import Foundation
import Storage

/// A report's date range in a time zone, cut into intervals; each interval maps to whole roll-up buckets.
public struct ReportPeriod: Sendable, Hashable {
    public enum Step: String, Sendable, CaseIterable, Codable {
        case quarterHour = "15min"
        case hour
        case day
        case week
        case month
    }

    public struct Interval: Sendable, Hashable {
        public var startMs: Int64
        public var endMs: Int64
        /// The interval's start on the zone's wall clock: `2027-03-28` or `2027-03-28 02:15`.
        public var label: String
    }

    public var from: LocalDate
    /// The last day, included.
    public var through: LocalDate
    public var zone: TimeZone
    public var step: Step
    public private(set) var intervals: [Interval] = []

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case reversed
        case tooLong(days: Int, limit: Int)
        case offset(String)

        public var description: String {
            switch self {
            case .reversed: "the range ends before it starts"
            case .tooLong(let days, let limit): "\(days) days at this interval is too long (at most \(limit))"
            case .offset(let zone): "time zone \(zone) is not a whole number of quarter hours from UTC in this range"
            }
        }
    }

    /// The longest range per step: keeps a report's answer to a few thousand intervals.
    public static func limit(of step: Step) -> Int {
        switch step {
        case .quarterHour: 31
        case .hour: 93
        case .day, .week, .month: 3_700
        }
    }

    public init(from: LocalDate, through: LocalDate, zone: TimeZone, step: Step) throws {
        guard from <= through else { throw Problem.reversed }
        let days = through.dayNumber - from.dayNumber + 1
        guard days <= Self.limit(of: step) else { throw Problem.tooLong(days: days, limit: Self.limit(of: step)) }
        self.from = from
        self.through = through
        self.zone = zone
        self.step = step
        self.intervals = try Self.cut(from: from, through: through, zone: zone, step: step)
    }

    public var startMs: Int64 { intervals.first?.startMs ?? 0 }
    public var endMs: Int64 { intervals.last?.endMs ?? 0 }

    /// The bucket ranges that make up each interval: whole hours from the hour roll-ups, the quarter hours at
    /// either edge from the quarter roll-ups.
    public var ranges: [BucketRange] {
        intervals.enumerated().flatMap { index, interval in Self.ranges(index, interval.startMs, interval.endMs) }
    }

    /// The same, reading every whole local day of `days` (the zone of the day grain) inside an interval from the day
    /// roll-ups: a 90-day report in the center's own zone reads 90 day rows per key instead of 2,160 hours.
    public func ranges(days: TimeZone) -> [BucketRange] {
        intervals.enumerated().flatMap { index, interval in Self.ranges(index, interval.startMs, interval.endMs, days: days) }
    }

    /// `start ..< end` as whole days of `zone`, with the parts before the first and after the last read by hours and quarters.
    static func ranges(_ index: Int, _ start: Int64, _ end: Int64, days zone: TimeZone) -> [BucketRange] {
        var first = ReportDays.day(of: start, zone: zone)
        if first.startMs < start { first = ReportDays.day(of: first.endMs, zone: zone) }
        let last = ReportDays.day(of: end, zone: zone)
        let quarter = ReportGrain.quarter.milliseconds
        // Whole days inside, with edges the fixed grains can meet (a zone's midnight is on a quarter hour).
        guard first.number < last.number, first.startMs % quarter == 0, last.startMs % quarter == 0, last.startMs <= end else {
            return ranges(index, start, end)
        }
        var result = [BucketRange(interval: index, grain: .day, lower: first.number, upper: last.number)]
        if start < first.startMs { result += ranges(index, start, first.startMs) }
        if last.startMs < end { result += ranges(index, last.startMs, end) }
        return result
    }

    /// The bucket ranges that make up `start ..< end`, tagged `index`.
    public static func ranges(_ index: Int, _ start: Int64, _ end: Int64) -> [BucketRange] {
        let quarter = ReportGrain.quarter.milliseconds, hour = ReportGrain.hour.milliseconds
        guard start < end else { return [] }
        let firstHour = (start + hour - 1) / hour, lastHour = end / hour
        guard firstHour < lastHour else {
            return [BucketRange(interval: index, grain: .quarter, lower: start / quarter, upper: end / quarter)]
        }
        var result = [BucketRange(interval: index, grain: .hour, lower: firstHour, upper: lastHour)]
        if start < firstHour * hour { result.append(BucketRange(interval: index, grain: .quarter, lower: start / quarter, upper: firstHour * 4)) }
        if lastHour * hour < end { result.append(BucketRange(interval: index, grain: .quarter, lower: lastHour * 4, upper: end / quarter)) }
        return result
    }

    static func cut(from: LocalDate, through: LocalDate, zone: TimeZone, step: Step) throws -> [Interval] {
        let end = millis(zone.instant(of: through.adding(days: 1), second: 0))
        var intervals: [Interval] = []
        switch step {
        case .quarterHour, .hour:
            let width: Int64 = step == .hour ? 3_600_000 : 900_000
            var start = millis(zone.instant(of: from, second: 0))
            while start < end {
                let stop = min(end, start + width)
                intervals.append(Interval(startMs: start, endMs: stop, label: label(start, zone: zone, time: true)))
                start = stop
            }
        case .day, .week, .month:
            var day = from
            while day <= through {
                var next = day.adding(days: 1)
                if step == .week { while next.weekday != .monday && next <= through { next = next.adding(days: 1) } }
                if step == .month { while next.day != 1 && next <= through { next = next.adding(days: 1) } }
                if next > through { next = through.adding(days: 1) }
                intervals.append(Interval(startMs: millis(zone.instant(of: day, second: 0)), endMs: millis(zone.instant(of: next, second: 0)),
                                          label: day.description))
                day = next
            }
        }
        for interval in intervals where interval.startMs % 900_000 != 0 || interval.endMs % 900_000 != 0 {
            _ = interval
            throw Problem.offset(zone.identifier)
        }
        return intervals
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// An instant on the zone's wall clock with its offset: `2027-03-28T02:15:00.250+05:30`.
    public static func timestamp(_ ms: Int64, zone: TimeZone) -> String {
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        let wall = zone.wallClock(of: date)
        let offset = zone.secondsFromGMT(for: date)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = Int(((ms % 1000) + 1000) % 1000)
        let fraction = millis == 0 ? "" : "." + String(String(millis + 1000).dropFirst())
        let sign = offset < 0 ? "-" : "+"
        return "\(wall.date)T\(two(wall.second / 3600)):\(two(wall.second % 3600 / 60)):\(two(wall.second % 60))\(fraction)"
            + "\(sign)\(two(abs(offset) / 3600)):\(two(abs(offset) % 3600 / 60))"
    }

    static func label(_ ms: Int64, zone: TimeZone, time: Bool) -> String {
        let wall = zone.wallClock(of: Date(timeIntervalSince1970: Double(ms) / 1000))
        guard time else { return wall.date.description }
        let hours = wall.second / 3600, minutes = wall.second % 3600 / 60
        return "\(wall.date) \(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes)"
    }
}
