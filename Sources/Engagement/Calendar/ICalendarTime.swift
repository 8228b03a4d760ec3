import Domain
import Foundation

/// A DTSTART, DTEND, EXDATE or UNTIL value: a whole date, or a wall-clock time in UTC (`…Z`), in a named zone
/// (`TZID=Europe/Madrid`) or floating (no zone: the importing calendar's).
public enum ICalendarTime: Hashable, Sendable {
    public enum Zone: Hashable, Sendable {
        case utc
        case named(String)
        case floating
    }

    case date(LocalDate)
    case dateTime(LocalDate, second: Int, zone: Zone)

    public var date: LocalDate {
        switch self {
        case .date(let date), .dateTime(let date, _, _): date
        }
    }

    public var isDate: Bool {
        if case .date = self { return true }
        return false
    }

    /// The instant it denotes; a whole date means its midnight. Floating times are read in `floating`.
    public func instant(floating: TimeZone) -> Date {
        switch self {
        case .date(let date): floating.instant(of: date, second: 0)
        case .dateTime(let date, let second, let zone): zone.timeZone(floating: floating).instant(of: date, second: second)
        }
    }

    /// The same wall-clock value moved by whole days and seconds.
    func moved(days: Int, seconds: Int = 0) -> ICalendarTime {
        switch self {
        case .date(let date): return .date(date.adding(days: days + seconds / 86_400))
        case .dateTime(let date, let second, let zone):
            let total = date.adding(days: days).dayNumber * 86_400 + second + seconds
            let day = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
            return .dateTime(LocalDate(dayNumber: day), second: total - day * 86_400, zone: zone)
        }
    }

    /// Wall-clock seconds since 1970 as written, ignoring the zone.
    var wallSeconds: Int {
        switch self {
        case .date(let date): date.dayNumber * 86_400
        case .dateTime(let date, let second, _): date.dayNumber * 86_400 + second
        }
    }

    /// Parses `20271225` (or with `VALUE=DATE`), `20271224T140000`, `20271224T130000Z`; `tzid` names the zone of a
    /// date-time. Returns a sentence saying what is wrong instead of a value when it cannot.
    static func parse(_ text: String, valueType: String?, tzid: String?) -> Result<ICalendarTime, TimeProblem> {
        let text = text.trimmingCharacters(in: .whitespaces)
        let digits = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= digits.count, digits[range].allSatisfy({ (48...57).contains($0) }) else { return nil }
            return Int(String(decoding: digits[range], as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8) else {
            return .failure(TimeProblem("'\(text)' is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS)"))
        }
        let date = LocalDate(year: year, month: month, day: day)
        guard date.isValid else { return .failure(TimeProblem("'\(text)' is not a valid date: \(date) does not exist")) }
        if digits.count == 8 {
            return .success(.date(date))
        }
        guard valueType?.uppercased() != "DATE" else { return .failure(TimeProblem("'\(text)' is marked VALUE=DATE but is not a date (YYYYMMDD)")) }
        let isUTC = digits.count == 16 && digits[15] == UInt8(ascii: "Z")
        guard digits.count == 15 || isUTC, digits[8] == UInt8(ascii: "T"), let hour = number(9..<11), let minute = number(11..<13),
              let second = number(13..<15)
        else { return .failure(TimeProblem("'\(text)' is not a date-time (YYYYMMDDTHHMMSS, optionally ending in Z)")) }
        guard hour < 24, minute < 60, second <= 60 else { return .failure(TimeProblem("'\(text)' has a time of day that does not exist")) }
        let zone: Zone
        if isUTC {
            zone = .utc
        } else if let tzid {
            guard TimeZone(identifier: tzid) != nil else {
                return .failure(TimeProblem("TZID '\(tzid)' is not a known IANA time zone (such as Europe/Madrid)"))
            }
            zone = .named(tzid)
        } else {
            zone = .floating
        }
        return .success(.dateTime(date, second: hour * 3600 + minute * 60 + min(second, 59), zone: zone))
    }

    struct TimeProblem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// A DURATION such as `P1D`, `PT4H30M` or `P1W` as days and seconds; nil if it is not one (or negative).
    static func parseDuration(_ text: String) -> (days: Int, seconds: Int)? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces).uppercased())
        if rest.first == "+" { rest.removeFirst() }
        guard rest.first == "P" else { return nil }
        rest.removeFirst()
        var days = 0, seconds = 0, inTime = false, digits = "", sawValue = false
        for character in rest {
            if character.isNumber {
                digits.append(character)
                continue
            }
            if character == "T" {
                guard digits.isEmpty, !inTime else { return nil }
                inTime = true
                continue
            }
            guard let value = Int(digits) else { return nil }
            digits = ""
            sawValue = true
            switch (character, inTime) {
            case ("W", false): days += 7 * value
            case ("D", false): days += value
            case ("H", true): seconds += 3600 * value
            case ("M", true): seconds += 60 * value
            case ("S", true): seconds += value
            default: return nil
            }
        }
        return digits.isEmpty && sawValue ? (days, seconds) : nil
    }
}

extension ICalendarTime.Zone {
    func timeZone(floating: TimeZone) -> TimeZone {
        switch self {
        case .utc: TimeZone(secondsFromGMT: 0)!
        case .named(let identifier): TimeZone(identifier: identifier) ?? floating
        case .floating: floating
        }
    }
}
