import Domain

/// The one kind of RRULE Parley imports: every year (or every `interval` years) on DTSTART's month and day,
/// optionally limited by COUNT or UNTIL. Dates that do not exist in a year (29 February) are skipped, as RFC 5545
/// says, and do not count towards COUNT.
public struct YearlyRecurrence: Hashable, Sendable {
    public var interval: Int
    public var count: Int?
    public var until: ICalendarTime?

    public init(interval: Int = 1, count: Int? = nil, until: ICalendarTime? = nil) {
        self.interval = interval
        self.count = count
        self.until = until
    }

    /// Whether it repeats for ever, every year.
    public var isEveryYearForever: Bool { interval == 1 && count == nil && until == nil }

    /// Parses an RRULE value relative to the event's start. `.failure` says why it is not supported.
    static func parse(_ rule: String, start: ICalendarTime) -> Result<YearlyRecurrence, ICalendarTime.TimeProblem> {
        var recurrence = YearlyRecurrence()
        var frequency: String?
        for part in rule.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).uppercased() }
            guard pair.count == 2 else { return .failure(.init("'\(part)' is not NAME=VALUE")) }
            let (name, value) = (pair[0], pair[1])
            switch name {
            case "FREQ": frequency = value
            case "INTERVAL":
                guard let interval = Int(value), interval >= 1 else { return .failure(.init("INTERVAL=\(value) is not a positive number")) }
                recurrence.interval = interval
            case "COUNT":
                guard let count = Int(value), count >= 1 else { return .failure(.init("COUNT=\(value) is not a positive number")) }
                recurrence.count = count
            case "UNTIL":
                switch ICalendarTime.parse(value, valueType: nil, tzid: nil) {
                case .success(let until): recurrence.until = until
                case .failure(let problem): return .failure(.init("UNTIL: \(problem.message)"))
                }
            case "BYMONTH" where Int(value) == start.date.month: continue
            case "BYMONTHDAY" where Int(value) == start.date.day: continue
            case "WKST": continue
            default: return .failure(.init("\(name)=\(value) is not supported"))
            }
        }
        guard frequency == "YEARLY" else { return .failure(.init("FREQ=\(frequency ?? "(missing)") is not supported")) }
        guard recurrence.count == nil || recurrence.until == nil else { return .failure(.init("COUNT and UNTIL cannot both be given")) }
        return .success(recurrence)
    }

    /// How many years after the start each occurrence falls, up to and including `lastYear`, honouring COUNT,
    /// UNTIL and the skipped 29 Februaries. `isAfterUntil` says whether a shifted start is past UNTIL.
    func yearOffsets(start: LocalDate, through lastYear: Int, isAfterUntil: (Int) -> Bool) -> [Int] {
        var offsets: [Int] = []
        var offset = 0
        while start.year + offset <= lastYear {
            defer { offset += interval }
            guard LocalDate(year: start.year + offset, month: start.month, day: start.day).isValid else { continue }
            if isAfterUntil(offset) { break }
            offsets.append(offset)
            if let count, offsets.count >= count { break }
        }
        return offsets
    }
}
