import Domain
import Foundation

/// What `parley simulate` prints: every figure as a mean across replications with its confidence interval.
public struct SimulationReport: Codable, Sendable, Hashable {
    public var label: String
    public var agents: Int
    public var replications: Int
    public var seed: UInt64
    public var warmUpSeconds: Double
    public var lengthSeconds: Double
    public var confidence: Double
    public var workgroups: [WorkgroupReport]
    public var occupancy: Estimate?
    /// Interactions taken back from agents who logged out or missed an offer.
    public var requeued: Estimate?

    public struct WorkgroupReport: Codable, Sendable, Hashable {
        public var id: Workgroup.ID
        public var arrivals: Estimate?
        public var serviceLevels: [ServiceLevel]
        public var meanWaitSeconds: Estimate?
        public var p90WaitSeconds: Estimate?
        public var waitedShare: Estimate?
        public var abandonmentRate: Estimate?
        public var unanswered: Estimate?
    }

    public struct ServiceLevel: Codable, Sendable, Hashable {
        public var seconds: Int
        /// The share of arrivals answered within `seconds`.
        public var share: Estimate?
    }

    public init(label: String, scenario: SimulationScenario, outcomes: [ReplicationOutcome], confidence: Double) {
        self.label = label
        agents = scenario.agents.reduce(0) { $0 + $1.count }
        replications = outcomes.count
        seed = scenario.run.seed
        warmUpSeconds = scenario.run.warmUp
        lengthSeconds = scenario.run.length
        self.confidence = confidence
        func estimate(_ values: [Double?]) -> Estimate? { Estimate(values.compactMap { $0 }, confidence: confidence) }
        workgroups = scenario.workgroups.map { policy in
            let metrics = outcomes.map { $0.metrics(for: policy.id, serviceLevels: policy.serviceLevels) }
            return WorkgroupReport(
                id: policy.id, arrivals: estimate(metrics.map { Double($0.arrivals) }),
                serviceLevels: policy.serviceLevels.map { seconds in ServiceLevel(seconds: seconds, share: estimate(metrics.map { $0.serviceLevels[seconds] })) },
                meanWaitSeconds: estimate(metrics.map(\.meanWait)), p90WaitSeconds: estimate(metrics.map(\.p90Wait)),
                waitedShare: estimate(metrics.map(\.waitedShare)), abandonmentRate: estimate(metrics.map(\.abandonmentRate)),
                unanswered: estimate(metrics.map { Double($0.unanswered) }))
        }
        occupancy = estimate(outcomes.map(\.occupancy))
        requeued = estimate(outcomes.map { Double($0.requeued) })
    }
}

/// The JSON document `parley simulate --json` writes: one report per compared scenario.
public struct SimulationOutput: Codable, Sendable, Hashable {
    public var runs: [SimulationReport]

    public init(runs: [SimulationReport]) { self.runs = runs }

    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    public func json() throws -> String { String(decoding: try Self.encoder.encode(self), as: UTF8.self) }
}
