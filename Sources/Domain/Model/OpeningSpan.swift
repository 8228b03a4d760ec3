import Foundation

/// Opening time within one local day, in minutes after midnight: `start` inclusive, `end` exclusive.
/// `end` may be 1440 (24:00), the next midnight.
public struct OpeningSpan: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let minutesPerDay = 1440

    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Parses `"09:00-12:30"` (a hyphen or an en dash); nil if either side is not a clock time `HH:MM` up to 24:00.
    public init?(_ text: some StringProtocol) {
        let sides = text.split(whereSeparator: { $0 == "-" || $0 == "–" }).map { $0.trimmingCharacters(in: .whitespaces) }
        guard sides.count == 2, let start = Self.minutes(sides[0]), let end = Self.minutes(sides[1]) else { return nil }
        self.init(start: start, end: end)
    }

    public func contains(_ minute: Int) -> Bool { minute >= start && minute < end }

    public func overlaps(_ other: OpeningSpan) -> Bool { start < other.end && other.start < end }

    public static func < (lhs: OpeningSpan, rhs: OpeningSpan) -> Bool { (lhs.start, lhs.end) < (rhs.start, rhs.end) }

    public var description: String { "\(Self.clock(start))–\(Self.clock(end))" }

    /// `HH:MM` for a minute of the day (negative or large values are shown as they are, for error messages).
    public static func clock(_ minute: Int) -> String {
        guard minute >= 0 else { return "-" + clock(-minute) }
        return LocalDate.pad(minute / 60, 2) + ":" + LocalDate.pad(minute % 60, 2)
    }

    /// Minutes after midnight for `HH:MM`, 00:00 to 24:00.
    public static func minutes(_ text: some StringProtocol) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...59).contains(minute), (0...24).contains(hour),
              hour * 60 + minute <= minutesPerDay
        else { return nil }
        return hour * 60 + minute
    }
}
