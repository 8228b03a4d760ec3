import Domain
import Foundation

/// A staffing what-if: who works when, what arrives, and how each workgroup routes. Times are seconds from
/// the start of the simulated run (the warm-up is its first part).
public struct SimulationScenario: Sendable, Hashable {
    public var workgroups: [WorkgroupPolicy]
    public var arrivals: [ArrivalStream]
    public var agents: [AgentGroup]
    /// How long agents take to accept an offer (0: at once). Longer than the alerting timeout means RONA.
    public var answerAfter: TimeInterval
    public var run: RunSettings

    public init(
        workgroups: [WorkgroupPolicy], arrivals: [ArrivalStream], agents: [AgentGroup], answerAfter: TimeInterval = 0,
        run: RunSettings = RunSettings()
    ) {
        self.workgroups = workgroups
        self.arrivals = arrivals
        self.agents = agents
        self.answerAfter = answerAfter
        self.run = run
    }

    /// Poisson arrivals of one channel (capacity class) into one workgroup.
    public struct ArrivalStream: Sendable, Hashable {
        public var workgroup: Workgroup.ID
        public var channel: CapacityClass
        public var perHour: Double
        public var handle: SimulationDistribution
        /// How long a customer waits for an agent before giving up (nil: forever).
        public var patience: SimulationDistribution?
        /// nil: the workgroup's starting priority.
        public var priority: Int?

        public init(
            workgroup: Workgroup.ID, channel: CapacityClass = .webMessaging, perHour: Double, handle: SimulationDistribution,
            patience: SimulationDistribution? = nil, priority: Int? = nil
        ) {
            self.workgroup = workgroup
            self.channel = channel
            self.perHour = perHour
            self.handle = handle
            self.patience = patience
            self.priority = priority
        }
    }

    /// `count` agents alike: with a count above one they are named `id-1`, `id-2`, ….
    public struct AgentGroup: Sendable, Hashable {
        public var id: String
        public var count: Int
        public var workgroups: Set<Workgroup.ID>
        public var skills: [Skill.ID: Int]
        public var capacity: [CapacityClass: Int]
        public var totalCapacity: Int
        /// When they are logged in (ready); empty: the whole run.
        public var shifts: [Shift]

        public init(
            id: String, count: Int = 1, workgroups: Set<Workgroup.ID>, skills: [Skill.ID: Int] = [:],
            capacity: [CapacityClass: Int] = [.webMessaging: 1, .privateMessaging: 1, .publicSocial: 1], totalCapacity: Int = 1,
            shifts: [Shift] = []
        ) {
            self.id = id
            self.count = count
            self.workgroups = workgroups
            self.skills = skills
            self.capacity = capacity
            self.totalCapacity = totalCapacity
            self.shifts = shifts
        }

        public var memberIDs: [User.ID] {
            count == 1 ? [User.ID(id)] : (1...max(count, 1)).map { User.ID("\(id)-\($0)") }
        }
    }

    public struct Shift: Sendable, Hashable, Codable {
        public var start: TimeInterval
        public var end: TimeInterval

        public init(start: TimeInterval, end: TimeInterval) {
            self.start = start
            self.end = end
        }
    }

    public struct RunSettings: Sendable, Hashable {
        /// The measured period, after the warm-up.
        public var length: TimeInterval
        /// Excluded from statistics: the run starts with nobody waiting and nobody busy.
        public var warmUp: TimeInterval
        public var replications: Int
        public var seed: UInt64
        /// How long after the measured period the run may continue for the last arrivals to be answered.
        public var drainLimit: TimeInterval

        public init(length: TimeInterval = 8 * 3600, warmUp: TimeInterval = 3600, replications: Int = 10, seed: UInt64 = 1,
                    drainLimit: TimeInterval = 24 * 3600) {
            self.length = length
            self.warmUp = warmUp
            self.replications = replications
            self.seed = seed
            self.drainLimit = drainLimit
        }
    }
}

extension SimulationScenario {
    /// The common question: one workgroup, `agents` alike, exponential handle times, no abandonment.
    public static func simple(
        agents: Int, arrivalsPerHour: Double, handleMinutes: Double, patienceMinutes: Double? = nil,
        channel: CapacityClass = .webMessaging, serviceLevels: [Int] = [20, 60, 300], run: RunSettings = RunSettings()
    ) -> SimulationScenario {
        SimulationScenario(
            workgroups: [WorkgroupPolicy(id: "support", serviceLevels: serviceLevels, strategy: .longestIdle, agingPerMinute: 0)],
            arrivals: [ArrivalStream(workgroup: "support", channel: channel, perHour: arrivalsPerHour, handle: .exponential(mean: handleMinutes * 60),
                                     patience: patienceMinutes.map { .exponential(mean: $0 * 60) })],
            agents: [AgentGroup(id: "agent", count: agents, workgroups: ["support"], capacity: [channel: 1], totalCapacity: 1)],
            run: run)
    }

    /// The same scenario with `extra` more agents like the first group (same skills, workgroups and shifts).
    public func addingAgents(_ extra: Int) -> SimulationScenario {
        guard extra > 0, var group = agents.first else { return self }
        group.id = "added"
        group.count = extra
        if extra == 1 { group.id = "added-1" }
        var scenario = self
        scenario.agents.append(group)
        return scenario
    }
}
