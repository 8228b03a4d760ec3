import Domain
import Testing

/// Every invalid calendar is rejected with the item named.
@Suite struct BusinessCalendarValidationTests {
    static func calendar(zone: String = "Europe/Madrid", hours: WeeklyHours = WeeklyHours(), special: [SpecialDay] = []) -> BusinessCalendar {
        BusinessCalendar(id: "support", name: "Support", timeZone: zone, hours: hours, specialDays: special)
    }

    @Test func aGoodCalendarHasNoProblems() {
        let hours = WeeklyHours(openingSpans("09:00-12:30", "12:30-18:00", "22:00-24:00"), on: WeeklyHours.workweek)
        let special = [SpecialDay(date: LocalDate(year: 2027, month: 12, day: 24), name: "Christmas Eve", open: openingSpans("09:00-14:00")),
                       SpecialDay(date: .yearly(month: 12, day: 24), name: "Christmas Eve every year"),
                       SpecialDay(date: .yearly(month: 2, day: 29), name: "Leap day")]
        #expect(Self.calendar(hours: hours, special: special).problems() == [])
    }

    @Test func anUnknownTimeZoneIsNamed() {
        #expect(Self.calendar(zone: "Europe/Madird").problems()
            == ["calendars[support].time_zone: 'Europe/Madird' is not a known IANA time zone (such as Europe/Madrid or America/New_York)"])
    }

    @Test func aSpanThatEndsBeforeItStartsIsNamedWithItsDayAndIndex() {
        let hours = WeeklyHours([.monday: [OpeningSpan("09:00-10:00")!, OpeningSpan(start: 720, end: 660)]])
        #expect(Self.calendar(hours: hours).problems() == ["calendars[support].hours.monday[1]: 12:00–11:00 ends before it starts"])
    }

    @Test func emptyAndOutOfRangeSpansAreNamed() {
        let hours = WeeklyHours([.tuesday: [OpeningSpan(start: 600, end: 600)],
                                 .friday: [OpeningSpan(start: -30, end: 60), OpeningSpan(start: 1380, end: 1500)]])
        #expect(Self.calendar(hours: hours).problems() == [
            "calendars[support].hours.tuesday[0]: 10:00–10:00 is empty (it ends when it starts)",
            "calendars[support].hours.friday[0]: -00:30–01:00 starts outside the day (00:00 to 23:59)",
            "calendars[support].hours.friday[1]: 23:00–25:00 ends outside the day (00:01 to 24:00)",
        ])
    }

    @Test func overlappingSpansInOneDayAreNamed() {
        let hours = WeeklyHours([.wednesday: openingSpans("13:00-18:00", "09:00-13:30", "17:00-19:00")])
        #expect(Self.calendar(hours: hours).problems() == [
            "calendars[support].hours.wednesday[1]: 09:00–13:30 overlaps wednesday[0] 13:00–18:00",
            "calendars[support].hours.wednesday[2]: 17:00–19:00 overlaps wednesday[0] 13:00–18:00",
        ])
    }

    @Test func specialDaysProblemsNameTheDay() {
        let special = [
            SpecialDay(date: LocalDate(year: 2027, month: 12, day: 24), name: "Christmas Eve", open: openingSpans("09:00-14:00", "13:00-15:00")),
            SpecialDay(date: LocalDate(year: 2027, month: 12, day: 24), name: "Eve again"),
            SpecialDay(date: .yearly(month: 12, day: 25), name: "Christmas"),
            SpecialDay(date: .yearly(month: 12, day: 25), name: "Navidad"),
            SpecialDay(date: LocalDate(year: 2027, month: 2, day: 29), name: "No such day"),
            SpecialDay(date: .yearly(month: 4, day: 31), name: "Nor this"),
            SpecialDay(date: LocalDate(year: 2027, month: 5, day: 1), name: " ", open: [OpeningSpan(start: 600, end: 540)]),
        ]
        #expect(Self.calendar(special: special).problems() == [
            "calendars[support].special_days[0] (Christmas Eve, 2027-12-24).open[1]: 13:00–15:00 overlaps open[0] 09:00–14:00",
            "calendars[support].special_days[1] (Eve again, 2027-12-24): the same date as special_days[0] (Christmas Eve); keep one",
            "calendars[support].special_days[3] (Navidad, --12-25): the same date as special_days[2] (Christmas); keep one",
            "calendars[support].special_days[4] (No such day, 2027-02-29): 2027-02-29 is not a valid date",
            "calendars[support].special_days[5] (Nor this, --04-31): --04-31 is not a valid date",
            "calendars[support].special_days[6] ( , 2027-05-01): give the special day a name",
            "calendars[support].special_days[6] ( , 2027-05-01).open[0]: 10:00–09:00 ends before it starts",
        ])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let hours = WeeklyHours([.monday: [OpeningSpan(start: 720, end: 660)], .sunday: openingSpans("10:00-12:00", "11:00-13:00")])
        let special = [SpecialDay(date: .yearly(month: 1, day: 1), name: "A"), SpecialDay(date: .yearly(month: 1, day: 1), name: "B")]
        #expect(Self.calendar(zone: "Mars/Olympus", hours: hours, special: special).problems().count == 4)
    }

    @Test func openingSpansParseClockTimes() {
        #expect(OpeningSpan("9:00 – 12:30") == OpeningSpan(start: 540, end: 750))
        #expect(OpeningSpan("18:00-24:00") == OpeningSpan(start: 1080, end: 1440))
        #expect(OpeningSpan("18:00-24:30") == nil && OpeningSpan("9-12") == nil && OpeningSpan("09:60-10:00") == nil)
        #expect(SpecialDay.Occurrence("--02-29") == .yearly(month: 2, day: 29) && SpecialDay.Occurrence("--02-30") == nil)
    }
}
