import Foundation

/// When a service (a channel or workgroup) is open: weekly hours in one IANA time zone, special days (holidays,
/// exceptions) that replace the hours for a date, and emergency mode. Evaluation (special day → hours →
/// emergency) lives in `Engagement`; `BusinessCalendar+Schedule` resolves days and wall-clock times.
public struct BusinessCalendar: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<BusinessCalendar>

    public var id: ID
    public var name: String
    /// An IANA identifier such as `Europe/Madrid`.
    public var timeZone: String
    public var hours: WeeklyHours
    /// Sent when closed by the weekly hours.
    public var closedMessage: String
    public var specialDays: [SpecialDay]
    public var emergency: EmergencyMode

    public init(
        id: ID, name: String, timeZone: String, hours: WeeklyHours = WeeklyHours(), closedMessage: String = "",
        specialDays: [SpecialDay] = [], emergency: EmergencyMode = EmergencyMode()
    ) {
        self.id = id
        self.name = name
        self.timeZone = timeZone
        self.hours = hours
        self.closedMessage = closedMessage
        self.specialDays = specialDays
        self.emergency = emergency
    }

    /// Weekly hours keyed by Foundation's weekday numbers (1 = Sunday … 7 = Saturday).
    public init(id: ID, name: String, timeZone: String, weekly: [Int: [OpeningSpan]], specialDays: [SpecialDay] = []) {
        let days = weekly.compactMap { number, spans in Weekday(foundationNumber: number).map { ($0, spans) } }
        self.init(id: id, name: name, timeZone: timeZone, hours: WeeklyHours(Dictionary(days, uniquingKeysWith: +)), specialDays: specialDays)
    }

    private enum CodingKeys: String, CodingKey { case id, name, timeZone, hours, closedMessage, specialDays, emergency }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(ID.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
                  timeZone: try container.decode(String.self, forKey: .timeZone),
                  hours: try container.decodeIfPresent(WeeklyHours.self, forKey: .hours) ?? WeeklyHours(),
                  closedMessage: try container.decodeIfPresent(String.self, forKey: .closedMessage) ?? "",
                  specialDays: try container.decodeIfPresent([SpecialDay].self, forKey: .specialDays) ?? [],
                  emergency: try container.decodeIfPresent(EmergencyMode.self, forKey: .emergency) ?? EmergencyMode())
    }
}
