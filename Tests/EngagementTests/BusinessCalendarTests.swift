import Domain
import Foundation
import Testing

@testable import Engagement

func utcInstant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

func openingSpans(_ texts: String...) -> [OpeningSpan] { texts.map { OpeningSpan($0)! } }

/// Evaluation in the reference order (special day → hours → emergency), closure periods and next openings.
@Suite struct BusinessCalendarTests {
    /// Madrid: weekdays 09:00–12:30 and 13:30–18:00, Saturday 10:00–14:00. 2027-12-24 is a Friday.
    static func support(emergency: EmergencyMode = EmergencyMode(), zone: String = "Europe/Madrid") -> BusinessCalendar {
        var hours = WeeklyHours(openingSpans("09:00-12:30", "13:30-18:00"), on: WeeklyHours.workweek)
        hours[.saturday] = openingSpans("10:00-14:00")
        return BusinessCalendar(
            id: "support", name: "Support", timeZone: zone, hours: hours, closedMessage: "We are closed; we answer from 9:00.",
            specialDays: [
                SpecialDay(date: LocalDate(year: 2027, month: 12, day: 25), name: "Christmas", message: "Merry Christmas! Back on Monday."),
                SpecialDay(date: LocalDate(year: 2027, month: 12, day: 24), name: "Christmas Eve", open: openingSpans("09:00-14:00"),
                           message: "We closed early for Christmas Eve."),
                SpecialDay(date: .yearly(month: 1, day: 1), name: "New Year"),
            ],
            emergency: emergency)
    }

