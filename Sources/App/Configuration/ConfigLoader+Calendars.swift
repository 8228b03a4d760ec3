import Domain
import Engagement
import Foundation
import Yams

/// The `calendars:` section: business calendars with weekly hours (several spans a day), special days (dated
/// `2027-12-24` or yearly `--12-25`, closed or with their own hours, each with its message), special days
/// imported from iCalendar files, and emergency mode (its message and the automatic switch; whether it is on is
/// runtime state set through the API). Problems name the calendar and item.
extension ConfigLoader {
    static let calendarKeys = ["id", "name", "time_zone", "hours", "closed_message", "special_days", "import", "emergency"]

    static func readCalendar(_ fields: [String: Node], _ path: String, _ reader: inout YAMLReader) -> BusinessCalendar? {
        guard let id = reader.string(fields["id"], "\(path).id", required: true),
              let zone = reader.string(fields["time_zone"], "\(path).time_zone", required: true) else { return nil }
        var calendar = BusinessCalendar(id: .init(id), name: reader.string(fields["name"], "\(path).name") ?? id, timeZone: zone)
        calendar.closedMessage = reader.string(fields["closed_message"], "\(path).closed_message") ?? ""
        if let node = fields["hours"], let days = reader.mapping(node, "\(path).hours", known: Weekday.allCases.map(\.rawValue)) {
            var hours: [Weekday: [OpeningSpan]] = [:]
            for (name, spans) in days {
                guard let day = Weekday(rawValue: name) else { continue }
                hours[day] = readSpans(spans, "\(path).hours.\(name)", &reader)
            }
            calendar.hours = WeeklyHours(hours)
        }
        calendar.specialDays = reader.sequence(fields["special_days"], "\(path).special_days").enumerated().compactMap { index, node in
            let itemPath = "\(path).special_days[\(index)]"
            guard let item = reader.mapping(node, itemPath, known: ["date", "name", "open", "message"]),
                  let text = reader.string(item["date"], "\(itemPath).date", required: true) else { return nil }
            guard let date = SpecialDay.Occurrence(text), date.isValid else {
                reader.error(item["date"], "\(itemPath).date", "'\(text)' is not a date; use 2027-12-24, or --12-25 for every year")
                return nil
            }
            return SpecialDay(date: date, name: reader.string(item["name"], "\(itemPath).name", required: true) ?? text,
                              open: readSpans(item["open"], "\(itemPath).open", &reader),
                              message: reader.string(item["message"], "\(itemPath).message") ?? "")
        }
        for (index, node) in reader.sequence(fields["import"], "\(path).import").enumerated() {
            let itemPath = "\(path).import[\(index)]"
            guard let item = reader.mapping(node, itemPath, known: ["file", "message"]),
                  let file = reader.string(item["file"], "\(itemPath).file", required: true) else { continue }
            calendar.specialDays += importedDays(file, message: reader.string(item["message"], "\(itemPath).message") ?? "",
                                                 into: calendar, item["file"], itemPath, &reader)
        }
        if let node = fields["emergency"],
           let emergency = reader.mapping(node, "\(path).emergency", known: ["message", "automatic_when_no_agent_logged_in"]) {
            calendar.emergency.message = reader.string(emergency["message"], "\(path).emergency.message") ?? ""
            calendar.emergency.automaticWhenNoAgentLoggedIn =
                reader.bool(emergency["automatic_when_no_agent_logged_in"], "\(path).emergency.automatic_when_no_agent_logged_in") ?? false
            if calendar.emergency.automaticWhenNoAgentLoggedIn, calendar.emergency.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                reader.error(emergency["automatic_when_no_agent_logged_in"], "\(path).emergency.message",
                             "switching emergency mode on by itself needs the answer customers get then: set emergency.message")
            }
        }
        for problem in calendar.problems() { reader.error(reader.currentItem, path, problem) }
        return calendar
    }

    private static func readSpans(_ node: Node?, _ path: String, _ reader: inout YAMLReader) -> [OpeningSpan] {
        reader.sequence(node, path).enumerated().compactMap { index, item in
            guard let text = reader.string(item, "\(path)[\(index)]") else { return nil }
            guard let span = OpeningSpan(text) else {
                reader.error(item, "\(path)[\(index)]", "'\(text)' is not a time span; write HH:MM-HH:MM, e.g. 09:00-12:30")
                return nil
            }
            return span
        }
    }

    /// Special days from an iCalendar file (relative paths: from the working directory), for last year to two
    /// years ahead; unsupported events are warnings naming them.
    private static func importedDays(
        _ file: String, message: String, into calendar: BusinessCalendar, _ node: Node?, _ path: String, _ reader: inout YAMLReader
    ) -> [SpecialDay] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            reader.error(node, "\(path).file", "cannot read '\(file)'")
            return []
        }
        do {
            let imported = try ICalendarImport(parsing: text, timeZone: TimeZone(identifier: calendar.timeZone) ?? TimeZone(secondsFromGMT: 0)!)
            for issue in imported.skipped { reader.warning(node, "\(path).file", "\(file): \(issue)") }
            let year = Calendar(identifier: .gregorian).component(.year, from: Date())
            return imported.specialDays(for: calendar, from: LocalDate(year: year - 1, month: 1, day: 1),
                                        to: LocalDate(year: year + 3, month: 1, day: 1), message: message)
        } catch {
            reader.error(node, "\(path).file", "\(file): \(error)")
            return []
        }
    }
}
