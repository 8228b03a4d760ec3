import Domain
import Foundation
import Testing

@testable import Routing

@Suite struct RoutingEngineTests {
    let t0 = Date(timeIntervalSince1970: 1_767_225_600)

    func agent(_ id: User.ID, ready: Bool = true, workgroups: Set<Workgroup.ID> = ["support"], web: Int = 1) -> RoutingCommand {
        .agentUpdated(AgentProfile(id: id, ready: ready, workgroups: workgroups, capacity: [.webMessaging: web, .privateMessaging: 2]))
    }

    func arrive(_ id: Interaction.ID, at date: Date, workgroup: Workgroup.ID? = "support", priority: Int = 0) -> RoutingCommand {
        .interactionArrived(RoutableInteraction(id: id, workgroup: workgroup, capacityClass: .webMessaging, priority: priority, queuedAt: date))
    }

    @Test func theLongestIdleReadyMemberGetsTheOffer() {
        var engine = RoutingEngine(offerTimeout: 30)
        #expect(engine.handle(agent("ann"), now: t0).isEmpty)
        #expect(engine.handle(agent("bob"), now: t0 + 10).isEmpty)
        #expect(engine.handle(agent("eve", workgroups: ["billing"]), now: t0 - 100).isEmpty)
        let decisions = engine.handle(arrive("i1", at: t0 + 20), now: t0 + 20)
        #expect(decisions == [.offer("i1", to: "ann", expiresAt: t0 + 50)], "eve idled longest but is not in the workgroup")
    }

    @Test func nothingIsOfferedWithoutAReadyMemberWithCapacityAndItWaits() {
        var engine = RoutingEngine()
        #expect(engine.handle(arrive("i1", at: t0), now: t0).isEmpty)
        #expect(engine.handle(agent("ann", ready: false), now: t0).isEmpty)
        #expect(engine.waitingCount == 1)
        #expect(engine.handle(agent("ann"), now: t0 + 5) == [.offer("i1", to: "ann", expiresAt: t0 + 35)])
    }

    @Test func higherPriorityAndThenLongerWaitingGoFirst() {
        var engine = RoutingEngine()
        _ = engine.handle(arrive("old", at: t0), now: t0)
        _ = engine.handle(arrive("new", at: t0 + 5), now: t0 + 5)
        _ = engine.handle(arrive("vip", at: t0 + 9, priority: 5), now: t0 + 9)
        let decisions = engine.handle(agent("ann", web: 3), now: t0 + 10)
        #expect(decisions == [.offer("vip", to: "ann", expiresAt: t0 + 40)], "one open offer per agent")
        #expect(engine.handle(.accepted("vip", by: "ann"), now: t0 + 11) == [.assign("vip", to: "ann"), .offer("old", to: "ann", expiresAt: t0 + 41)])
    }

    @Test func capacityLimitsHowManyAnAgentHolds() {
        var engine = RoutingEngine()
        _ = engine.handle(agent("ann", web: 1), now: t0)
        _ = engine.handle(arrive("i1", at: t0), now: t0)
        _ = engine.handle(.accepted("i1", by: "ann"), now: t0 + 1)
        #expect(engine.handle(arrive("i2", at: t0 + 2), now: t0 + 2).isEmpty, "ann is full")
        #expect(engine.handle(.closed("i1"), now: t0 + 3) == [.offer("i2", to: "ann", expiresAt: t0 + 33)])
    }

