/// A holiday or exception that replaces the weekly hours for one date: closed all day (`open` empty) or open
/// during its own spans, with its own message.
public struct SpecialDay: Codable, Sendable, Hashable {
    /// When the special day falls: one date, or every year on a month and day (29 February only in leap years).
    /// Encoded as `"2027-12-25"` or, for yearly days, ISO 8601's `"--12-25"`.
    public enum Occurrence: Codable, Sendable, Hashable, CustomStringConvertible {
        case date(LocalDate)
        case yearly(month: Int, day: Int)

        public func falls(on date: LocalDate) -> Bool {
            switch self {
            case .date(let day): day == date
            case .yearly(let month, let day): date.month == month && date.day == day
            }
        }

        /// Whether the month and day exist (yearly days may be 29 February).
        public var isValid: Bool {
            switch self {
            case .date(let day): day.isValid
            case .yearly(let month, let day): (1...12).contains(month) && (1...LocalDate.days(inMonth: month, year: 2000)).contains(day)
            }
        }

        public init?(_ text: some StringProtocol) {
            if text.hasPrefix("--") {
                let parts = text.dropFirst(2).split(separator: "-", omittingEmptySubsequences: false)
                guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let month = Int(parts[0]), let day = Int(parts[1]) else { return nil }
                self = .yearly(month: month, day: day)
                guard isValid else { return nil }
            } else {
                guard let date = LocalDate(text) else { return nil }
                self = .date(date)
            }
        }

        public var description: String {
            switch self {
            case .date(let day): day.description
            case .yearly(let month, let day): "--\(LocalDate.pad(month, 2))-\(LocalDate.pad(day, 2))"
            }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let occurrence = Occurrence(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is neither a date like 2027-12-25 nor a yearly day like --12-25")
            }
            self = occurrence
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }

    public var date: Occurrence
    public var name: String
    /// Empty: closed all day.
    public var open: [OpeningSpan]
    /// Sent when closed on this day; empty falls back to the calendar's `closedMessage`.
    public var message: String

    public init(date: Occurrence, name: String, open: [OpeningSpan] = [], message: String = "") {
        self.date = date
        self.name = name
        self.open = open
        self.message = message
    }

    public init(date: LocalDate, name: String, open: [OpeningSpan] = [], message: String = "") {
        self.init(date: .date(date), name: name, open: open, message: message)
    }

    public var isClosedAllDay: Bool { open.isEmpty }

    private enum CodingKeys: String, CodingKey { case date, name, open, message }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(date: try container.decode(Occurrence.self, forKey: .date), name: try container.decode(String.self, forKey: .name),
                  open: try container.decodeIfPresent([OpeningSpan].self, forKey: .open) ?? [],
                  message: try container.decodeIfPresent(String.self, forKey: .message) ?? "")
    }
}
