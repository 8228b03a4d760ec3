import Domain
import Foundation
@testable import Reporting
import Storage
import Testing

@Suite struct ReportPeriodTests {
    func period(_ zone: String, _ from: String, _ through: String, _ step: ReportPeriod.Step) throws -> ReportPeriod {
        try ReportPeriod(from: LocalDate(from)!, through: LocalDate(through)!, zone: TimeZone(identifier: zone)!, step: step)
    }

    @Test func aSpringForwardDayHas23HoursAndAFallBackDay25() throws {
        let spring = try period("Europe/Berlin", "2027-03-28", "2027-03-28", .quarterHour)
        #expect(spring.intervals.count == 92)
        #expect(spring.endMs - spring.startMs == 23 * 3_600_000)
        let autumn = try period("Europe/Berlin", "2027-10-31", "2027-10-31", .hour)
        #expect(autumn.intervals.count == 25)
        // The repeated hour shows twice on the wall clock.
        #expect(autumn.intervals.map(\.label).filter { $0 == "2027-10-31 02:00" }.count == 2)
    }

    @Test func halfHourZonesCutHoursIntoQuarterBucketsAtTheEdges() throws {
        let day = try period("Asia/Kolkata", "2027-01-10", "2027-01-10", .day)
        #expect(day.intervals.count == 1)
        // 00:00 IST is 18:30 UTC: two quarters, 23 whole hours, two quarters.
        let ranges = day.ranges
        #expect(ranges.filter { $0.grain == .hour }.map { $0.upper - $0.lower } == [23])
        #expect(ranges.filter { $0.grain == .quarter }.map { $0.upper - $0.lower } == [2, 2])
        let covered = ranges.map { ($0.upper - $0.lower) * $0.grain.milliseconds }.reduce(0, +)
        #expect(covered == 86_400_000)
    }

    @Test func wholeDaysOfTheReportZoneAreReadFromTheDayGrain() throws {
        let kolkata = TimeZone(identifier: "Asia/Kolkata")!, berlin = TimeZone(identifier: "Europe/Berlin")!
        // In the report zone itself, a day is one day bucket, even the 23-hour spring-forward day.
        let days = try period("Asia/Kolkata", "2027-01-10", "2027-01-12", .day).ranges(days: kolkata)
        #expect(days.map(\.grain) == [.day, .day, .day])
        #expect(days.map(\.lower) == [Int64(LocalDate("2027-01-10")!.dayNumber), Int64(LocalDate("2027-01-11")!.dayNumber),
                                      Int64(LocalDate("2027-01-12")!.dayNumber)])
        #expect(try period("Europe/Berlin", "2027-03-28", "2027-03-28", .day).ranges(days: berlin).map(\.grain) == [.day])
        // A UTC month read with Berlin days: Berlin's whole days inside it, and the hours before the first and after the last.
        let month = try period("UTC", "2027-03-01", "2027-03-31", .month)
        let ranges = month.ranges(days: berlin)
        #expect(ranges.filter { $0.grain == .day }.map { $0.upper - $0.lower } == [30])
        let hours = ranges.filter { $0.grain == .hour }.map { $0.upper - $0.lower }.reduce(0, +)
        // Berlin's first midnight inside is 23:00 UTC on the 1st (winter time), its last 22:00 UTC on the 31st (summer time).
        #expect(hours == 23 + 2)
        // Nothing in Kolkata's days fits in a Berlin quarter hour: the fixed grains alone.
        let quarter = try period("Europe/Berlin", "2027-03-28", "2027-03-28", .quarterHour)
        #expect(quarter.ranges(days: kolkata) == quarter.ranges)
    }

    @Test func reportDaysCutTimeWithoutGapsOrOverlapsAcrossClockChanges() {
        // Beirut's clocks fall back at midnight to 23:00 (2026-10-25), so 24 October has 25 hours; St John's is -03:30.
        for zone in ["Asia/Beirut", "Europe/Berlin", "America/St_Johns", "Asia/Kolkata"].map({ TimeZone(identifier: $0)! }) {
            var days = ReportDays(zone: zone)
            var cursor: Int64 = 1_792_000_000_000  // 2026-10-14
            var previous: ReportDays.Day?
            while cursor < 1_794_000_000_000 {     // 2026-11-06
                let day = days.day(of: cursor)
                #expect(day.contains(cursor))
                if let previous, previous != day { #expect(previous.endMs == day.startMs && previous.number + 1 == day.number) }
                previous = day
                cursor += 1_800_000
            }
            let parts = days.split(from: 1_792_000_000_000, to: 1_794_000_000_000)
            #expect(parts.map(\.milliseconds).reduce(0, +) == 2_000_000_000)
            #expect(Set(parts.map(\.bucket)).count == parts.count)
        }
    }

    @Test func weeksStartOnMondayAndMonthsOnTheFirstClippedToTheRange() throws {
        let weeks = try period("UTC", "2027-03-03", "2027-03-20", .week)
        #expect(weeks.intervals.map(\.label) == ["2027-03-03", "2027-03-08", "2027-03-15"])
        let months = try period("UTC", "2027-01-15", "2027-03-02", .month)
        #expect(months.intervals.map(\.label) == ["2027-01-15", "2027-02-01", "2027-03-01"])
        #expect(months.intervals.last!.endMs - months.intervals.last!.startMs == 2 * 86_400_000)
    }

    @Test func badRangesAreRefusedWithAReason() {
        #expect(throws: ReportPeriod.Problem.reversed) { try period("UTC", "2027-03-02", "2027-03-01", .day) }
        #expect(throws: ReportPeriod.Problem.tooLong(days: 40, limit: 31)) { try period("UTC", "2027-03-01", "2027-04-09", .quarterHour) }
    }

    @Test func statesSplitExactlyAtBucketEdges() {
        // 10:50 to 12:20: quarters 10:50–11:00 (10 min), five whole quarters, 12:15–12:20 (5 min); hours 10–11 (10), 11–12 (60), 12– (20).
        let parts = ReportFold.split(from: (10 * 60 + 50) * 60_000, to: (12 * 60 + 20) * 60_000)
        let quarters = parts.filter { $0.grain == .quarter }.map(\.milliseconds)
        let hours = parts.filter { $0.grain == .hour }.map(\.milliseconds)
        #expect(quarters.first == 600_000 && quarters.last == 300_000 && quarters.count == 7)
        #expect(hours == [600_000, 3_600_000, 1_200_000])
        #expect(quarters.reduce(0, +) == hours.reduce(0, +))
        #expect(ReportFold.split(from: 5, to: 5).isEmpty)
    }

    @Test func timestampsCarryTheZoneOffset() {
        #expect(ReportPeriod.timestamp(1_768_000_000_250, zone: TimeZone(identifier: "Asia/Kolkata")!) == "2026-01-10T04:36:40.250+05:30")
        #expect(ReportPeriod.timestamp(1_768_000_000_000, zone: TimeZone(identifier: "America/St_Johns")!) == "2026-01-09T19:36:40-03:30")
    }
}

