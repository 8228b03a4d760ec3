import Domain
import Foundation
import Testing

@testable import Routing

/// Scenarios of the skills-based ACD, each decision read as a short line ("offer i1 ann").
@Suite struct RoutingEngineTests {
    let t0 = Date(timeIntervalSince1970: 1_767_225_600)

    func agent(
        _ id: User.ID, _ presence: AgentPresenceState = .ready, in workgroups: Set<Workgroup.ID> = ["support"], skills: [Skill.ID: Int] = [:],
        web: Int = 1, social: Int = 0, total: Int = 25, blending: [CapacityClass: Set<CapacityClass>] = [:]
    ) -> RoutingCommand {
        .agentUpdated(AgentProfile(id: id, presence: presence, skills: skills, workgroups: workgroups,
                                   capacity: [.webMessaging: web, .privateMessaging: 2, .publicSocial: social], totalCapacity: total, mayInterrupt: blending))
    }

    func arrive(
        _ id: Interaction.ID, at date: Date, in workgroup: Workgroup.ID = "support", priority: Int? = nil, as capacityClass: CapacityClass = .webMessaging,
        lastAgent: User.ID? = nil
    ) -> RoutingCommand {
        .interactionArrived(RoutableInteraction(id: id, workgroup: workgroup, capacityClass: capacityClass, priority: priority, queuedAt: date, lastAgent: lastAgent))
    }

    func engine(_ policies: WorkgroupPolicy...) -> RoutingEngine {
        RoutingEngine(policies: policies.isEmpty ? [WorkgroupPolicy(id: "support", agingPerMinute: 0)] : policies)
    }

    @Test func theLongestIdleReadyMemberGetsTheOffer() {
        var engine = engine()
        #expect(engine.handle(agent("ann"), now: t0).isEmpty)
        _ = engine.handle(agent("bob"), now: t0 + 10)
        _ = engine.handle(agent("eve", in: ["billing"]), now: t0 - 100)
        #expect(engine.handle(arrive("i1", at: t0 + 20), now: t0 + 20).brief == ["offer i1 ann"], "eve idled longest but is not a member")
    }

    @Test func theHighestSkilledWinsThenTheLongestIdle() {
        var engine = engine(WorkgroupPolicy(id: "support", requiredSkills: [SkillRequirement(skill: "english", minimum: 2)]))
        _ = engine.handle(agent("ann", skills: ["english": 3]), now: t0)
        _ = engine.handle(agent("bob", skills: ["english": 5]), now: t0 + 5)
        _ = engine.handle(agent("cat", skills: ["english": 5]), now: t0 + 1)
        _ = engine.handle(agent("dan", skills: ["english": 1]), now: t0 - 50)
        let decisions = engine.handle(arrive("i1", at: t0 + 10), now: t0 + 10)
        #expect(decisions.brief == ["offer i1 cat"])
        guard case .offer(_, _, _, let why) = decisions.first else { return }
        #expect(why.rule == .mostSkilledThenLongestIdle)
        #expect(why.candidates.map(\.agent) == ["cat", "bob", "ann"], "ranked: skill, then idle time; dan is not skilled enough")
        #expect(why.candidates.map(\.proficiency) == [5, 5, 3])
        #expect(why.candidates.first?.idleSeconds == 9)
        #expect(why.eligible == 3)
        #expect(why.tier == 0)
        #expect(why.priority == 50)
    }

