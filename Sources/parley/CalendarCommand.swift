import ArgumentParser
import Domain
import Engagement
import Foundation

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "Read iCalendar (.ics) files of holidays and other closures as Parley would.",
        discussion: "The supported part of iCalendar is in docs/calendars.md. Example: parley calendar check holidays.ics",
        subcommands: [Expand.self, Check.self])

    struct Expand: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the closures of an .ics file within a date range as JSON.",
            discussion: """
                Whole days print as {"name", "date"}, timed closures as {"name", "start", "end"} in UTC. Events \
                that cannot be imported are listed on standard error.

                Example:
                  parley calendar expand holidays.ics --from 2027-01-01 --to 2028-01-01 --time-zone Europe/Madrid
                """)

        @Argument(help: "The .ics file.") var file: String
        @Option(help: "The first day (YYYY-MM-DD).") var from: String
        @Option(help: "The day after the last one (YYYY-MM-DD).") var to: String
        @Option(help: "IANA zone for floating times and the range's midnights.") var timeZone = "UTC"

        func run() throws {
            guard let from = LocalDate(from), let to = LocalDate(to) else { throw CommandFailure("--from and --to must be dates like 2027-01-01") }
            guard from < to else { throw CommandFailure("--to (\(to)) must be after --from (\(from))") }
            let imported = try read(file, timeZone: timeZone)
            for issue in imported.skipped { FileHandle.standardError.write(Data("\(file):\(issue)\n".utf8)) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(imported.closures(from: from, to: to)), as: UTF8.self))
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check an .ics file: list its events, or every problem with its line.",
            discussion: "Exits 1 when the file has errors or events that cannot be imported. Example: parley calendar check holidays.ics")

        @Argument(help: "The .ics file.") var file: String
        @Option(help: "IANA zone for floating times.") var timeZone = "UTC"

        func run() throws {
            let imported = try read(file, timeZone: timeZone)
            for line in imported.summaryLines { print("\(file): \(line)") }
            for issue in imported.skipped { print("\(file):\(issue)") }
            print("\(file): \(imported.events.count) events can be imported, \(imported.skipped.count) cannot")
            if !imported.skipped.isEmpty { throw ExitCode(1) }
        }
    }
}

private func read(_ file: String, timeZone: String) throws -> ICalendarImport {
    guard let zone = TimeZone(identifier: timeZone) else { throw CommandFailure("--time-zone '\(timeZone)' is not a known IANA time zone") }
    let text = try readText(file)
    do {
        return try ICalendarImport(parsing: text, timeZone: zone)
    } catch {
        for issue in error.issues { FileHandle.standardError.write(Data("\(file):\(issue)\n".utf8)) }
        throw ExitCode(1)
    }
}
