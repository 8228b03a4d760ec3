import Domain
import Foundation
import Testing

@testable import Engagement

/// Reading .ics files: unfolding, escaping, all-day and timed events, yearly recurrence, and errors with lines.
@Suite struct ICalendarImportTests {
    static let madrid = TimeZone(identifier: "Europe/Madrid")!

    /// A VCALENDAR around `body` lines, CRLF-separated as RFC 5545 says.
    static func ics(_ body: String...) -> String {
        (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Parley//Tests//EN"] + body + ["END:VCALENDAR"]).joined(separator: "\r\n") + "\r\n"
    }

    static func event(_ lines: String...) -> String { (["BEGIN:VEVENT"] + lines + ["END:VEVENT"]).joined(separator: "\r\n") }

    static func date(_ text: String) -> LocalDate { LocalDate(text)! }

    @Test func foldedLinesAreJoinedAndTextIsUnescaped() throws {
        let text = Self.ics(Self.event("SUMMARY:Closed for the fair\\, the parade\\; and th", " e fireworks\\nSee you \\\\ soon",
                                       "DTSTART", "\t;VALUE=DATE:20270415"))
        let imported = try ICalendarImport(parsing: text)
        #expect(imported.events.map(\.name) == ["Closed for the fair, the parade; and the fireworks\nSee you \\ soon"])
        #expect(imported.events.first?.start == .date(Self.date("2027-04-15")))
    }

    @Test func allDayEventsCloseEachDayUpToTheExclusiveEnd() throws {
        let imported = try ICalendarImport(parsing: Self.ics(
            Self.event("SUMMARY:Christmas", "DTSTART;VALUE=DATE:20271224", "DTEND;VALUE=DATE:20271227"),
            Self.event("SUMMARY:Good Friday", "DTSTART;VALUE=DATE:20270326")))
        #expect(imported.closures(from: Self.date("2027-01-01"), to: Self.date("2028-01-01")) == [
            .allDay(name: "Good Friday", date: Self.date("2027-03-26")),
            .allDay(name: "Christmas", date: Self.date("2027-12-24")), .allDay(name: "Christmas", date: Self.date("2027-12-25")),
            .allDay(name: "Christmas", date: Self.date("2027-12-26")),
        ])
        #expect(imported.closures(from: Self.date("2027-12-25"), to: Self.date("2027-12-26")) == [.allDay(name: "Christmas", date: Self.date("2027-12-25"))])
    }

    @Test func timedEventsInANamedZoneInUTCAndFloating() throws {
        let imported = try ICalendarImport(parsing: Self.ics(
            Self.event("SUMMARY:Christmas Eve", "DTSTART;TZID=Europe/Madrid:20271224T140000", "DTEND;TZID=Europe/Madrid:20271224T235959"),
            Self.event("SUMMARY:Upgrade", "DTSTART:20270610T220000Z", "DURATION:PT4H"),
            Self.event("SUMMARY:Party", "DTSTART:20270716T150000", "DTEND:20270716T190000")), timeZone: Self.madrid)
        #expect(imported.closures(from: Self.date("2027-01-01"), to: Self.date("2028-01-01")) == [
            .timed(name: "Upgrade", start: utcInstant("2027-06-10T22:00:00Z"), end: utcInstant("2027-06-11T02:00:00Z")),
            .timed(name: "Party", start: utcInstant("2027-07-16T13:00:00Z"), end: utcInstant("2027-07-16T17:00:00Z")),
            .timed(name: "Christmas Eve", start: utcInstant("2027-12-24T13:00:00Z"), end: utcInstant("2027-12-24T22:59:59Z")),
        ])
    }

    @Test func yearlyRecurrenceWithCountUntilIntervalAndExceptions() throws {
        let imported = try ICalendarImport(parsing: Self.ics(
            Self.event("SUMMARY:New Year", "DTSTART;VALUE=DATE:20270101", "RRULE:FREQ=YEARLY"),
            Self.event("SUMMARY:Labour Day", "DTSTART;VALUE=DATE:20270501", "RRULE:FREQ=YEARLY;COUNT=2"),
            Self.event("SUMMARY:Assumption", "DTSTART;VALUE=DATE:20250815", "RRULE:FREQ=YEARLY;UNTIL=20280815"),
            Self.event("SUMMARY:Inventory", "DTSTART;VALUE=DATE:20270915", "RRULE:FREQ=YEARLY;INTERVAL=2;BYMONTH=9;BYMONTHDAY=15"),
            Self.event("SUMMARY:Leap", "DTSTART;VALUE=DATE:20240229", "RRULE:FREQ=YEARLY;COUNT=2"),
            Self.event("SUMMARY:Party", "DTSTART;TZID=Europe/Madrid:20270716T150000", "DTEND;TZID=Europe/Madrid:20270716T190000",
                       "RRULE:FREQ=YEARLY", "EXDATE;TZID=Europe/Madrid:20280716T150000")))
        let closures = imported.closures(from: Self.date("2027-01-01"), to: Self.date("2030-01-01"))
        func days(_ name: String) -> [String] {
            closures.compactMap { if case .allDay(name, let date) = $0 { "\(date)" } else { nil } }
        }
        #expect(days("New Year") == ["2027-01-01", "2028-01-01", "2029-01-01"])
        #expect(days("Labour Day") == ["2027-05-01", "2028-05-01"])
        #expect(days("Assumption") == ["2027-08-15", "2028-08-15"])
        #expect(days("Inventory") == ["2027-09-15", "2029-09-15"])
        #expect(days("Leap") == ["2028-02-29"])  // 2024 and 2028: the years between have no 29 February
        #expect(closures.filter { $0.name == "Party" } == [
            .timed(name: "Party", start: utcInstant("2027-07-16T13:00:00Z"), end: utcInstant("2027-07-16T17:00:00Z")),
            .timed(name: "Party", start: utcInstant("2029-07-16T13:00:00Z"), end: utcInstant("2029-07-16T17:00:00Z")),
        ])
    }

    @Test func otherRecurrenceRulesAreReportedWithTheSummaryAndLine() throws {
        let imported = try ICalendarImport(parsing: Self.ics(
            Self.event("SUMMARY:Thanksgiving", "DTSTART;VALUE=DATE:20271125", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"),
            Self.event("SUMMARY:Stocktake", "DTSTART;VALUE=DATE:20270101", "RRULE:FREQ=MONTHLY"),
            Self.event("SUMMARY:Kept", "DTSTART;VALUE=DATE:20270101")))
        #expect(imported.events.map(\.name) == ["Kept"])
        #expect(imported.skipped.map(\.line) == [7, 12])
        #expect(imported.skipped.first?.description.hasPrefix("line 7: event 'Thanksgiving' was not imported: RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH: BYDAY=4TH is not supported") == true)
        #expect(imported.skipped.last?.message.contains("FREQ=MONTHLY is not supported") == true)
    }

    @Test func otherComponentsAndCancelledEventsAreIgnored() throws {
        let imported = try ICalendarImport(parsing: Self.ics(
            "BEGIN:VTIMEZONE", "TZID:Europe/Madrid", "BEGIN:STANDARD", "DTSTART:19701025T030000", "TZOFFSETTO:+0100", "END:STANDARD", "END:VTIMEZONE",
            Self.event("SUMMARY:Meeting", "DTSTART;TZID=Europe/Madrid:20270301T100000", "DTEND;TZID=Europe/Madrid:20270301T110000",
                       "BEGIN:VALARM", "TRIGGER:-PT15M", "DESCRIPTION:Reminder", "END:VALARM"),
            Self.event("SUMMARY:Called off", "STATUS:CANCELLED", "DTSTART;VALUE=DATE:20270302")))
        #expect(imported.events.map(\.name) == ["Meeting"])
        #expect(imported.events.first?.start == .dateTime(Self.date("2027-03-01"), second: 36_000, zone: .named("Europe/Madrid")))
    }

    @Test func badInputNamesEveryLine() {
        #expect(throws: ICalendarError([ICalendarIssue(line: 1, "not an iCalendar file: expected BEGIN:VCALENDAR, found BEGIN:VCARD")])) {
            try ICalendarImport(parsing: "BEGIN:VCARD\nFN:Someone\nEND:VCARD\n")
        }
        #expect(throws: ICalendarError([ICalendarIssue(line: 1, "not an iCalendar file: expected BEGIN:VCALENDAR, found an empty file")])) {
            try ICalendarImport(parsing: "\n")
        }
        let text = Self.ics(
            Self.event("SUMMARY:No start"),                                                                  // lines 4–6
            Self.event("SUMMARY:Bad date", "DTSTART;VALUE=DATE:20270230"),                                   // 7–10
            Self.event("SUMMARY:Backwards", "DTSTART;VALUE=DATE:20270302", "DTEND;VALUE=DATE:20270301"),     // 11–15
            Self.event("SUMMARY:Nowhere", "DTSTART;TZID=Mars/Olympus:20270302T100000", "DURATION:PT1H"),     // 16–20
            Self.event("SUMMARY:Open-ended", "DTSTART:20270302T100000"),                                      // 21–24
            "not a content line")                                                                            // 25
        do {
            _ = try ICalendarImport(parsing: text)
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.line) == [25])  // lines that are not NAME:VALUE stop the import before events are read
        }
        do {
            _ = try ICalendarImport(parsing: text.replacingOccurrences(of: "not a content line\r\n", with: ""))
            Issue.record("expected an error")
        } catch {
            #expect(error.description == """
                line 4: event 'No start' has no DTSTART; every event needs a start
                line 9: event 'Bad date': DTSTART '20270230' is not a valid date: 2027-02-30 does not exist
                line 14: event 'Backwards' ends before or when it starts
                line 18: event 'Nowhere': DTSTART TZID 'Mars/Olympus' is not a known IANA time zone (such as Europe/Madrid)
                line 23: event 'Open-ended' has a DTSTART time but no DTEND or DURATION; say when the closure ends
                """)
        }
    }

    @Test func unclosedComponentsAreNamed() {
        #expect(throws: ICalendarError([ICalendarIssue(line: 2, "BEGIN:VEVENT has no END:VEVENT"), ICalendarIssue(line: 1, "BEGIN:VCALENDAR has no END:VCALENDAR")])) {
            try ICalendarImport(parsing: "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\n")
        }
    }

    /// Madrid: weekdays 09:00–13:00 and 14:00–18:00. 2027-12-24 is a Friday.
    static let office = BusinessCalendar(id: "office", name: "Office", timeZone: "Europe/Madrid",
                                         hours: WeeklyHours(openingSpans("09:00-13:00", "14:00-18:00"), on: WeeklyHours.workweek), closedMessage: "Closed")

    @Test func aPartDayClosureLeavesTheRestOfThatDaysHours() throws {
        let imported = try ICalendarImport(parsing: Self.ics(
            Self.event("SUMMARY:Christmas Eve", "DTSTART;TZID=Europe/Madrid:20271224T120000", "DTEND;TZID=Europe/Madrid:20271224T235959"),
            Self.event("SUMMARY:Upgrade", "DTSTART:20271220T150000Z", "DTEND:20271221T090000Z")))
        let days = imported.specialDays(for: Self.office, from: Self.date("2027-01-01"), to: Self.date("2028-01-01"), message: "Closed early")
        #expect(days == [
            SpecialDay(date: Self.date("2027-12-20"), name: "Upgrade", open: openingSpans("09:00-13:00", "14:00-16:00"), message: "Closed early"),
            SpecialDay(date: Self.date("2027-12-21"), name: "Upgrade", open: openingSpans("10:00-13:00", "14:00-18:00"), message: "Closed early"),
            SpecialDay(date: Self.date("2027-12-24"), name: "Christmas Eve", open: openingSpans("09:00-12:00"), message: "Closed early"),
        ])
        var calendar = Self.office
        calendar.specialDays = days
        #expect(calendar.problems() == [])
        #expect(calendar.status(at: utcInstant("2027-12-24T10:00:00Z"), anyAgentLoggedIn: true) == .open)
        #expect(calendar.status(at: utcInstant("2027-12-24T11:30:00Z"), anyAgentLoggedIn: true).closure?.reason == .specialDay(name: "Christmas Eve"))
    }

    @Test func everyYearAllDayEventsBecomeYearlySpecialDaysAndTheRestDatedOnes() throws {
        let imported = try ICalendarImport(parsing: Self.ics(
            Self.event("SUMMARY:Christmas", "DTSTART;VALUE=DATE:20251225", "DTEND;VALUE=DATE:20251227", "RRULE:FREQ=YEARLY"),
            Self.event("SUMMARY:Labour Day", "DTSTART;VALUE=DATE:20270501", "RRULE:FREQ=YEARLY;COUNT=2"),
            Self.event("SUMMARY:Staff party", "DTSTART;TZID=Europe/Madrid:20271225T100000", "DTEND;TZID=Europe/Madrid:20271225T120000"),
            Self.event("SUMMARY:Fair", "DTSTART;VALUE=DATE:20270415", "DTEND;VALUE=DATE:20270416"),
            Self.event("SUMMARY:Fair (afternoon)", "DTSTART;TZID=Europe/Madrid:20270415T150000", "DTEND;TZID=Europe/Madrid:20270415T170000")))
        let days = imported.specialDays(for: Self.office, from: Self.date("2027-01-01"), to: Self.date("2029-01-01"))
        #expect(days == [
            SpecialDay(date: .yearly(month: 12, day: 25), name: "Christmas"),
            SpecialDay(date: .yearly(month: 12, day: 26), name: "Christmas"),
            SpecialDay(date: Self.date("2027-04-15"), name: "Fair / Fair (afternoon)"),
            SpecialDay(date: Self.date("2027-05-01"), name: "Labour Day"),
            SpecialDay(date: Self.date("2027-12-25"), name: "Christmas / Staff party"),
            SpecialDay(date: Self.date("2028-05-01"), name: "Labour Day"),
        ])
        var calendar = Self.office
        calendar.specialDays = days
        #expect(calendar.problems() == [])
        #expect(calendar.status(at: utcInstant("2030-12-26T10:00:00Z"), anyAgentLoggedIn: true).closure?.reason == .specialDay(name: "Christmas"))
    }

    @Test func durationsLineEndingsAndAByteOrderMark() throws {
        #expect(ICalendarTime.parseDuration("P1W")! == (7, 0))
        #expect(ICalendarTime.parseDuration("PT4H30M")! == (0, 16_200))
        #expect(ICalendarTime.parseDuration("P1DT1S")! == (1, 1))
        #expect(ICalendarTime.parseDuration("-P1D") == nil && ICalendarTime.parseDuration("P") == nil && ICalendarTime.parseDuration("PT1D") == nil)
        let unix = try ICalendarImport(parsing: "\u{FEFF}BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:A\nDTSTART;VALUE=DATE:20270101\nDURATION:P2D\nEND:VEVENT\nEND:VCALENDAR")
        #expect(unix.events.first?.end == .date(Self.date("2027-01-03")))
    }
}
