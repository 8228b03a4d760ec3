import Domain
import Reporting
import Testing

@testable import App

/// The wallboard's service level is the workgroup's own goal (`service_level_seconds`, `service_level_target`), not
/// the first report threshold: the demo's Support (goal 1 h) showed "Service level 30s 1.5 %" (found by a QA pass).
@Suite struct ServiceLevelGoalTests {
    @Test func theGoalIsAmongTheReportThresholdsAndTheWallboardShowsIt() {
        var routing = WorkgroupRouting()
        routing.serviceLevels = [30, 60, 300, 900, 3600]
        let fourHours = Workgroup(id: "billing", name: "Billing", serviceLevelSeconds: 14_400, serviceLevelTarget: 0.9, routing: routing)
        #expect(ParleyServer.thresholds(of: fourHours) == [30, 60, 300, 900, 3600, 14_400])
        let oneHour = Workgroup(id: "support", name: "Support", serviceLevelSeconds: 3600, routing: routing)
        #expect(ParleyServer.thresholds(of: oneHour) == [30, 60, 300, 900, 3600], "already there: no second column")
        routing.serviceLevels = Array(stride(from: 10, through: 200, by: 10))  // 20 thresholds, more than the 12 slots
        let crowded = Workgroup(id: "crowded", name: "Crowded", serviceLevelSeconds: 7200, routing: routing)
        #expect(ParleyServer.thresholds(of: crowded) == Array(stride(from: 10, through: 110, by: 10)) + [7200], "the goal keeps its slot")

        var settings = ReportFold.Settings(thresholds: ["billing": ParleyServer.thresholds(of: fourHours)])
        settings.goals = ["billing": ServiceLevelGoal(seconds: 14_400, target: 0.9)]
        #expect(settings.goalSeconds(of: "billing") == 14_400)
        #expect(settings.goalSeconds(of: "other") == 30, "no goal: the first threshold, as before")
    }
}
