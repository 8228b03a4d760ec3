import Domain
import Testing

@testable import Routing

@Suite struct RoutingValidationTests {
    func workgroup(_ id: Workgroup.ID, overflow: Workgroup.ID? = nil, _ change: (inout WorkgroupRouting) -> Void = { _ in }) -> Workgroup {
        var routing = WorkgroupRouting()
        routing.overflow = overflow.map { Overflow(to: $0, after: 60) }
        change(&routing)
        return Workgroup(id: id, name: id.rawValue, routing: routing)
    }

    @Test func overflowCyclesAreFoundWithTheirPath() {
        let groups = [workgroup("a", overflow: "b"), workgroup("b", overflow: "c"), workgroup("c", overflow: "a"), workgroup("d", overflow: "a"),
                      workgroup("e", overflow: "f"), workgroup("f")]
        #expect(RoutingValidation.overflowCycles(groups) == [["a", "b", "c", "a"]])
        #expect(RoutingValidation.overflowCycles([workgroup("e", overflow: "f"), workgroup("f")]).isEmpty)
    }

    @Test func eachProblemNamesItsItem() {
        var group = workgroup("support", overflow: "support") { routing in
            routing.expansion = [ExpansionTier(after: 60, minimum: 4), ExpansionTier(after: 30, minimum: 4)]
            routing.serviceLevels = Array(1...13)
            routing.priority = -1
        }
        group.requiredSkills = [SkillLevel(skill: "english", proficiency: 6), SkillLevel(skill: "german", proficiency: 3, maximum: 2)]
        let problems = RoutingValidation.problems(group, skills: ["english"], workgroups: ["support"])
        for expected in ["skill 'german' is not declared", "proficiency 6 for 'english' is out of range 1–5", "maximum 2 for 'german'",
                         "expansion tier 2 must start later", "expansion tier 2 must require less", "cannot overflow to itself",
                         "at most 12 service levels", "priority -1 is out of range"] {
            #expect(problems.contains { $0.contains(expected) }, "\(expected) in \(problems)")
        }
        #expect(RoutingValidation.problems(workgroup("fine"), skills: [], workgroups: ["fine"]).isEmpty)
    }

    @Test func aLanguageMapNeedsCodesDeclaredSkillsAndAMinimumOfOneToFive() {
        let group = workgroup("support") { routing in
            routing.languages = ["es": "spanish", "FR": "french", "deu": "german"]
            routing.languageMinimum = 0
        }
        let problems = RoutingValidation.problems(group, skills: ["spanish", "german"], workgroups: ["support"])
        #expect(problems.sorted() == [
            "language 'FR' is not an ISO 639-1 code (two lowercase letters, such as 'es')",
            "language 'FR': skill 'french' is not declared under 'skills'",
            "language 'deu' is not an ISO 639-1 code (two lowercase letters, such as 'es')",
            "language_minimum 0 is out of range 1–5",
        ].sorted())
        let fine = workgroup("support") { $0.languages = ["es": "spanish"] }
        #expect(RoutingValidation.problems(fine, skills: ["spanish"], workgroups: ["support"]).isEmpty)
    }

    @Test func agentProfilesNeedProficiencyOneToFiveAndCapacityOneToTwentyFive() {
        let problems = RoutingValidation.problems(skills: [SkillLevel(skill: "english", proficiency: 0)],
                                                  capacity: [.webMessaging: 0, .privateMessaging: 26, .publicSocial: 25], knownSkills: ["english"])
        #expect(problems.count == 3)
        #expect(problems.contains { $0.contains("capacity 0 for web_messaging") })
        #expect(problems.contains { $0.contains("capacity 26 for private_messaging") })
    }
}