    @Test func theTargetWidensTierByTierUntilAnyMemberQualifies() {
        var engine = engine(WorkgroupPolicy(
            id: "support", requiredSkills: [SkillRequirement(skill: "english", minimum: 4, maximum: 4)],
            expansion: [ExpansionTier(after: 30, minimum: 3), ExpansionTier(after: 60, minimum: 0)], agingPerMinute: 0))
        _ = engine.handle(agent("expert", skills: ["english": 5]), now: t0)
        _ = engine.handle(agent("novice"), now: t0)
        #expect(engine.handle(arrive("i1", at: t0), now: t0).isEmpty, "the primary target is exactly 4: the expert is above it")
        #expect(engine.handle(.tick, now: t0 + 29).isEmpty)
        let widened = engine.handle(.tick, now: t0 + 30)
        #expect(widened.brief == ["offer i1 expert"], "tier 1 drops the ceiling and asks 3 or more")
        _ = engine.handle(.accepted("i1", by: "expert"), now: t0 + 31)
        _ = engine.handle(arrive("i2", at: t0 + 31), now: t0 + 31)
        #expect(engine.handle(.tick, now: t0 + 90).isEmpty, "59 s: still tier 1")
        #expect(engine.handle(.tick, now: t0 + 91).brief == ["offer i2 novice"], "tier 2 admits any member")
        guard case .offer(_, _, _, let why) = widened.first else { return }
        #expect(why.tier == 1)
    }

    @Test func leastBusyAndRoundRobinPickDifferently() {
        var busy = engine(WorkgroupPolicy(id: "support", strategy: .leastBusy, agingPerMinute: 0))
        _ = busy.handle(agent("ann", web: 3), now: t0)
        _ = busy.handle(agent("bob", web: 3), now: t0 + 1)
        _ = busy.handle(arrive("i1", at: t0 + 2), now: t0 + 2)
        _ = busy.handle(.accepted("i1", by: "ann"), now: t0 + 3)
        #expect(busy.handle(arrive("i2", at: t0 + 4), now: t0 + 4).brief == ["offer i2 bob"], "ann holds one")

        var rotating = engine(WorkgroupPolicy(id: "support", strategy: .roundRobin, agingPerMinute: 0))
        for name in ["ann", "bob", "cat"] { _ = rotating.handle(agent(User.ID(name), web: 5), now: t0) }
        var order: [String] = []
        for index in 0..<6 {
            let id = Interaction.ID("i\(index)")
            order += rotating.handle(arrive(id, at: t0 + Double(index)), now: t0 + Double(index)).brief
            if let offered = rotating.offer(for: id)?.agent { _ = rotating.handle(.accepted(id, by: offered), now: t0 + Double(index)) }
        }
        #expect(order == ["offer i0 ann", "offer i1 bob", "offer i2 cat", "offer i3 ann", "offer i4 bob", "offer i5 cat"])
    }

    @Test func higherPriorityGoesFirstAndAgingLetsTheOldCatchUp() {
        var engine = engine(WorkgroupPolicy(id: "support", priority: 50, agingPerMinute: 10))
        _ = engine.handle(arrive("old", at: t0), now: t0)
        _ = engine.handle(arrive("vip", at: t0 + 60, priority: 65), now: t0 + 60)
        // At t0+60 old has 60 points, vip 65: vip first.
        #expect(engine.handle(agent("ann"), now: t0 + 60).brief == ["offer vip ann"])
        var later = self.engine(WorkgroupPolicy(id: "support", priority: 50, agingPerMinute: 10))
        _ = later.handle(arrive("old", at: t0), now: t0)
        _ = later.handle(arrive("vip", at: t0 + 60, priority: 65), now: t0 + 60)
        // Both age at the same rate: old stays 5 points behind — the order between them never changes.
        #expect(later.handle(agent("ann"), now: t0 + 600).brief == ["offer vip ann"])
        var equal = self.engine(WorkgroupPolicy(id: "support", priority: 50, agingPerMinute: 10))
        _ = equal.handle(arrive("old", at: t0), now: t0)
        _ = equal.handle(arrive("new", at: t0 + 30, priority: 55), now: t0 + 30)
        #expect(equal.handle(agent("ann"), now: t0 + 31).brief == ["offer old ann"], "5 points are made up in 30 s; then the older wins the tie")
    }

    @Test func aFreedSlotImmediatelyPullsTheBestWaitingInteraction() {
        var engine = engine()
        _ = engine.handle(agent("ann", web: 1), now: t0)
        _ = engine.handle(arrive("i1", at: t0), now: t0)
        _ = engine.handle(.accepted("i1", by: "ann"), now: t0 + 1)
        #expect(engine.handle(arrive("i2", at: t0 + 2), now: t0 + 2).isEmpty, "ann is full")
        #expect(engine.handle(.closed("i1"), now: t0 + 3).brief == ["offer i2 ann"])
    }

