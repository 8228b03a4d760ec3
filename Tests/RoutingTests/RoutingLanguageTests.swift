import Domain
import Foundation
import Testing

@testable import Routing

/// A workgroup's language map: an interaction whose customer writes Spanish goes only to agents with the
/// Spanish skill, until a tier that admits any member. Each agent takes the best-priority interaction they
/// qualify for; nobody is held back by one they cannot take.
@Suite struct RoutingLanguageTests {
    let t0 = Date(timeIntervalSince1970: 1_767_225_600)

    func agent(_ id: User.ID, _ skills: [Skill.ID: Int], in workgroups: Set<Workgroup.ID> = ["support"], web: Int = 1) -> RoutingCommand {
        .agentUpdated(AgentProfile(id: id, presence: .ready, skills: skills, workgroups: workgroups, capacity: [.webMessaging: web]))
    }

    func arrive(_ id: Interaction.ID, at date: Date, language: String? = nil, in workgroup: Workgroup.ID = "support", priority: Int? = nil) -> RoutingCommand {
        .interactionArrived(RoutableInteraction(id: id, workgroup: workgroup, capacityClass: .webMessaging, priority: priority, queuedAt: date,
                                                language: language))
    }

    func support(expansion: [ExpansionTier] = [], required: [SkillRequirement] = [], overflow: Overflow? = nil, minimum: Int = 2) -> WorkgroupPolicy {
        WorkgroupPolicy(id: "support", requiredSkills: required, expansion: expansion, overflow: overflow, agingPerMinute: 0,
                        languages: ["es": "spanish", "fr": "french"], languageMinimum: minimum)
    }

    @Test func aSpanishInteractionWaitsForASpeakerWhileTheEnglishOnlyAgentTakesTheNextEnglishOne() throws {
        var engine = RoutingEngine(policies: [support()])
        _ = engine.handle(agent("eng", ["english": 5]), now: t0)
        #expect(engine.handle(arrive("hola", at: t0, language: "es"), now: t0).isEmpty, "eng is ready but has no Spanish")
        #expect(engine.handle(arrive("hello", at: t0 + 1, language: "en"), now: t0 + 1).brief == ["offer hello eng"], "English is not in the map")
        #expect(engine.handle(agent("weak", ["spanish": 1]), now: t0 + 2).isEmpty, "Spanish 1 is below the minimum of 2")
        let decisions = engine.handle(agent("sol", ["spanish": 3]), now: t0 + 3)
        #expect(decisions.brief == ["offer hola sol"])
        guard case .offer(_, _, _, let why) = decisions.first else { return }
        #expect(why.language == RoutingExplanation.Language(requirement: LanguageRequirement(language: "es", skill: "spanish", minimum: 2), waived: false))
        #expect(why.candidates.map(\.languageProficiency) == [3])
        #expect(why.eligible == 1, "weak lacks the language")
    }

    @Test func aRegionOrUpperCaseCodeFindsItsLanguage() {
        var engine = RoutingEngine(policies: [support()])
        _ = engine.handle(agent("eng", ["english": 5]), now: t0)
        #expect(engine.handle(arrive("i1", at: t0, language: "ES-mx"), now: t0).isEmpty)
        #expect(engine.handle(agent("sol", ["spanish": 2]), now: t0 + 1).brief == ["offer i1 sol"])
    }

    @Test func aTierAdmittingAnyMemberReleasesTheLanguageToAnyone() throws {
        var engine = RoutingEngine(policies: [support(
            expansion: [ExpansionTier(after: 30, minimum: 1), ExpansionTier(after: 60, minimum: 0)],
            required: [SkillRequirement(skill: "english", minimum: 3)])])
        _ = engine.handle(agent("eng", ["english": 5]), now: t0)
        #expect(engine.handle(arrive("hola", at: t0, language: "es"), now: t0).isEmpty)
        #expect(engine.handle(.tick, now: t0 + 30).isEmpty, "tier 1 lowers the skills, not the language")
        #expect(engine.handle(.tick, now: t0 + 59).isEmpty)
        let decisions = engine.handle(.tick, now: t0 + 60)
        #expect(decisions.brief == ["offer hola eng"], "tier 2 admits any member, speaker or not")
        guard case .offer(_, _, _, let why) = decisions.first else { return }
        #expect(why.tier == 2)
        #expect(why.language?.waived == true)
        #expect(why.candidates.map(\.languageProficiency) == [0], "the explanation shows what the agent lacks")
    }

