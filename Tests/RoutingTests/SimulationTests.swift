import Domain
import Foundation
import Testing

@testable import Routing

/// The simulator, running the real engine, against queueing theory (M/M/c: Erlang C), and in scenarios.
@Suite struct SimulationTests {
    // MARK: - Theory

    @Test func erlangCMatchesKnownValues() {
        #expect(abs(ErlangC(agents: 1, arrivalRate: 0.5, serviceRate: 1).probabilityOfWait - 0.5) < 1e-12, "M/M/1: C = ρ")
        #expect(abs(ErlangC(agents: 2, arrivalRate: 1, serviceRate: 1).probabilityOfWait - 1.0 / 3) < 1e-12)
        let tenAgents = ErlangC(agents: 10, arrivalRate: 9.0 / 300, serviceRate: 1.0 / 300)
        #expect(abs(tenAgents.probabilityOfWait - 0.668_731_5) < 1e-6)
        #expect(abs(tenAgents.meanWait - 200.619_457) < 1e-4)
        #expect(abs(tenAgents.probabilityWaitExceeds(0) - tenAgents.probabilityOfWait) < 1e-15)
        let large = ErlangC(agents: 2_000, arrivalRate: 1_900, serviceRate: 1)
        #expect(large.probabilityOfWait.isFinite && large.probabilityOfWait > 0 && large.probabilityOfWait < 1, "no overflow for large c")
        #expect(ErlangC(agents: 9, arrivalRate: 9.0 / 300, serviceRate: 1.0 / 300).meanWait == .infinity, "ρ = 1 is unstable")
    }

    @Test func studentTCriticalValuesMatchTables() {
        for (confidence, df, table) in [(0.95, 1, 12.706), (0.95, 10, 2.228), (0.99, 39, 2.708), (0.99, 29, 2.756), (0.95, 1_000, 1.962)] {
            #expect(abs(StudentT.critical(confidence: confidence, degreesOfFreedom: df) - table) < 0.001, "t(\(confidence), \(df))")
        }
    }

    // MARK: - M/M/c against Erlang C

    /// On M/M/c the engine is exactly the FIFO c-server queue: every customer's wait equals the Kiefer–Wolfowitz
    /// recursion (the earliest-free agent takes the next in line) on the same arrival and handle times.
    @Test func onMMcTheEngineIsExactlyAFIFOQueue() {
        let study = MMcStudy(agents: 10, occupancy: 0.9, replications: 1, customers: 3_000, seed: 9)
        for seed: UInt64 in [1, 2] {
            var run = SimulationRun(scenario: study.scenario, seed: seed)
            _ = run.run()
            var free = [Double](repeating: 0, count: study.agents)
            var differing = 0
            for interaction in run.interactions {
                let agent = free.indices.min { free[$0] < free[$1] }!
                let start = max(free[agent], interaction.arrivedAt)
                free[agent] = start + interaction.handle
                if let offered = interaction.offeredAt, abs(offered - start) < 1e-6 { continue }
                differing += 1
            }
            #expect(differing == 0, "of \(run.interactions.count) customers")
            #expect(run.interactions.count > 4_000)
        }
    }