    @Test func anUnansweredOfferIsRedirectedAndTheAgentGoesNotReady() {
        var engine = engine(WorkgroupPolicy(id: "support", alertingTimeout: 30, agingPerMinute: 0, ronaBoost: 7))
        _ = engine.handle(agent("ann"), now: t0)
        _ = engine.handle(agent("bob"), now: t0 + 1)
        _ = engine.handle(arrive("i1", at: t0 + 2), now: t0 + 2)
        #expect(engine.offer(for: "i1")?.agent == "ann")
        #expect(engine.handle(.tick, now: t0 + 31).isEmpty, "not yet expired")
        #expect(engine.handle(.tick, now: t0 + 32).brief == ["requeue i1 ann no_answer", "not_ready ann rona", "offer i1 bob"])
        #expect(engine.handle(.accepted("i1", by: "ann"), now: t0 + 33).brief == ["refuse i1 not_offered"], "a late accept does nothing")
        #expect(engine.profile(of: "ann")?.presence == .notReady("rona"))
        #expect(engine.interactions["i1"]?.basePriority == 57, "RONA raised its priority")
    }

    /// A missed offer is not a reject: the only agent, ready again, gets the customer (it used to stay queued for good).
    @Test func anAgentWhoMissedAnOfferIsOfferedItAgainOnceReady() {
        var engine = engine(WorkgroupPolicy(id: "support", alertingTimeout: 30, agingPerMinute: 0))
        _ = engine.handle(agent("ann"), now: t0)
        _ = engine.handle(arrive("i1", at: t0 + 1), now: t0 + 1)
        #expect(engine.handle(.tick, now: t0 + 32).brief == ["requeue i1 ann no_answer", "not_ready ann rona"])
        #expect(engine.handle(agent("ann"), now: t0 + 40).brief == ["offer i1 ann"])
    }

    @Test func aRejectedOfferIsNotOfferedToTheSameAgentAgain() {
        var engine = engine()
        _ = engine.handle(agent("ann"), now: t0)
        _ = engine.handle(arrive("i1", at: t0), now: t0)
        #expect(engine.handle(.rejected("i1", by: "ann"), now: t0 + 1).brief == ["requeue i1 ann rejected"])
        #expect(engine.waitingCount == 1)
        #expect(engine.handle(agent("bob"), now: t0 + 2).brief == ["offer i1 bob"])
    }

    @Test func ofTwoAcceptsOfOneOfferExactlyOneWins() {
        var engine = engine()
        _ = engine.handle(agent("ann"), now: t0)
        _ = engine.handle(arrive("i1", at: t0), now: t0)
        #expect(engine.handle(.accepted("i1", by: "ann"), now: t0 + 1).brief == ["assign i1 ann"])
        #expect(engine.handle(.accepted("i1", by: "ann"), now: t0 + 1).brief == ["refuse i1 not_offered"])
        #expect(engine.handle(.accepted("i1", by: "bob"), now: t0 + 1).brief == ["refuse i1 not_offered"])
    }

    @Test func aReturningCustomerWaitsForTheirLastAgentThenFallsBack() {
        var engine = engine(WorkgroupPolicy(id: "support", agingPerMinute: 0, lastAgentWait: 60))
        _ = engine.handle(agent("ann", .notReady("lunch")), now: t0)
        _ = engine.handle(agent("bob"), now: t0)
        #expect(engine.handle(arrive("i1", at: t0, lastAgent: "ann"), now: t0).brief == ["reserve i1 ann"], "bob is ready but it waits for ann")
        let offered = engine.handle(agent("ann"), now: t0 + 20)
        #expect(offered.brief == ["offer i1 ann"])
        guard case .offer(_, _, _, let why) = offered.first else { return }
        #expect(why.rule == .lastAgent)
        _ = engine.handle(.accepted("i1", by: "ann"), now: t0 + 21)
        _ = engine.handle(agent("ann", web: 1), now: t0 + 22)

        _ = engine.handle(arrive("i2", at: t0 + 30, lastAgent: "ann"), now: t0 + 30)
        #expect(engine.handle(.tick, now: t0 + 89).isEmpty, "ann is full: i2 keeps waiting for her")
        #expect(engine.handle(.tick, now: t0 + 90).brief == ["requeue i2 ann reservation_lapsed", "offer i2 bob"])
    }

