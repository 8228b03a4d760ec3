import App
import Domain
import Foundation
import Logging
import Routing
import Storage
import Testing

/// The routing service on a real SQLite store and a hand-moved clock: last-agent routing with its window,
/// wait and fallback, and a restart that keeps what was waiting for a named agent.
private let ann = User(id: "ann", username: "ann", displayName: "Ann", roles: [.agent], workgroups: ["support"])
private let bob = User(id: "bob", username: "bob", displayName: "Bob", roles: [.agent], workgroups: ["support"])

@Suite struct RoutingServiceTests {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)

    struct World {
        let path: String
        let store: SQLiteStore
        let clock: ManualClock
        var service: RoutingService

        /// A new service on the same database, as after a crash of the node.
        mutating func restart() throws {
            service = RoutingService(store: store, clock: clock, offerTimeout: 30, logger: Logger(label: "test"))
        }

        func customerWrites(_ mid: String, from customer: String, inactivityTimeout: TimeInterval = 3600) async throws -> Interaction {
            let author = Identity(key: Identity.Key(platform: .facebook, scope: "p1", id: customer), displayName: customer)
            let message = InboundMessage(channel: ChannelKey(kind: .messenger, accountID: "p1"), platformMessageID: mid, author: author,
                                         threadKey: .conversation(customer: author.key), text: "hello", sentAt: clock.now())
            let result = try await store.ingest(message, channelID: "c1", inactivityTimeout: inactivityTimeout, at: clock.now(),
                                                ids: SequentialIDGenerator(prefix: mid))
            let interaction = try #require(try await store.interaction(result.interactionID))
            if result.createdInteraction { try await service.interactionArrived(interaction) }
            return interaction
        }

        func set(_ user: User, _ state: AgentStateChanged.State) async throws {
            try await store.setAgentState(AgentStateChanged(agentID: user.id, state: state, reason: state == .notReady ? "break" : nil), at: clock.now())
            let presence = try #require(try await store.agentState(user.id))
            try await service.agentUpdated(user, presence: RoutingService.presenceState(presence))
        }

        func state(_ id: Interaction.ID) async throws -> (Interaction.State, User.ID?) {
            let interaction = try #require(try await store.interaction(id))
            return (interaction.state, interaction.assignedAgentID)
        }
    }

    static func world(lastAgentWindow: Int = 72 * 3600) async throws -> World {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-routing-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        var routing = WorkgroupRouting()
        routing.lastAgentWindow = lastAgentWindow
        routing.lastAgentWait = 60
        routing.agentTransferWait = 120
        try await store.upsert(Workgroup(id: "support", name: "Support", routing: routing))
        try await store.upsert(Channel(id: "c1", kind: .messenger, accountID: "p1", name: "Messenger", workgroupID: "support"))
        for user in [ann, bob] { try await store.createUser(user, passwordHash: "-", at: start) }
        let clock = ManualClock(start)
        return World(path: path, store: store, clock: clock,
                     service: RoutingService(store: store, clock: clock, offerTimeout: 30, logger: Logger(label: "test")))
    }

    /// Ann serves the customer; later Bob has been idle far longer, yet the customer's new interaction goes to Ann.
    static func annServedTheCustomer(_ world: World) async throws -> Interaction {
        try await world.set(ann, .ready)
        let first = try await world.customerWrites("m1", from: "psid-1")
        #expect(try await world.state(first.id) == (.offered, ann.id))
        try await world.service.submit(.accepted(first.id, by: ann.id))
        world.clock.advance(by: 60)
        try await world.set(bob, .ready)
        return first
    }

    @Test func aReturningCustomerIsOfferedToTheirLastAgentFirst() async throws {
        let world = try await Self.world()
        let first = try await Self.annServedTheCustomer(world)
        // Two hours of silence close the first interaction; the customer's next message opens a new one.
        world.clock.advance(by: 2 * 3600)
        try await world.service.submit(.closed(first.id))
        let second = try await world.customerWrites("m2", from: "psid-1")
        #expect(second.id != first.id)
        #expect(try await world.state(first.id).0 == .closed)
        #expect(try await world.state(second.id) == (.offered, ann.id), "Bob is idle longer; Ann served this customer")
        let why = try #require(try await world.store.routingDecisions(for: second.id).last)
        #expect(why.rule == "last_agent")

        // Another customer is not hers: Bob, idle longest, gets it.
        let stranger = try await world.customerWrites("m3", from: "psid-2")
        #expect(try await world.state(stranger.id) == (.offered, bob.id))
    }

    @Test func theLastAgentIsWaitedForThenTheWorkgroupTakesIt() async throws {
        let world = try await Self.world()
        let first = try await Self.annServedTheCustomer(world)
        try await world.service.submit(.closed(first.id))
        try await world.set(ann, .notReady)
        let second = try await world.customerWrites("m2", from: "psid-1", inactivityTimeout: 1)
        #expect(try await world.state(second.id) == (.queued, nil), "waits for Ann, though Bob is ready")
        world.clock.advance(by: 59)
        try await world.service.submit(.tick)
        #expect(try await world.state(second.id) == (.queued, nil))
        world.clock.advance(by: 2)
        try await world.service.submit(.tick)
        #expect(try await world.state(second.id) == (.offered, bob.id), "after last_agent_wait the workgroup takes it")
        #expect(try await world.store.routingSnapshot().reservations.isEmpty)
    }

    @Test func outsideTheWindowThereIsNoLastAgent() async throws {
        let world = try await Self.world(lastAgentWindow: 3600)
        let first = try await Self.annServedTheCustomer(world)
        world.clock.advance(by: 2 * 3600)
        try await world.service.submit(.closed(first.id))
        let second = try await world.customerWrites("m2", from: "psid-1")
        #expect(try await world.state(second.id) == (.offered, bob.id))
    }

    @Test func aRestartKeepsWhatWaitsForANamedAgentUntilItsDeadline() async throws {
        var world = try await Self.world()
        try await world.set(bob, .ready)
        try await world.set(ann, .notReady)
        let interaction = try await world.customerWrites("m1", from: "psid-1")
        try await world.service.submit(.accepted(interaction.id, by: bob.id))
        _ = try await world.service.transfer(interaction.id, to: .agent(ann.id), note: "she knows this order")
        #expect(try await world.state(interaction.id) == (.queued, nil))
        let reservation = try #require(try await world.store.routingSnapshot().reservations.first)
        #expect(reservation.agentID == ann.id && reservation.rule == "transfer" && reservation.until == Self.start + 120)

        // The node restarts 30 s later: Bob is ready, but the interaction still waits for Ann …
        world.clock.advance(by: 30)
        try world.restart()
        try await world.service.submit(.tick)
        #expect(try await world.state(interaction.id) == (.queued, nil))
        // … and is hers when she becomes ready.
        try await world.set(ann, .ready)
        #expect(try await world.state(interaction.id) == (.offered, ann.id))
    }

    @Test func aRestartAfterTheDeadlineQueuesForEveryone() async throws {
        var world = try await Self.world()
        try await world.set(bob, .ready)
        try await world.set(ann, .notReady)
        let interaction = try await world.customerWrites("m1", from: "psid-1")
        try await world.service.submit(.accepted(interaction.id, by: bob.id))
        _ = try await world.service.transfer(interaction.id, to: .agent(ann.id), note: nil)
        // Bob finishes other work meanwhile; the node is down past the reservation's deadline.
        world.clock.advance(by: 600)
        try world.restart()
        try await world.service.submit(.tick)
        #expect(try await world.state(interaction.id) == (.offered, bob.id))
    }

    @Test func aQueuedInteractionAndAnOpenOfferSurviveARestart() async throws {
        var world = try await Self.world()
        try await world.set(ann, .ready)
        let offered = try await world.customerWrites("m1", from: "psid-1")
        let queued = try await world.customerWrites("m2", from: "psid-2")
        #expect(try await world.state(offered.id) == (.offered, ann.id))
        #expect(try await world.state(queued.id) == (.queued, nil), "Ann has one offer at a time")
        try world.restart()
        try await world.service.submit(.tick)
        // The open offer is made again (to Ann, once), the other still waits; nothing is lost or doubled.
        #expect(try await world.state(offered.id) == (.offered, ann.id))
        #expect(try await world.state(queued.id) == (.queued, nil))
        try await world.service.submit(.accepted(offered.id, by: ann.id))
        #expect(try await world.state(queued.id) == (.offered, ann.id))
        let offers = try await world.store.events(after: 0, limit: 1000).filter { $0.event.type.rawValue == "interaction.offered" }
        #expect(offers.count == 3, "the first offer, the same offer again after the restart, then the second interaction")
    }
}

