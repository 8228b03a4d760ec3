import Domain
import Foundation
import HeapModule

/// One replication: the real `RoutingEngine` driven by a virtual clock. Customers arrive, agents log in and
/// out, accept offers and finish their work, impatient customers leave; whenever the engine has something
/// timed, a tick is scheduled exactly when it is due.
struct SimulationRun {
    /// A fixed origin for engine dates: 2026-01-01T00:00:00Z.
    static let origin = 1_767_225_600.0
    /// How long an agent stays not ready after missing an offer (RONA).
    static let readyAfterNoAnswer: TimeInterval = 60

    let scenario: SimulationScenario
    let seed: UInt64
    let window: Range<Double>
    var engine: RoutingEngine
    var events = Heap<SimulationEvent>()
    var sequence = 0
    var clock = 0.0
    var agents: [SimulatedAgent] = []
    var agentIndex: [User.ID: Int] = [:]
    var interactions: [SimulatedInteraction] = []
    var interactionIndex: [Interaction.ID: Int] = [:]
    var generators: [SeededGenerator]
    var tickAt: Double?
    var ledger: OccupancyLedger
    /// Measured interactions neither answered nor abandoned yet.
    var unresolved = 0
    var requeued = 0

    init(scenario: SimulationScenario, seed: UInt64) {
        self.scenario = scenario
        self.seed = seed
        window = scenario.run.warmUp..<(scenario.run.warmUp + scenario.run.length)
        engine = RoutingEngine(policies: scenario.workgroups)
        generators = scenario.arrivals.indices.map { SeededGenerator(seed: seed, stream: UInt64($0)) }
        ledger = OccupancyLedger(window: window)
        for group in scenario.agents {
            for id in group.memberIDs {
                agentIndex[id] = agents.count
                agents.append(SimulatedAgent(profile: AgentProfile(
                    id: id, presence: .loggedOut, skills: group.skills, workgroups: group.workgroups, capacity: group.capacity,
                    totalCapacity: group.totalCapacity)))
                let shifts = group.shifts.isEmpty ? [SimulationScenario.Shift(start: 0, end: .infinity)] : group.shifts
                for shift in shifts {
                    schedule(shift.start, .shift(agent: agents.count - 1, starts: true))
                    if shift.end.isFinite { schedule(shift.end, .shift(agent: agents.count - 1, starts: false)) }
                }
            }
        }
        for stream in scenario.arrivals.indices { scheduleNextArrival(stream) }
    }

    mutating func run() -> ReplicationOutcome {
        let stop = window.upperBound + scenario.run.drainLimit
        while let event = events.popMin() {
            if event.time > stop || (event.time >= window.upperBound && unresolved == 0) { break }
            ledger.advance(to: event.time)
            clock = event.time
            handle(event.kind, at: event.time)
        }
        ledger.advance(to: window.upperBound)
        return outcome()
    }

    private mutating func handle(_ kind: SimulationEvent.Kind, at time: Double) {
        switch kind {
        case .arrival(let stream):
            arrive(stream)
        case .answer(let index, let agent, let token):
            let interaction = interactions[index]
            guard interaction.token == token, interaction.holder == agent, !interaction.inService else { return }
            send(.accepted(interaction.id, by: agents[agent].profile.id))
        case .completion(let index, let token):
            guard interactions[index].token == token, interactions[index].inService else { return }
            finish(index, abandoned: false)
        case .patienceEnds(let index):
            let interaction = interactions[index]
            guard !interaction.closed, !interaction.answered, interaction.holder == nil else { return }
            finish(index, abandoned: true)
        case .shift(let agent, let starts):
            agents[agent].shiftsOn += starts ? 1 : -1
            let loggedIn = agents[agent].shiftsOn > 0
            guard loggedIn != agents[agent].profile.isLoggedIn else { return }
            ledger.loggedIn += loggedIn ? 1 : -1
            agents[agent].profile.presence = loggedIn ? .ready : .loggedOut
            send(.agentUpdated(agents[agent].profile))
        case .readyAgain(let agent):
            guard case .notReady = agents[agent].profile.presence else { return }
            agents[agent].profile.presence = .ready
            send(.agentUpdated(agents[agent].profile))
        case .tick:
            if tickAt == time { tickAt = nil }
            send(.tick)
        }
    }

    private mutating func arrive(_ stream: Int) {
        let spec = scenario.arrivals[stream]
        let index = interactions.count
        let id = Interaction.ID("i" + String(repeating: "0", count: max(0, 9 - String(index).count)) + String(index))
        let handle = spec.handle.sample(&generators[stream])
        let patience = spec.patience?.sample(&generators[stream])
        let measured = window.contains(clock)
        interactions.append(SimulatedInteraction(id: id, stream: stream, arrivedAt: clock, handle: handle, measured: measured))
        interactionIndex[id] = index
        if measured { unresolved += 1 }
        if let patience { schedule(clock + patience, .patienceEnds(interaction: index)) }
        scheduleNextArrival(stream)
        send(.interactionArrived(RoutableInteraction(
            id: id, workgroup: spec.workgroup, capacityClass: spec.channel, priority: spec.priority, queuedAt: date(clock))))
    }

    /// Closes a served or abandoned interaction, freeing its agent.
    private mutating func finish(_ index: Int, abandoned: Bool) {
        interactions[index].closed = true
        interactions[index].abandoned = abandoned
        if abandoned, interactions[index].measured { unresolved -= 1 }
        release(index)
        interactionIndex[interactions[index].id] = nil
        send(.closed(interactions[index].id))
    }

    private mutating func scheduleNextArrival(_ stream: Int) {
        let rate = scenario.arrivals[stream].perHour / 3600
        guard rate > 0 else { return }
        let next = clock + generators[stream].exponential(mean: 1 / rate)
        if next < window.upperBound { schedule(next, .arrival(stream: stream)) }
    }

    mutating func schedule(_ time: Double, _ kind: SimulationEvent.Kind) {
        sequence += 1
        events.insert(SimulationEvent(time: time, sequence: sequence, kind: kind))
    }

    func date(_ time: Double) -> Date { Date(timeIntervalSince1970: Self.origin + time) }

    /// Hands the command to the engine at the current virtual time, carries out its decisions, and makes
    /// sure a tick is scheduled for the engine's next due timer.
    mutating func send(_ command: RoutingCommand) {
        let decisions = engine.handle(command, now: date(clock))
        carryOut(decisions)
        guard let due = engine.nextDue else { return }
        // A microsecond late, so that the engine, comparing dates, sees the timer as due.
        let time = max(clock, due.timeIntervalSince1970 - Self.origin + 1e-6)
        if tickAt == nil || time < tickAt! {
            tickAt = time
            schedule(time, .tick)
        }
    }
}