    @Test func aFreedAgentTakesTheBestInteractionTheyQualifyFor() {
        var engine = RoutingEngine(policies: [support()])
        _ = engine.handle(agent("eng", ["english": 5]), now: t0)
        _ = engine.handle(arrive("busy", at: t0), now: t0)
        _ = engine.handle(.accepted("busy", by: "eng"), now: t0)
        _ = engine.handle(arrive("hola", at: t0 + 1, language: "es"), now: t0 + 1)
        _ = engine.handle(arrive("hello", at: t0 + 2), now: t0 + 2)
        #expect(engine.handle(.closed("busy"), now: t0 + 3).brief == ["offer hello eng"], "the older Spanish head is not eng's to take")
        #expect(engine.state(of: "hola") == .queued(workgroup: "support", tier: 0))

        var both = RoutingEngine(policies: [support()])
        _ = both.handle(agent("ana", ["english": 5, "spanish": 5]), now: t0)
        _ = both.handle(arrive("busy", at: t0), now: t0)
        _ = both.handle(.accepted("busy", by: "ana"), now: t0)
        _ = both.handle(arrive("hola", at: t0 + 1, language: "es"), now: t0 + 1)
        _ = both.handle(arrive("hello", at: t0 + 2), now: t0 + 2)
        _ = both.handle(arrive("bonjour", at: t0 + 3, language: "fr", priority: 90), now: t0 + 3)
        #expect(both.handle(.closed("busy"), now: t0 + 4).brief == ["offer hola ana"],
                "ana has no French: of what she can take, the Spanish one has waited longest")
        _ = both.handle(.accepted("hola", by: "ana"), now: t0 + 5)
        _ = both.handle(arrive("vip", at: t0 + 6, priority: 70), now: t0 + 6)
        #expect(both.handle(.closed("hola"), now: t0 + 7).brief == ["offer vip ana"], "then by priority, language or not")
        #expect(both.state(of: "bonjour") == .queued(workgroup: "support", tier: 0))
    }

    @Test func anOverflowToAWorkgroupWithoutAMapDropsTheRequirementAndATransferBackRestoresIt() {
        var engine = RoutingEngine(policies: [support(overflow: Overflow(to: "general", after: 120)),
                                              WorkgroupPolicy(id: "general", agingPerMinute: 0)])
        _ = engine.handle(agent("eng", ["english": 5], in: ["support", "general"], web: 2), now: t0)
        #expect(engine.handle(arrive("hola", at: t0, language: "es"), now: t0).isEmpty)
        let overflowed = engine.handle(.tick, now: t0 + 120)
        #expect(overflowed.brief == ["overflow hola support general", "offer hola eng"], "general has no language map")
        guard case .offer(_, _, _, let why)? = overflowed.last else { return }
        #expect(why.language == nil)
        _ = engine.handle(.rejected("hola", by: "eng"), now: t0 + 121)
        #expect(engine.handle(.transfer("hola", to: .workgroup("support")), now: t0 + 122).brief == ["transfer hola - workgroup support"],
                "back in support, Spanish is required again")
        #expect(engine.handle(agent("sol", ["spanish": 2], in: ["support"]), now: t0 + 123).brief == ["offer hola sol"])
    }

    @Test func aRestoredInteractionKeepsItsLanguage() {
        var engine = RoutingEngine(policies: [support()])
        _ = engine.handle(agent("eng", ["english": 5]), now: t0)
        let hola = RoutableInteraction(id: "hola", workgroup: "support", capacityClass: .webMessaging, queuedAt: t0, language: "es")
        engine.restoreReserved(hola, for: "eng", until: t0 - 1, rule: .lastAgent, now: t0)
        #expect(engine.state(of: "hola") == .queued(workgroup: "support", tier: 0), "past its reservation it queues, still Spanish")
        engine.restoreHeld(RoutableInteraction(id: "held", workgroup: "support", capacityClass: .webMessaging, queuedAt: t0, language: "fr"),
                           by: "eng", waitingForCustomer: false, now: t0)
        #expect(engine.interactions["held"]?.requirement == 1, "french is the first language skill in order")
        _ = engine.handle(.closed("held"), now: t0 + 1)
        #expect(engine.state(of: "hola") == .queued(workgroup: "support", tier: 0), "eng is free again but has no Spanish")
    }

    @Test func agentsWithoutTheLanguageAndWorkgroupsWithoutAMapRouteAsBefore() {
        var engine = RoutingEngine(policies: [WorkgroupPolicy(id: "support", agingPerMinute: 0)])
        _ = engine.handle(agent("eng", ["english": 5]), now: t0)
        let decisions = engine.handle(arrive("hola", at: t0, language: "es"), now: t0)
        #expect(decisions.brief == ["offer hola eng"])
        guard case .offer(_, _, _, let why)? = decisions.first else { return }
        #expect(why.language == nil && why.candidates.map(\.languageProficiency) == [nil])
    }
}