    @Test func waitingForTheCustomerKeepsTheSlotForAWhileThenTheCustomerComesBackToTheSameAgent() {
        var engine = engine(WorkgroupPolicy(id: "support", agingPerMinute: 0, keepSlotWhileWaiting: 600, lastAgentWait: 120))
        _ = engine.handle(agent("ann", web: 1), now: t0)
        _ = engine.handle(arrive("i1", at: t0), now: t0)
        _ = engine.handle(.accepted("i1", by: "ann"), now: t0)
        _ = engine.handle(.waitingForCustomer("i1"), now: t0 + 10)
        #expect(engine.handle(arrive("i2", at: t0 + 20), now: t0 + 20).isEmpty, "the slot is kept")
        #expect(engine.handle(.tick, now: t0 + 610).brief == ["release i1 ann", "offer i2 ann"])
        _ = engine.handle(.accepted("i2", by: "ann"), now: t0 + 611)
        #expect(engine.handle(.customerReplied("i1"), now: t0 + 700).brief == ["requeue i1 ann agent_unavailable", "reserve i1 ann"],
                "ann is full: i1 waits for her")
        #expect(engine.handle(.closed("i2"), now: t0 + 710).brief == ["offer i1 ann"])
    }

    @Test func aCustomerReplyResumesOnTheSameAgentWhenThereIsRoom() {
        var engine = engine(WorkgroupPolicy(id: "support", agingPerMinute: 0, keepSlotWhileWaiting: 0))
        _ = engine.handle(agent("ann", web: 2), now: t0)
        _ = engine.handle(arrive("i1", at: t0), now: t0)
        _ = engine.handle(.accepted("i1", by: "ann"), now: t0)
        #expect(engine.handle(.waitingForCustomer("i1"), now: t0 + 1).brief == ["release i1 ann"], "keep time 0: released at once")
        #expect(engine.load(of: "ann")?.total == 0)
        #expect(engine.handle(.customerReplied("i1"), now: t0 + 5).brief == ["resume i1 ann"])
        #expect(engine.load(of: "ann")?.total == 1)
    }

    @Test func blendingRulesKeepSomeClassesFromInterruptingOthers() {
        var engine = engine()
        _ = engine.handle(agent("ann", web: 2, social: 1, blending: [.publicSocial: []]), now: t0)
        _ = engine.handle(arrive("post", at: t0, as: .publicSocial), now: t0)
        _ = engine.handle(.accepted("post", by: "ann"), now: t0)
        #expect(engine.handle(arrive("chat", at: t0 + 1), now: t0 + 1).isEmpty, "nothing interrupts a public post")
        #expect(engine.handle(.closed("post"), now: t0 + 2).brief == ["offer chat ann"])
    }

    @Test func aTotalCapAppliesAcrossClasses() {
        var engine = engine()
        _ = engine.handle(agent("ann", web: 2, total: 2), now: t0)
        for (index, capacityClass) in [CapacityClass.webMessaging, .privateMessaging, .privateMessaging].enumerated() {
            let id = Interaction.ID("i\(index)")
            _ = engine.handle(arrive(id, at: t0, as: capacityClass), now: t0)
            _ = engine.handle(.accepted(id, by: "ann"), now: t0)
        }
        #expect(engine.load(of: "ann")?.total == 2)
        #expect(engine.waitingCount == 1)
    }

    @Test func anAgentLoggingOutReturnsTheirWorkToTheFrontOfTheQueue() {
        var engine = engine(WorkgroupPolicy(id: "support", agingPerMinute: 0))
        _ = engine.handle(agent("ann", web: 2), now: t0)
        _ = engine.handle(arrive("mine", at: t0 + 50), now: t0 + 50)
        _ = engine.handle(.accepted("mine", by: "ann"), now: t0 + 50)
        _ = engine.handle(arrive("urgent", at: t0 + 51, priority: 99), now: t0 + 51)
        #expect(engine.handle(agent("ann", .loggedOut), now: t0 + 60).brief == ["requeue urgent ann agent_logged_out", "requeue mine ann agent_logged_out"])
        #expect(engine.handle(agent("bob"), now: t0 + 61).brief == ["offer mine bob"], "returned work goes first, even before priority 99")
    }

    @Test func transfersToAWorkgroupOrAnAgent() {
        var engine = engine(WorkgroupPolicy(id: "support", agingPerMinute: 0, transferBoost: 5),
                            WorkgroupPolicy(id: "billing", agingPerMinute: 0, transferBoost: 20, agentTransferWait: 30))
        _ = engine.handle(agent("ann"), now: t0)
        _ = engine.handle(agent("bea", in: ["billing"]), now: t0)
        _ = engine.handle(arrive("i1", at: t0), now: t0)
        _ = engine.handle(.accepted("i1", by: "ann"), now: t0)
        #expect(engine.handle(.transfer("i1", to: .workgroup("billing")), now: t0 + 5).brief == ["transfer i1 ann workgroup billing", "offer i1 bea"])
        #expect(engine.interactions["i1"]?.basePriority == 70)
        _ = engine.handle(.accepted("i1", by: "bea"), now: t0 + 6)
        #expect(engine.handle(.transfer("i1", to: .workgroup("nowhere")), now: t0 + 7).brief == ["refuse i1 unknown_workgroup"])
        #expect(engine.handle(.transfer("i1", to: .agent("ann")), now: t0 + 8).brief == ["transfer i1 bea agent ann", "reserve i1 ann", "offer i1 ann"])
        #expect(engine.handle(.rejected("i1", by: "ann"), now: t0 + 9).brief == ["requeue i1 ann rejected", "offer i1 bea"], "back to its workgroup")
    }

    @Test func supervisorsAssignPullAndReprioritise() {
        var engine = engine()
        _ = engine.handle(agent("ann", .notReady("training"), web: 1), now: t0)
        _ = engine.handle(arrive("i1", at: t0), now: t0)
        _ = engine.handle(arrive("i2", at: t0 + 1), now: t0 + 1)
        let assigned = engine.handle(.assign("i1", to: "ann"), now: t0 + 2)
        #expect(assigned.brief == ["assign i1 ann"], "a supervisor may give work to a logged-in agent who is not ready")
        #expect(engine.handle(.assign("i2", to: "ann"), now: t0 + 3).brief == ["refuse i2 agent_at_capacity"])
        #expect(engine.handle(.assign("i2", to: "zed"), now: t0 + 3).brief == ["refuse i2 unknown_agent"])
        #expect(engine.handle(.assign("i1", to: "ann"), now: t0 + 3).brief == ["refuse i1 not_waiting"])
        #expect(engine.handle(.setPriority("i2", 80), now: t0 + 4).brief == ["priority i2 80"])
        #expect(engine.handle(.pull("i1"), now: t0 + 5).brief == ["requeue i1 ann pulled"])
        #expect(engine.handle(agent("bob"), now: t0 + 6).brief == ["offer i2 bob"], "priority 80 beats the older i1")
        guard case .assign(_, _, let why?) = assigned.first else { Issue.record("no explanation"); return }
        #expect(why.rule == .supervisor)
    }

    @Test func anInteractionOverflowsToAnotherWorkgroupAfterItsTimeout() {
        var engine = engine(WorkgroupPolicy(id: "support", overflow: Overflow(to: "billing", after: 120), agingPerMinute: 0),
                            WorkgroupPolicy(id: "billing", agingPerMinute: 0))
        _ = engine.handle(agent("bea", in: ["billing"]), now: t0)
        _ = engine.handle(arrive("i1", at: t0), now: t0)
        #expect(engine.handle(.tick, now: t0 + 119).isEmpty)
        #expect(engine.handle(.tick, now: t0 + 121).brief == ["overflow i1 support billing", "offer i1 bea"])
    }

    @Test func autoAnswerAssignsWithoutAnOffer() {
        var engine = engine(WorkgroupPolicy(id: "support", autoAnswer: true))
        _ = engine.handle(agent("ann", web: 2), now: t0)
        _ = engine.handle(arrive("i1", at: t0), now: t0)
        #expect(engine.holder(of: "i1") == "ann")
        #expect(engine.handle(arrive("i2", at: t0 + 1), now: t0 + 1).brief == ["assign i2 ann"], "no open offer blocks the next")
    }

    @Test func restoredWorkCountsAgainstCapacity() {
        var engine = engine()
        _ = engine.handle(agent("ann", .loggedOut, web: 1), now: t0)
        engine.restoreHeld(RoutableInteraction(id: "held", workgroup: "support", capacityClass: .webMessaging, queuedAt: t0), by: "ann",
                           waitingForCustomer: false, now: t0)
        _ = engine.handle(arrive("i2", at: t0), now: t0)
        #expect(engine.handle(agent("ann", web: 1), now: t0 + 1).isEmpty, "ann already holds one")
    }

    @Test func aStreamOfHigherPriorityArrivalsCannotStarveAnOldInteraction() {
        // Newcomers arrive with 30 more points, one every 10 s; one agent takes one at a time for 10 s.
        // With 10 points a minute of aging the old one must be offered within 30/10 = 3 minutes, plus one handle.
        var engine = engine(WorkgroupPolicy(id: "support", priority: 50, agingPerMinute: 10))
        _ = engine.handle(agent("ann", web: 1), now: t0)
        _ = engine.handle(arrive("blocker", at: t0), now: t0)
        _ = engine.handle(.accepted("blocker", by: "ann"), now: t0)
        _ = engine.handle(arrive("old", at: t0 + 1, priority: 50), now: t0 + 1)
        var held: Interaction.ID = "blocker"
        var offeredAt: Date?
        for second in stride(from: 10, through: 600, by: 10) {
            let now = t0 + Double(second)
            _ = engine.handle(arrive(Interaction.ID("new\(second)"), at: now - 0.5, priority: 80), now: now - 0.5)
            let decisions = engine.handle(.closed(held), now: now)
            guard case .offer(let next, _, _, _)? = decisions.first else { continue }
            if next == "old" { offeredAt = now; break }
            _ = engine.handle(.accepted(next, by: "ann"), now: now)
            held = next
        }
        let waited = try? #require(offeredAt).timeIntervalSince(t0 + 1)
        #expect(waited != nil && waited! <= 180 + 10)
    }
}

extension [RoutingDecision] {
    /// Each decision as a short line, for readable expectations.
    var brief: [String] {
        map { decision in
            switch decision {
            case .offer(let id, let agent, _, _): "offer \(id) \(agent)"
            case .assign(let id, let agent, _): "assign \(id) \(agent)"
            case .requeue(let id, let agent, let reason): "requeue \(id) \(agent) \(reason.rawValue)"
            case .setNotReady(let agent, let reason): "not_ready \(agent) \(reason)"
            case .reserve(let id, let agent, _, _): "reserve \(id) \(agent)"
            case .overflow(let id, let from, let to): "overflow \(id) \(from) \(to)"
            case .transfer(let id, let from, .agent(let to)): "transfer \(id) \(from.map(\.rawValue) ?? "-") agent \(to)"
            case .transfer(let id, let from, .workgroup(let to)): "transfer \(id) \(from.map(\.rawValue) ?? "-") workgroup \(to)"
            case .releaseSlot(let id, let agent): "release \(id) \(agent)"
            case .resume(let id, let agent): "resume \(id) \(agent)"
            case .priority(let id, let priority): "priority \(id) \(priority)"
            case .refuse(let id, let reason): "refuse \(id) \(reason.rawValue)"
            }
        }
    }
}
