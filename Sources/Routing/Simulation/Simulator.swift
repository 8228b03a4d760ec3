import Foundation

/// Staffing what-ifs: runs a scenario's replications through the real routing engine on a virtual clock.
public enum Simulator {
    /// One replication, reproducible from its seed.
    public static func replicate(_ scenario: SimulationScenario, seed: UInt64) -> ReplicationOutcome {
        var run = SimulationRun(scenario: scenario, seed: seed)
        return run.run()
    }

    /// The seed of replication `index`: spread out from the scenario's seed so that replications are independent.
    public static func replicationSeed(_ index: Int, base: UInt64) -> UInt64 {
        var state = base &+ UInt64(index) &* 0xA076_1D64_78BD_642F
        return SeededGenerator.splitMix(&state)
    }

    /// Every replication, run concurrently; the result does not depend on how they were scheduled. They run on
    /// Dispatch's threads, not Swift concurrency's cooperative pool: minutes of CPU-bound work there would starve
    /// every other task of the process (timers, I/O) for as long.
    public static func replicate(_ scenario: SimulationScenario) async -> [ReplicationOutcome] {
        let count = scenario.run.replications
        return await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                let results = Outcomes(count: count)
                DispatchQueue.concurrentPerform(iterations: count) { index in
                    results.set(index, replicate(scenario, seed: replicationSeed(index, base: scenario.run.seed)))
                }
                continuation.resume(returning: results.all)
            }
        }
    }

    /// Outcomes filled in by index from several threads.
    private final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var outcomes: [ReplicationOutcome?]

        init(count: Int) { outcomes = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ outcome: ReplicationOutcome) { lock.withLock { outcomes[index] = outcome } }

        var all: [ReplicationOutcome] { lock.withLock { outcomes.map { $0! } } }
    }

    /// Validates the scenario, runs it, and summarises it with `confidence` intervals across replications.
    public static func run(_ scenario: SimulationScenario, label: String, confidence: Double = 0.95) async throws(SimulationError) -> SimulationReport {
        try scenario.validate()
        guard confidence > 0 && confidence < 1 else { throw SimulationError(["confidence: must be between 0 and 1 (got \(confidence))"]) }
        return SimulationReport(label: label, scenario: scenario, outcomes: await replicate(scenario), confidence: confidence)
    }
}