@Suite struct ReportCSVTests {
    @Test func cellsAreQuotedAndFormulasDefused() {
        let csv = ReportCSV.render(header: ["a", "b"], rows: [
            [.text("=HYPERLINK(\"http://x\")"), .integer(-5)],
            [.text("line\nbreak, \"quoted\""), .text("@SUM(A1)")],
            [.text("+1"), .decimal(12.5)],
            [.text("\u{202E}evil"), .empty],
        ])
        #expect(csv == "a,b\r\n\"'=HYPERLINK(\"\"http://x\"\")\",-5\r\n\"line\nbreak, \"\"quoted\"\"\",'@SUM(A1)\r\n'+1,12.50\r\n\u{202E}evil,\r\n")
    }

    /// Workgroups with different thresholds: the header took the first row's, and the other rows' figures fell under
    /// other thresholds' columns.
    @Test func serviceLevelColumnsAreEveryThresholdOfAnyRow() throws {
        func row(_ workgroup: String, _ levels: [(Int, Int64)]) -> QueuePerformanceRow {
            QueuePerformanceRow(interval: nil, workgroup: workgroup, offered: 4, answered: 4, abandoned: 0, shortAbandoned: 0, flowedOut: 0, waiting: 0,
                                transferred: 0, handled: 4, deflected: .init(closed: 0, specialDay: 0, emergency: 0, other: 0), nonActionable: 0,
                                inbound: 4, outbound: 4, waitingMs: 0, averageQueueLength: nil, averageWaitMs: nil, maxWaitMs: 0,
                                averageAbandonWaitMs: nil, averageHandleMs: nil,
                                serviceLevels: levels.map { .init(seconds: $0.0, answeredWithin: $0.1, percent: Double($0.1) * 25) })
        }
        let text = QueuePerformanceRow.csv([row("sales", [(30, 1), (60, 2)]), row("support", [(10, 3), (30, 4)])])
        let lines = text.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        func cell(_ line: [String], _ name: String) throws -> String { line[try #require(header.firstIndex(of: name), "\(name)")] }
        #expect(header.filter { $0.hasPrefix("answered_within_") } == ["answered_within_10s", "answered_within_30s", "answered_within_60s"])
        #expect(lines.allSatisfy { $0.count == header.count })
        #expect(try cell(lines[1], "answered_within_10s") == "" && cell(lines[1], "answered_within_30s") == "1" && cell(lines[1], "answered_within_60s") == "2")
        #expect(try cell(lines[2], "answered_within_10s") == "3" && cell(lines[2], "service_level_30s_percent") == "100.00"
                && cell(lines[2], "answered_within_60s") == "")
    }
}