/// A workgroup's language map through the service and the configuration: the requirement comes from the
/// interaction's stored language, so it survives a restart.
@Suite struct RoutingLanguageServiceTests {
    static let english = User(id: "eng", username: "eng", displayName: "Eng", roles: [.agent], skills: [SkillLevel(skill: "english", proficiency: 5)],
                              workgroups: ["support"])
    static let spanish = User(id: "sol", username: "sol", displayName: "Sol", roles: [.agent], skills: [SkillLevel(skill: "spanish", proficiency: 3)],
                              workgroups: ["support"])

    static func world() async throws -> RoutingServiceTests.World {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-routing-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        var routing = WorkgroupRouting()
        routing.languages = ["es": "spanish"]
        routing.languageMinimum = 2
        try await store.upsert(Workgroup(id: "support", name: "Support", routing: routing))
        try await store.upsert(Channel(id: "c1", kind: .messenger, accountID: "p1", name: "Messenger", workgroupID: "support"))
        for user in [english, spanish] { try await store.createUser(user, passwordHash: "-", at: RoutingServiceTests.start) }
        let clock = ManualClock(RoutingServiceTests.start)
        return RoutingServiceTests.World(path: path, store: store, clock: clock,
                                         service: RoutingService(store: store, clock: clock, offerTimeout: 30, logger: Logger(label: "test")))
    }

