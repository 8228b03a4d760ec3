/// Opening hours for each day of the week; a day may have several spans (09:00–12:30 and 13:30–18:00) or none.
/// Encoded as `{"monday": [...], ...}`; a missing day is closed.
public struct WeeklyHours: Codable, Sendable, Hashable {
    private var days: [Weekday: [OpeningSpan]]

    public init(_ days: [Weekday: [OpeningSpan]] = [:]) { self.days = days.filter { !$0.value.isEmpty } }

    /// The same spans on each of `days`.
    public init(_ spans: [OpeningSpan], on days: some Sequence<Weekday>) {
        self.init(Dictionary(uniqueKeysWithValues: days.map { ($0, spans) }))
    }

    public subscript(day: Weekday) -> [OpeningSpan] {
        get { days[day] ?? [] }
        set { days[day] = newValue.isEmpty ? nil : newValue }
    }

    public static let workweek: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]

    private struct DayKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DayKey.self)
        var days: [Weekday: [OpeningSpan]] = [:]
        for key in container.allKeys {
            guard let day = Weekday(rawValue: key.stringValue) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "'\(key.stringValue)' is not a weekday (monday … sunday)")
            }
            days[day] = try container.decode([OpeningSpan].self, forKey: key)
        }
        self.init(days)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DayKey.self)
        for day in Weekday.allCases where !self[day].isEmpty {
            try container.encode(self[day], forKey: DayKey(stringValue: day.rawValue))
        }
    }
}
