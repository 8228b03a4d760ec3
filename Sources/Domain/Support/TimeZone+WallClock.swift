import Foundation

extension TimeZone {
    /// The instant a wall-clock time occurs in this zone. A time that occurs twice (the hour repeated when clocks fall
    /// back) gives its first occurrence; a time that never occurs (the hour skipped when clocks spring forward) gives
    /// the moment the clock jumps over it. `second` may be 86 400, the next midnight.
    public func instant(of date: LocalDate, second: Int) -> Date {
        let wall = Double(date.dayNumber) * 86_400 + Double(second)
        let before = secondsFromGMT(for: Date(timeIntervalSince1970: wall - 86_400))
        let after = secondsFromGMT(for: Date(timeIntervalSince1970: wall + 86_400))
        let valid = Set([before, after]).map { wall - Double($0) }.filter { secondsFromGMT(for: Date(timeIntervalSince1970: $0)) == Int(wall - $0) }
        if let earliest = valid.min() { return Date(timeIntervalSince1970: earliest) }
        // Skipped: find the transition between the two readings by bisection (to the second).
        var low = wall - Double(max(before, after)), high = wall - Double(min(before, after))
        while high - low > 1 {
            let middle = ((low + high) / 2).rounded(.down)
            if secondsFromGMT(for: Date(timeIntervalSince1970: middle)) == before { low = middle } else { high = middle }
        }
        return Date(timeIntervalSince1970: high)
    }

    public func instant(of date: LocalDate, minute: Int) -> Date { instant(of: date, second: minute * 60) }

    /// The wall-clock date and second of the day of `instant` in this zone.
    public func wallClock(of instant: Date) -> (date: LocalDate, second: Int) {
        let wall = Int((instant.timeIntervalSince1970 + Double(secondsFromGMT(for: instant))).rounded(.down))
        let day = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
        return (LocalDate(dayNumber: day), wall - day * 86_400)
    }
}