    /// A customer's message whose content analysis found `language`, handed to routing as the pipeline does.
    static func customerWrites(_ mid: String, language: String?, in world: RoutingServiceTests.World) async throws -> Interaction {
        let author = Identity(key: Identity.Key(platform: .facebook, scope: "p1", id: "psid-\(mid)"), displayName: mid)
        let message = InboundMessage(channel: ChannelKey(kind: .messenger, accountID: "p1"), platformMessageID: mid, author: author,
                                     threadKey: .conversation(customer: author.key), text: "hola", sentAt: world.clock.now())
        let result = try await world.store.ingest(message, channelID: "c1", inactivityTimeout: 3600, at: world.clock.now(),
                                                  ids: SequentialIDGenerator(prefix: mid))
        try await world.store.setScores(result.interactionID, Interaction.Scores(language: language))
        let interaction = try #require(try await world.store.interaction(result.interactionID))
        try await world.service.interactionArrived(interaction)
        return interaction
    }

    @Test func aSpanishInteractionWaitsForTheSpanishAgentAcrossARestart() async throws {
        var world = try await Self.world()
        try await world.set(Self.english, .ready)
        let hola = try await Self.customerWrites("m1", language: "es", in: world)
        #expect(try await world.state(hola.id) == (.queued, nil), "eng is ready but has no Spanish")
        let hello = try await Self.customerWrites("m2", language: "en", in: world)
        #expect(try await world.state(hello.id) == (.offered, Self.english.id))
        try await world.service.submit(.accepted(hello.id, by: Self.english.id))
        try await world.service.submit(.closed(hello.id))

        world.clock.advance(by: 5)
        try world.restart()
        try await world.service.submit(.tick)
        #expect(try await world.state(hola.id) == (.queued, nil), "after the restart the language is still required")
        try await world.set(Self.spanish, .ready)
        #expect(try await world.state(hola.id) == (.offered, Self.spanish.id))
        let why = try #require(try await world.store.routingDecisions(for: hola.id).last)
        #expect(why.explanation.contains("\"language\""), "the explanation names the requirement: \(why.explanation)")
    }

    @Test func theLanguageKeysAreReadExportedAndCheckedWithTheirLines() async throws {
        let good = ConfigLoader.validate(yaml: """
            skills:
              - {id: english}
              - {id: spanish}
            workgroups:
              - id: support
                routing:
                  languages: {es: spanish, pt: spanish}
                  language_minimum: 3
            """)
        #expect(good.errors.isEmpty, "\(good.errors)")
        let routing = try #require(good.config.workgroups.first?.routing)
        #expect(routing.languages == ["es": "spanish", "pt": "spanish"] && routing.languageMinimum == 3)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-export-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        try await Provisioning.apply(good.config, to: store)
        let exported = ConfigLoader.validate(yaml: try await ConfigExporter.yaml(from: store))
        #expect(exported.errors.isEmpty, "\(exported.errors)")
        #expect(exported.config.workgroups.first { $0.id == "support" }?.routing == routing, "the export reads back as the same map")

        let bad = ConfigLoader.validate(yaml: """
            skills:
              - {id: spanish}
            workgroups:
              - id: support
                routing:
                  languages:
                    ES: spanish
                    fr: french
                    spa: spanish
                  language_minimum: 7
              - id: billing
                routing: {languages: [es]}
            """)
        let found = bad.errors.map { ($0.line, $0.path, $0.message) }
        func expect(line: Int, path: String, _ message: String) {
            #expect(found.contains { $0.0 == line && $0.1 == path && $0.2.contains(message) }, "expected line \(line) \(path): \(message) in \(found)")
        }
        expect(line: 7, path: "workgroups[0].routing.languages", "'ES' is not an ISO 639-1 language code")
        expect(line: 8, path: "workgroups[0].routing.languages.fr", "skill 'french' is not declared under 'skills'")
        expect(line: 9, path: "workgroups[0].routing.languages", "'spa' is not an ISO 639-1 language code")
        expect(line: 10, path: "workgroups[0].routing.language_minimum", "7 is out of range 1…5")
        expect(line: 12, path: "workgroups[1].routing.languages", "expected a mapping of language codes to skills")
        #expect(bad.errors.count == 5, "\(found)")
    }
}