    /// The acceptance criterion for the chance of waiting, on every `swift test`: five agents, 30 replications of
    /// about 3,000 measured customers after a warm-up; the 99 % Student-t interval must contain C(c, a) and be
    /// narrower than ±5 % of it. Mean wait and tails, on the same data, must be inside their (wider) intervals;
    /// holding those to ±5 % takes millions of customers (`waitsMatchErlangCWithinFivePercent`).
    @Test(arguments: [(0.8, 1 as UInt64), (0.9, 2 as UInt64)])
    func theChanceOfWaitingMatchesErlangC(occupancy: Double, seed: UInt64) async {
        let study = MMcStudy(agents: 5, occupancy: occupancy, replications: 30, customers: occupancy < 0.85 ? 3_500 : 3_000, seed: seed)
        let samples = await study.samples()
        let checks = study.checks(samples, against: study.theory(agents: study.agents))
        print(checks.map { "M/M/\(study.agents) ρ = \(occupancy): \($0)" }.joined(separator: "\n"))
        #expect(checks[0].holds, "\(checks[0])")
        for check in checks.dropFirst() { #expect(check.contains, "\(check)") }
        for agents in [study.agents - 1, study.agents + 1] {
            let negative = study.checks(samples, against: study.theory(agents: agents))
            #expect(!negative[0].holds && !negative[1].holds, "the same data must not match Erlang C for \(agents) agents: \(negative)")
        }
    }

    /// The full acceptance criterion for every figure: P(wait), mean wait, P(W > Wq) and P(W > 2·Wq) for ten agents,
    /// 40 replications, 99 % intervals containing Erlang C and narrower than ±5 %. About 7.5 million customers: run
    /// it on a release build (`swift test -c release --filter SimulationTests`).
    /// Compiled only into release builds, so that a debug `swift test` has nothing skipped; CI checks the same
    /// criterion through the release binary (`Tests/System/release/test_simulate_erlang.py`).
    #if !DEBUG
    @Test(arguments: [(0.8, 3 as UInt64), (0.9, 4 as UInt64)])
    func waitsMatchErlangCWithinFivePercent(occupancy: Double, seed: UInt64) async {
        let study = MMcStudy(agents: 10, occupancy: occupancy, replications: 40, customers: occupancy < 0.85 ? 50_000 : 130_000, seed: seed)
        let samples = await study.samples()
        let checks = study.checks(samples, against: study.theory(agents: study.agents))
        print(checks.map { "M/M/\(study.agents) ρ = \(occupancy), full scale: \($0)" }.joined(separator: "\n"))
        for check in checks { #expect(check.holds, "\(check)") }
        let negative = study.checks(samples, against: study.theory(agents: study.agents - 1))
        let anyHolds = negative.contains { $0.holds }
        #expect(!anyHolds, "the same data must not match Erlang C for one agent fewer: \(negative)")
    }
    #endif

    // MARK: - Scenarios

    @Test func customersAbandonWhenTheirPatienceIsShort() async {
        let overloaded = SimulationScenario.simple(
            agents: 5, arrivalsPerHour: 80, handleMinutes: 5, patienceMinutes: 1, run: .init(length: 4 * 3600, warmUp: 1800, replications: 3))
        let metrics = await Simulator.replicate(overloaded).map { $0.metrics(for: "support", serviceLevels: [60]) }
        for metric in metrics {
            #expect((metric.abandonmentRate ?? 0) > 0.2, "\(metric)")
            #expect(metric.answered + metric.abandoned == metric.arrivals, "everyone is answered or gives up")
        }
        var patient = overloaded
        patient.arrivals[0].patience = nil
        patient.run.drainLimit = 0
        let waiting = await Simulator.replicate(patient).map { $0.metrics(for: "support", serviceLevels: [60]) }
        #expect(waiting.allSatisfy { $0.abandoned == 0 && $0.unanswered > 0 }, "without patience nobody leaves; the queue just grows")
    }

    @Test func addingAgentsLowersTheMeanWait() async {
        let base = SimulationScenario.simple(agents: 10, arrivalsPerHour: 108, handleMinutes: 5, run: .init(length: 8 * 3600, warmUp: 3600, replications: 4))
        let before = await Simulator.replicate(base)
        let after = await Simulator.replicate(base.addingAgents(2))
        for (one, other) in zip(before, after) {
            #expect(one.records["support"]?.map(\.arrivedAt) == other.records["support"]?.map(\.arrivedAt), "the same customers arrive")
            let waitBefore = one.metrics(for: "support", serviceLevels: [20]).meanWait ?? 0
            let waitAfter = other.metrics(for: "support", serviceLevels: [20]).meanWait ?? 0
            #expect(waitAfter < waitBefore / 2, "12 agents instead of 10 at ρ = 0.9: \(waitBefore) s → \(waitAfter) s")
        }
    }

    @Test func anAgentWhoseShiftEndsHandsTheirWorkBack() {
        let scenario = SimulationScenario(
            workgroups: [WorkgroupPolicy(id: "support", strategy: .longestIdle)],
            arrivals: [.init(workgroup: "support", perHour: 30, handle: .fixed(600))],
            agents: [
                .init(id: "early", workgroups: ["support"], shifts: [.init(start: 0, end: 1800)]),
                .init(id: "late", workgroups: ["support"]),
            ],
            run: .init(length: 3600, warmUp: 0, replications: 1))
        let outcome = Simulator.replicate(scenario, seed: 7)
        let metrics = outcome.metrics(for: "support", serviceLevels: [0])
        #expect(outcome.requeued == 1, "'early' was busy when the shift ended; the interaction went back to the queue")
        #expect(metrics.answered == metrics.arrivals && metrics.unanswered == 0, "'late' served everyone, including the returned one")
        #expect((outcome.occupancy ?? 0) > 0.9, "overloaded: busy whenever logged in, once the first customers arrived")
        #expect(abs(outcome.loggedInSeconds - 5400) < 1e-6, "1,800 s of 'early' and 3,600 s of 'late'")
    }

    @Test func offersThatRingOutAreTakenBack() {
        var scenario = SimulationScenario.simple(agents: 2, arrivalsPerHour: 30, handleMinutes: 5, run: .init(length: 1800, warmUp: 0, drainLimit: 600))
        scenario.answerAfter = 45
        let outcome = Simulator.replicate(scenario, seed: 3)
        let metrics = outcome.metrics(for: "support", serviceLevels: [60])
        #expect(outcome.requeued > 0, "every offer rings 30 s, agents answer after 45 s: RONA, the engine's timer fired on a tick")
        #expect(metrics.answered == 0 && metrics.unanswered == metrics.arrivals)
    }

    @Test func aRunIsReproducibleFromItsSeed() {
        let scenario = SimulationScenario.simple(agents: 4, arrivalsPerHour: 40, handleMinutes: 5, patienceMinutes: 3, run: .init(length: 7200, warmUp: 600))
        #expect(Simulator.replicate(scenario, seed: 11).records == Simulator.replicate(scenario, seed: 11).records)
        #expect(Simulator.replicate(scenario, seed: 11).records != Simulator.replicate(scenario, seed: 12).records)
    }

    @Test func theJSONReportDecodes() async throws {
        let scenario = SimulationScenario.simple(agents: 3, arrivalsPerHour: 30, handleMinutes: 5, patienceMinutes: 2, run: .init(length: 3600, warmUp: 600, replications: 3))
        let output = SimulationOutput(runs: [
            try await Simulator.run(scenario, label: "baseline"), try await Simulator.run(scenario.addingAgents(1), label: "+1 agent"),
        ])
        let json = try output.json()
        #expect(json.contains("\"mean_wait_seconds\"") && json.contains("\"half_width\""))
        let decoded = try SimulationOutput.decoder.decode(SimulationOutput.self, from: Data(json.utf8))
        #expect(decoded == output)
        #expect(decoded.runs.map(\.agents) == [3, 4])
        #expect(SimulationReport.table(decoded.runs).contains("answered within 20 s"))
    }

    @Test func aScenarioFileDecodes() throws {
        let scenario = try SimulationScenario.decode(json: Data(Self.scenarioFile.utf8))
        #expect(scenario.run.length == 8 * 3600 && scenario.run.warmUp == 1800 && scenario.run.replications == 5)
        #expect(scenario.workgroups.map(\.id) == ["support", "billing"])
        #expect(scenario.workgroups[0].requiredSkills == [SkillRequirement(skill: "english", minimum: 2)])
        #expect(scenario.workgroups[0].expansion == [ExpansionTier(after: 60, minimum: 0)])
        #expect(scenario.workgroups[1].overflow == Overflow(to: "support", after: 600))
        #expect(scenario.arrivals[0].handle == .exponential(mean: 300) && scenario.arrivals[0].patience == .exponential(mean: 120))
        #expect(scenario.arrivals[1].channel == .privateMessaging && scenario.arrivals[1].handle == .samples([120, 240, 600]))
        #expect(scenario.agents[0].memberIDs == ["day-1", "day-2", "day-3"] && scenario.agents[0].skills == ["english": 3])
        let evening = SimulationScenario.Shift(start: 14_400, end: 30_600)
        #expect(scenario.agents[1].shifts == [evening])
        #expect(throws: Never.self) { try scenario.validate() }
    }

    @Test(arguments: [
        (#"{"workgroups": [{"id": "support"}], "arrivals": [{"workgroup": "billing", "per_hour": 10, "handle": {"mean": 300}}], "agents": [{"id": "a", "workgroups": ["support"]}]}"#,
         "arrivals[0].workgroup: unknown workgroup 'billing'"),
        (#"{"workgroups": [{"id": "support"}], "arrivals": [{"workgroup": "support", "per_hour": -5, "handle": {"mean": 300}}], "agents": [{"id": "a", "workgroups": ["support"]}]}"#,
         "arrivals[0].per_hour: must be zero or more"),
        (#"{"workgroups": [{"id": "support"}], "arrivals": [{"workgroup": "support", "per_hour": 5, "handle": {"mean": 300}}], "agents": []}"#,
         "agents: zero agents"),
        (#"{"workgroups": [{"id": "support"}], "arrivals": [{"workgroup": "support", "per_hour": 5, "handle": {"mean": 300}, "patince": {"mean": 60}}], "agents": []}"#,
         "arrivals[0].patince: unknown key"),
        (#"{"workgroups": [{"id": "support"}], "arrivals": [{"workgroup": "support", "per_hour": "many", "handle": {"mean": "5 min"}}]"#,
         "not valid JSON"),
        (#"{"workgroups": [{"id": "support"}], "arrivals": [{"workgroup": "support", "per_hour": 5, "handle": {"mean": "5 min"}}], "agents": []}"#,
         "arrivals[0].handle.mean: '5 min' is not a duration"),
        // Sizes that would run for hours or for ever, or take all memory before the first event.
        (#"{"workgroups": [{"id": "support"}], "arrivals": [{"workgroup": "support", "per_hour": 1e308, "handle": {"mean": 300}}], "agents": [{"id": "a", "workgroups": ["support"]}]}"#,
         "the run would simulate endless arrivals"),
        (#"{"run": {"length": "100000h", "replications": 1000}, "workgroups": [{"id": "support"}], "arrivals": [{"workgroup": "support", "per_hour": 60, "handle": {"mean": 300}}], "agents": [{"id": "a", "workgroups": ["support"]}]}"#,
         "arrivals (per_hour × (warm_up + length) × replications); at most 20000000"),
        (#"{"run": {"replications": 1000000000}, "workgroups": [{"id": "support"}], "arrivals": [{"workgroup": "support", "per_hour": 0, "handle": {"mean": 300}}], "agents": [{"id": "a", "workgroups": ["support"]}]}"#,
         "run.replications: at most 1000"),
        (#"{"workgroups": [{"id": "support"}], "arrivals": [{"workgroup": "support", "per_hour": 5, "handle": {"mean": 300}}], "agents": [{"id": "a", "count": 1000000000000, "workgroups": ["support"]}]}"#,
         "agents: at most 100000 agents in all"),
    ])
    func badScenariosAreRejectedNamingTheItem(json: String, message: String) {
        do {
            try SimulationScenario.decode(json: Data(json.utf8)).validate()
            Issue.record("accepted: \(json)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    static let scenarioFile = """
        {
          "run": {"length": "8h", "warm_up": "30m", "replications": 5, "seed": 42},
          "workgroups": [
            {"id": "support", "required_skills": [{"skill": "english", "minimum": 2}], "expansion": [{"after": "1m", "minimum": 0}],
             "service_levels": [20, "1m"], "strategy": "longest_idle", "aging_per_minute": 0},
            {"id": "billing", "overflow": {"to": "support", "after": "10m"}}
          ],
          "arrivals": [
            {"workgroup": "support", "channel": "web_messaging", "per_hour": 60, "handle": {"mean": "5m"}, "patience": {"mean": 120}},
            {"workgroup": "billing", "channel": "private_messaging", "per_hour": 12, "handle": {"samples": [120, 240, 600]}}
          ],
          "agents": [
            {"id": "day", "count": 3, "workgroups": ["support", "billing"], "skills": {"english": 3}, "capacity": {"web_messaging": 1, "private_messaging": 2}, "total_capacity": 2},
            {"id": "evening", "workgroups": ["support"], "shifts": [{"start": "4h", "end": 30600}]}
          ]
        }
        """
}

/// M/M/c through the real engine: one workgroup, no skills required, FIFO (no aging, longest idle), agents
/// of capacity 1, offers accepted at once, nobody abandons, no expansion, alerting that never times out.
/// Each replication discards a warm-up and measures about `customers` arrivals.
struct MMcStudy {
    let agents: Int
    let occupancy: Double
    let replications: Int
    let customers: Int
    let seed: UInt64
    let meanHandle = 300.0

    var arrivalRate: Double { occupancy * Double(agents) / meanHandle }
    /// About five relaxation times of the queue, ρ/(1 − √ρ)² customers: ~340 at ρ = 0.9, ~70 at ρ = 0.8.
    var warmUpCustomers: Double { occupancy < 0.85 ? 600 : 1_700 }

    func theory(agents: Int) -> ErlangC { ErlangC(agents: agents, arrivalRate: arrivalRate, serviceRate: 1 / meanHandle) }

    var scenario: SimulationScenario {
        SimulationScenario(
            workgroups: [WorkgroupPolicy(id: "mmc", alertingTimeout: 1e9, serviceLevels: [0], strategy: .longestIdle, agingPerMinute: 0)],
            arrivals: [.init(workgroup: "mmc", perHour: arrivalRate * 3600, handle: .exponential(mean: meanHandle))],
            agents: [.init(id: "agent", count: agents, workgroups: ["mmc"], capacity: [.webMessaging: 1], totalCapacity: 1)],
            run: .init(length: Double(customers) / arrivalRate, warmUp: warmUpCustomers / arrivalRate, replications: replications, seed: seed))
    }

    /// Per replication: P(wait > 0), mean wait, and P(W > t) at t = Wq and 2·Wq of the true c.
    struct Samples {
        var tails: [Double]
        var waited: [Double] = []
        var meanWait: [Double] = []
        var beyond: [[Double]] = [[], []]
    }

    func samples() async -> Samples {
        let wq = theory(agents: agents).meanWait
        var samples = Samples(tails: [wq, 2 * wq])
        for outcome in await Simulator.replicate(scenario) {
            let records = outcome.records["mmc"] ?? []
            let waits = records.compactMap(\.wait)
            if waits.count != records.count { Issue.record("\(records.count - waits.count) measured customers were never answered") }
            let n = Double(waits.count)
            samples.waited.append(Double(waits.count { $0 > 0 }) / n)
            samples.meanWait.append(waits.reduce(0, +) / n)
            for (index, t) in samples.tails.enumerated() { samples.beyond[index].append(Double(waits.count { $0 > t }) / n) }
        }
        return samples
    }

    func checks(_ samples: Samples, against theory: ErlangC) -> [Agreement] {
        func agreement(_ figure: String, _ values: [Double], _ expected: Double) -> Agreement {
            Agreement(figure: figure, estimate: Estimate(values, confidence: 0.99)!, theory: expected)
        }
        return [
            agreement("P(wait)", samples.waited, theory.probabilityOfWait),
            agreement("mean wait", samples.meanWait, theory.meanWait),
        ] + samples.tails.enumerated().map { index, t in
            agreement(String(format: "P(W > %.1f s)", t), samples.beyond[index], theory.probabilityWaitExceeds(t))
        }
    }
}

/// A simulated figure's 99 % interval against the theoretical value.
struct Agreement: CustomStringConvertible {
    var figure: String
    var estimate: Estimate
    var theory: Double

    var contains: Bool { estimate.contains(theory) }
    var relativeHalfWidth: Double { estimate.relativeHalfWidth(to: theory) ?? .infinity }
    /// The acceptance criterion: inside the interval, and the interval narrower than ±5 %.
    var holds: Bool { contains && relativeHalfWidth < 0.05 }

    var description: String {
        let verdict = holds ? "holds" : contains ? "contained, too wide" : "NOT contained"
        return "\(figure): " + String(format: "%.4f ± %.4f (±%.1f %%) vs Erlang C %.4f", estimate.mean, estimate.halfWidth ?? 0, relativeHalfWidth * 100, theory)
            + ", \(verdict)"
    }
}