    @Test func anUnansweredOfferGoesToTheNextAgentAndTheFirstGoesNotReadyWithRONA() {
        var engine = RoutingEngine(offerTimeout: 30)
        _ = engine.handle(agent("ann"), now: t0)
        _ = engine.handle(agent("bob"), now: t0 + 1)
        _ = engine.handle(arrive("i1", at: t0 + 2), now: t0 + 2)
        #expect(engine.offer(for: "i1")?.agent == "ann")
        #expect(engine.handle(.tick, now: t0 + 31).isEmpty, "not yet expired")
        let decisions = engine.handle(.tick, now: t0 + 32)
        #expect(decisions == [.requeue("i1", from: "ann", reason: .noAnswer), .setNotReady("ann", reason: "rona"),
                              .offer("i1", to: "bob", expiresAt: t0 + 62)])
        #expect(engine.handle(.accepted("i1", by: "ann"), now: t0 + 33).isEmpty, "a late accept of a redirected offer does nothing")
    }

    @Test func aRejectedOfferIsNotOfferedToTheSameAgentAgain() {
        var engine = RoutingEngine()
        _ = engine.handle(agent("ann"), now: t0)
        _ = engine.handle(arrive("i1", at: t0), now: t0)
        #expect(engine.handle(.rejected("i1", by: "ann"), now: t0 + 1) == [.requeue("i1", from: "ann", reason: .rejected)])
        #expect(engine.waitingCount == 1)
        #expect(engine.handle(agent("bob"), now: t0 + 2) == [.offer("i1", to: "bob", expiresAt: t0 + 32)])
    }

    @Test func anAgentGoingNotReadyGivesBackTheirOpenOffer() {
        var engine = RoutingEngine()
        _ = engine.handle(agent("ann"), now: t0)
        _ = engine.handle(arrive("i1", at: t0), now: t0)
        #expect(engine.handle(agent("ann", ready: false), now: t0 + 1) == [.requeue("i1", from: "ann", reason: .agentUnavailable)])
        #expect(engine.handle(agent("ann"), now: t0 + 2) == [.offer("i1", to: "ann", expiresAt: t0 + 32)],
                "going unavailable is not a refusal: the same agent may get it again")
    }

    @Test func duplicateArrivalsAndStrayCommandsChangeNothing() {
        var engine = RoutingEngine()
        _ = engine.handle(agent("ann", web: 2), now: t0)
        _ = engine.handle(arrive("i1", at: t0), now: t0)
        #expect(engine.handle(arrive("i1", at: t0), now: t0 + 1).isEmpty)
        #expect(engine.handle(.accepted("i1", by: "bob"), now: t0 + 1).isEmpty)
        #expect(engine.handle(.rejected("nope", by: "ann"), now: t0 + 1).isEmpty)
        #expect(engine.handle(.closed("nope"), now: t0 + 1).isEmpty)
        #expect(engine.offer(for: "i1")?.agent == "ann")
    }

    /// Property: whatever the order of commands, an interaction is never both offered and held, and no agent
    /// has two open offers.
    @Test func randomCommandSequencesKeepTheInvariants() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            var engine = RoutingEngine(offerTimeout: 10)
            var now = t0
            let agents: [User.ID] = ["a", "b", "c"]
            let interactions: [Interaction.ID] = (0..<6).map { Interaction.ID("i\($0)") }
            for _ in 0..<60 {
                now += Double(Int.random(in: 0...6, using: &generator))
                let command: RoutingCommand
                switch Int.random(in: 0..<6, using: &generator) {
                case 0: command = agent(agents.randomElement(using: &generator)!, ready: Bool.random(using: &generator), web: Int.random(in: 0...2, using: &generator))
                case 1: command = arrive(interactions.randomElement(using: &generator)!, at: now)
                case 2: command = .accepted(interactions.randomElement(using: &generator)!, by: agents.randomElement(using: &generator)!)
                case 3: command = .rejected(interactions.randomElement(using: &generator)!, by: agents.randomElement(using: &generator)!)
                case 4: command = .closed(interactions.randomElement(using: &generator)!)
                default: command = .tick
                }
                _ = engine.handle(command, now: now)
                var offeredAgents: [User.ID] = []
                for id in interactions {
                    let places = [engine.offer(for: id) != nil, engine.holder(of: id) != nil].filter { $0 }.count
                    #expect(places <= 1, "\(id) is both offered and held")
                    if let offer = engine.offer(for: id) { offeredAgents.append(offer.agent) }
                }
                #expect(Set(offeredAgents).count == offeredAgents.count, "an agent has two open offers")
            }
        }
    }
}

/// SplitMix64: reproducible randomness for property tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