    @Test func severalOpeningSpansADay() {
        let calendar = Self.support()
        // Monday 2027-03-01, CET (UTC+1).
        #expect(calendar.status(at: utcInstant("2027-03-01T09:00:00Z"), anyAgentLoggedIn: true) == .open)
        #expect(calendar.status(at: utcInstant("2027-03-01T14:00:00Z"), anyAgentLoggedIn: true) == .open)
        let lunch = calendar.status(at: utcInstant("2027-03-01T12:00:00Z"), anyAgentLoggedIn: true).closure
        #expect(lunch == CalendarClosure(reason: .outsideHours, message: "We are closed; we answer from 9:00.",
                                         periodStart: utcInstant("2027-03-01T11:30:00Z"), nextOpening: utcInstant("2027-03-01T12:30:00Z")))
        let evening = calendar.status(at: utcInstant("2027-03-01T19:00:00Z"), anyAgentLoggedIn: true).closure
        #expect(evening?.periodStart == utcInstant("2027-03-01T17:00:00Z"))
        #expect(evening?.nextOpening == utcInstant("2027-03-02T08:00:00Z"))
    }

    @Test func theWeekendIsOneClosurePeriodUntilMonday() {
        let sunday = Self.support().status(at: utcInstant("2027-03-07T12:00:00Z"), anyAgentLoggedIn: true).closure
        #expect(sunday?.reason == .outsideHours)
        #expect(sunday?.periodStart == utcInstant("2027-03-06T13:00:00Z"))  // Saturday 14:00
        #expect(sunday?.nextOpening == utcInstant("2027-03-08T08:00:00Z"))  // Monday 09:00
    }

    @Test func aClosedSpecialDaySendsItsOwnMessage() {
        let closure = Self.support().status(at: utcInstant("2027-12-25T10:00:00Z"), anyAgentLoggedIn: true).closure
        #expect(closure == CalendarClosure(reason: .specialDay(name: "Christmas"), message: "Merry Christmas! Back on Monday.",
                                           periodStart: utcInstant("2027-12-24T13:00:00Z"),  // Christmas Eve closed at 14:00
                                           nextOpening: utcInstant("2027-12-27T08:00:00Z")))
    }

    @Test func aSpecialDayWithOtherHoursReplacesTheWeek() {
        let calendar = Self.support()
        #expect(calendar.status(at: utcInstant("2027-12-24T12:00:00Z"), anyAgentLoggedIn: true) == .open)  // 13:00, lunch on other Fridays
        let afternoon = calendar.status(at: utcInstant("2027-12-24T14:00:00Z"), anyAgentLoggedIn: true).closure
        #expect(afternoon?.reason == .specialDay(name: "Christmas Eve"))
        #expect(afternoon?.message == "We closed early for Christmas Eve.")
        #expect(afternoon?.periodStart == utcInstant("2027-12-24T13:00:00Z"))
    }

    @Test func aSpecialDayWithoutAMessageSendsTheClosedMessage() {
        let closure = Self.support().status(at: utcInstant("2028-01-01T11:00:00Z"), anyAgentLoggedIn: true).closure  // a Saturday
        #expect(closure?.reason == .specialDay(name: "New Year"))
        #expect(closure?.message == "We are closed; we answer from 9:00.")
    }

    @Test func yearlySpecialDaysRecurAndTheTwentyNinthOfFebruaryOnlyInLeapYears() {
        var calendar = Self.support()
        calendar.specialDays.append(SpecialDay(date: .yearly(month: 2, day: 29), name: "Leap day"))
        for year in [2027, 2028, 2031] {
            #expect(calendar.status(at: utcInstant("\(year)-01-01T10:00:00Z"), anyAgentLoggedIn: true).closure?.reason == .specialDay(name: "New Year"))
        }
        #expect(calendar.status(at: utcInstant("2028-02-29T10:00:00Z"), anyAgentLoggedIn: true).closure?.reason == .specialDay(name: "Leap day"))
        #expect(calendar.status(at: utcInstant("2027-03-01T10:00:00Z"), anyAgentLoggedIn: true) == .open)
    }

    @Test func aDatedSpecialDayWinsOverAYearlyOne() {
        var calendar = Self.support()
        calendar.specialDays.append(SpecialDay(date: LocalDate(year: 2029, month: 1, day: 1), name: "New Year (open)", open: openingSpans("10:00-12:00")))
        #expect(calendar.status(at: utcInstant("2029-01-01T10:00:00Z"), anyAgentLoggedIn: true) == .open)
        #expect(calendar.status(at: utcInstant("2030-01-01T10:00:00Z"), anyAgentLoggedIn: true).closure?.reason == .specialDay(name: "New Year"))
    }

    @Test func aSupervisorsEmergencyClosesOpeningHours() {
        let since = utcInstant("2027-03-01T09:30:00Z")
        let calendar = Self.support(emergency: EmergencyMode(enabled: true, message: "We have an outage.", since: since))
        let closure = calendar.status(at: utcInstant("2027-03-01T10:00:00Z"), anyAgentLoggedIn: true).closure
        #expect(closure == CalendarClosure(reason: .emergency(automatic: false), message: "We have an outage.", periodStart: since, nextOpening: nil))
        var unrecorded = calendar
        unrecorded.emergency.since = nil
        #expect(unrecorded.status(at: utcInstant("2027-03-01T10:00:00Z"), anyAgentLoggedIn: true).closure?.periodStart == utcInstant("2027-03-01T08:00:00Z"))
    }

    @Test func emergencySwitchedOnWhileClosedContinuesThatClosurePeriod() {
        let calendar = Self.support(emergency: EmergencyMode(enabled: true, message: "Outage", since: utcInstant("2027-03-07T12:00:00Z")))  // Sunday
        let monday = calendar.status(at: utcInstant("2027-03-08T09:00:00Z"), anyAgentLoggedIn: true).closure
        #expect(monday?.reason == .emergency(automatic: false))
        #expect(monday?.periodStart == utcInstant("2027-03-06T13:00:00Z"))  // closed since Saturday 14:00
        // Switched on in opening hours: the evening's closure belongs to the same period.
        let friday = Self.support(emergency: EmergencyMode(enabled: true, message: "Outage", since: utcInstant("2027-03-05T09:00:00Z")))
        let evening = friday.status(at: utcInstant("2027-03-05T20:00:00Z"), anyAgentLoggedIn: true).closure
        #expect(evening?.reason == .outsideHours)
        #expect(evening?.periodStart == utcInstant("2027-03-05T09:00:00Z"))
        #expect(evening?.nextOpening == nil)
    }

    @Test func emergencySwitchesOnByItselfWhenNoAgentIsLoggedIn() {
        let calendar = Self.support(emergency: EmergencyMode(message: "Nobody can answer right now.", automaticWhenNoAgentLoggedIn: true))
        let morning = utcInstant("2027-03-01T10:00:00Z")
        #expect(calendar.status(at: morning, anyAgentLoggedIn: true) == .open)
        let closure = calendar.status(at: morning, anyAgentLoggedIn: false).closure
        #expect(closure == CalendarClosure(reason: .emergency(automatic: true), message: "Nobody can answer right now.",
                                           periodStart: utcInstant("2027-03-01T08:00:00Z"), nextOpening: nil))
        var manual = calendar
        manual.emergency.enabled = true
        #expect(manual.status(at: morning, anyAgentLoggedIn: false).closure?.reason == .emergency(automatic: false))
        var off = calendar
        off.emergency.automaticWhenNoAgentLoggedIn = false
        #expect(off.status(at: morning, anyAgentLoggedIn: false) == .open)
    }

    @Test func checksRunSpecialDayThenHoursThenEmergency() {
        let calendar = Self.support(emergency: EmergencyMode(enabled: true, message: "Outage"))
        // A closed special day wins over emergency.
        #expect(calendar.status(at: utcInstant("2027-12-25T10:00:00Z"), anyAgentLoggedIn: true).closure?.reason == .specialDay(name: "Christmas"))
        // Closed by the special day's own hours, too.
        #expect(calendar.status(at: utcInstant("2027-12-24T15:00:00Z"), anyAgentLoggedIn: true).closure?.reason == .specialDay(name: "Christmas Eve"))
        // A special day that is open falls through to emergency.
        let eve = calendar.status(at: utcInstant("2027-12-24T09:00:00Z"), anyAgentLoggedIn: true).closure
        #expect(eve?.reason == .emergency(automatic: false))
        #expect(eve?.message == "Outage")
        // Outside hours wins over emergency.
        #expect(calendar.status(at: utcInstant("2027-03-01T20:00:00Z"), anyAgentLoggedIn: true).closure?.reason == .outsideHours)
        // Within hours, emergency.
        #expect(calendar.status(at: utcInstant("2027-03-01T09:00:00Z"), anyAgentLoggedIn: true).closure?.reason == .emergency(automatic: false))
    }

    @Test func theSameInstantIsReadInEachCalendarsZone() {
        let moment = utcInstant("2027-03-01T15:00:00Z")  // Monday: 16:00 Madrid, 10:00 New York, Tuesday 00:00 Tokyo
        #expect(Self.support(zone: "Europe/Madrid").status(at: moment, anyAgentLoggedIn: true) == .open)
        #expect(Self.support(zone: "America/New_York").status(at: moment, anyAgentLoggedIn: true) == .open)
        let tokyo = Self.support(zone: "Asia/Tokyo").status(at: moment, anyAgentLoggedIn: true).closure
        #expect(tokyo?.nextOpening == utcInstant("2027-03-02T00:00:00Z"))  // 09:00 JST
        let early = Self.support(zone: "America/New_York").status(at: utcInstant("2027-03-01T13:30:00Z"), anyAgentLoggedIn: true).closure
        #expect(early?.nextOpening == utcInstant("2027-03-01T14:00:00Z"))  // 09:00 EST
    }

    /// A calendar open every Sunday during `span`, in `zone`.
    static func sunday(_ span: String, zone: String) -> BusinessCalendar {
        BusinessCalendar(id: "night", name: "Night shift", timeZone: zone, hours: WeeklyHours([.sunday: openingSpans(span)]))
    }

    @Test func aSpanAcrossTheSkippedHourOfSpringIsAnHourShorter() {
        // Madrid, 2027-03-28: 02:00 CET becomes 03:00 CEST (01:00Z).
        let madrid = Self.sunday("01:00-05:00", zone: "Europe/Madrid")
        #expect(madrid.openIntervals(on: LocalDate(year: 2027, month: 3, day: 28)) == [utcInstant("2027-03-28T00:00:00Z")..<utcInstant("2027-03-28T03:00:00Z")])
        #expect(madrid.status(at: utcInstant("2027-03-28T01:30:00Z"), anyAgentLoggedIn: true) == .open)  // 03:30 CEST
        let after = madrid.status(at: utcInstant("2027-03-28T03:00:00Z"), anyAgentLoggedIn: true).closure
        #expect(after?.periodStart == utcInstant("2027-03-28T03:00:00Z"))
        #expect(after?.nextOpening == utcInstant("2027-04-03T23:00:00Z"))  // next Sunday 01:00 CEST
        // A span that starts inside the skipped hour opens when the clock jumps.
        #expect(Self.sunday("02:30-04:00", zone: "Europe/Madrid").openIntervals(on: LocalDate(year: 2027, month: 3, day: 28))
            == [utcInstant("2027-03-28T01:00:00Z")..<utcInstant("2027-03-28T02:00:00Z")])
        // New York, 2027-03-14: 02:00 EST becomes 03:00 EDT.
        let newYork = Self.sunday("01:00-04:00", zone: "America/New_York")
        #expect(newYork.openIntervals(on: LocalDate(year: 2027, month: 3, day: 14)) == [utcInstant("2027-03-14T06:00:00Z")..<utcInstant("2027-03-14T08:00:00Z")])
        #expect(newYork.status(at: utcInstant("2027-03-14T07:30:00Z"), anyAgentLoggedIn: true) == .open)  // 03:30 EDT
        #expect(newYork.status(at: utcInstant("2027-03-14T08:00:00Z"), anyAgentLoggedIn: true) != .open)
    }

    @Test func aSpanAcrossTheRepeatedHourOfAutumnIsAnHourLonger() {
        // Madrid, 2027-10-31: 03:00 CEST becomes 02:00 CET (01:00Z); 02:00–03:00 happens twice.
        let madrid = Self.sunday("01:00-05:00", zone: "Europe/Madrid")
        #expect(madrid.openIntervals(on: LocalDate(year: 2027, month: 10, day: 31)) == [utcInstant("2027-10-30T23:00:00Z")..<utcInstant("2027-10-31T04:00:00Z")])
        #expect(madrid.status(at: utcInstant("2027-10-31T01:30:00Z"), anyAgentLoggedIn: true) == .open)  // the second 02:30
        // A span ending in the repeated hour ends at its first occurrence.
        #expect(Self.sunday("00:00-02:30", zone: "Europe/Madrid").openIntervals(on: LocalDate(year: 2027, month: 10, day: 31))
            == [utcInstant("2027-10-30T22:00:00Z")..<utcInstant("2027-10-31T00:30:00Z")])
        // New York, 2027-11-07: 02:00 EDT becomes 01:00 EST.
        let newYork = Self.sunday("00:00-04:00", zone: "America/New_York")
        #expect(newYork.openIntervals(on: LocalDate(year: 2027, month: 11, day: 7)) == [utcInstant("2027-11-07T04:00:00Z")..<utcInstant("2027-11-07T09:00:00Z")])
    }

    @Test func aSpecialDayBeginsAtMidnightInTheCalendarsZoneNotUTC() {
        let always = WeeklyHours(openingSpans("00:00-24:00"), on: Weekday.allCases)
        let calendar = BusinessCalendar(id: "always", name: "24/7", timeZone: "Europe/Madrid", hours: always, closedMessage: "Closed",
                                        specialDays: [SpecialDay(date: LocalDate(year: 2027, month: 12, day: 25), name: "Christmas", message: "Closed today")])
        #expect(calendar.status(at: utcInstant("2027-12-24T22:59:59Z"), anyAgentLoggedIn: true) == .open)
        let closure = calendar.status(at: utcInstant("2027-12-24T23:00:00Z"), anyAgentLoggedIn: true).closure
        #expect(closure == CalendarClosure(reason: .specialDay(name: "Christmas"), message: "Closed today",
                                           periodStart: utcInstant("2027-12-24T23:00:00Z"), nextOpening: utcInstant("2027-12-25T23:00:00Z")))
        #expect(calendar.status(at: utcInstant("2027-12-25T22:59:59Z"), anyAgentLoggedIn: true).closure?.reason == .specialDay(name: "Christmas"))
        #expect(calendar.status(at: utcInstant("2027-12-25T23:00:00Z"), anyAgentLoggedIn: true) == .open)
    }

    @Test func openStretchesAcrossMidnightAreOneForTheClosurePeriod() {
        var hours = WeeklyHours([.monday: openingSpans("18:00-24:00"), .tuesday: openingSpans("00:00-02:00", "02:00-06:00")])
        hours[.wednesday] = []
        let calendar = BusinessCalendar(id: "late", name: "Late", timeZone: "Europe/Madrid", hours: hours,
                                        emergency: EmergencyMode(message: "No agents", automaticWhenNoAgentLoggedIn: true))
        let closure = calendar.status(at: utcInstant("2027-03-02T03:00:00Z"), anyAgentLoggedIn: false).closure  // Tuesday 04:00
        #expect(closure?.periodStart == utcInstant("2027-03-01T17:00:00Z"))  // Monday 18:00
    }

    @Test func aCalendarThatNeverOpensHasNoNextOpeningNorPeriodStart() {
        let closed = BusinessCalendar(id: "closed", name: "Closed", timeZone: "UTC", closedMessage: "Closed")
        #expect(closed.status(at: utcInstant("2027-03-01T10:00:00Z"), anyAgentLoggedIn: true).closure
            == CalendarClosure(reason: .outsideHours, message: "Closed", periodStart: nil, nextOpening: nil))
    }

    @Test func theCalendarRoundTripsThroughJSON() throws {
        let calendar = Self.support(emergency: EmergencyMode(enabled: true, message: "Outage", automaticWhenNoAgentLoggedIn: true))
        let data = try JSONEncoder().encode(calendar)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"--01-01\"") && text.contains("\"2027-12-25\"") && text.contains("\"monday\""))
        #expect(try JSONDecoder().decode(BusinessCalendar.self, from: data) == calendar)
        let minimal = try JSONDecoder().decode(BusinessCalendar.self, from: Data(#"{"id":"x","name":"X","timeZone":"UTC","hours":{"friday":[{"start":60,"end":120}]}}"#.utf8))
        #expect(minimal.hours[.friday] == [OpeningSpan(start: 60, end: 120)] && minimal.specialDays.isEmpty && !minimal.emergency.enabled)
    }

    @Test func localDatesCountDaysAndWeekdays() {
        #expect(LocalDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(LocalDate(dayNumber: LocalDate(year: 2028, month: 2, day: 29).dayNumber) == LocalDate(year: 2028, month: 2, day: 29))
        #expect(LocalDate(year: 2027, month: 12, day: 24).weekday == .friday)
        #expect(LocalDate(year: 1969, month: 12, day: 31).weekday == .wednesday)
        #expect(LocalDate(year: 2027, month: 12, day: 31).adding(days: 1) == LocalDate(year: 2028, month: 1, day: 1))
        #expect(LocalDate("2027-02-29") == nil && LocalDate("2028-02-29") != nil)
        #expect(Weekday.allCases.allSatisfy { Weekday(foundationNumber: $0.foundationNumber) == $0 })
    }
}
