import Domain
import Foundation
import HeapModule
import Histogram
import Routing

/// `parley bench routing`: the engine alone, no I/O. Two scenarios on one synthetic contact center:
/// *saturated* (a large queue; each measured decision is an agent freeing a slot and the engine picking
/// their next interaction, or finding none they qualify for) and *underloaded* (most agents free; each measured decision is an arrival and
/// the engine offering it). Latency per decision in an HdrHistogram; resident memory from /proc.
public struct RoutingBench {
    public struct Options: Sendable {
        public var agents = 10_000
        public var workgroups = 200
        public var skills = 20
        public var waiting = 100_000
        public var decisions = 200_000
        public var seed: UInt64 = 42
        /// Run one scenario only (nil: both), e.g. under a profiler.
        public var only: ScenarioKind?
        public init() {}
    }

    public enum ScenarioKind: String, Sendable, CaseIterable {
        case saturated, underloaded
    }

    public struct Scenario: Sendable {
        public var name: String
        public var decisions: Int
        public var seconds: Double
        public var p50Micros: Double
        public var p99Micros: Double
        public var maxMicros: Double
        public var decisionsPerSecond: Double { Double(decisions) / max(seconds, 1e-9) }
    }

    public struct Report: Sendable {
        public var options: Options
        public var scenarios: [Scenario]
        public var residentMegabytes: Double
        public var peakMegabytes: Double
        /// A fixed workload timed in the same run (heap inserts and removals of random integers, millions per
        /// second): this shared machine's speed varies from run to run, and the ratio to it varies less.
        public var calibrationMillionOps: Double

        public var text: String {
            var lines = ["\(options.agents) agents, \(options.workgroups) workgroups, \(options.skills) skills; \(options.waiting) waiting when saturated",
                         "scenario      decisions   decisions/s   p50 µs   p99 µs   max µs"]
            for scenario in scenarios {
                lines.append(String(format: "%-12@ %10d  %12.0f  %7.1f  %7.1f  %7.0f", scenario.name as NSString, scenario.decisions,
                                    scenario.decisionsPerSecond, scenario.p50Micros, scenario.p99Micros, scenario.maxMicros))
            }
            lines.append(String(format: "resident memory %.0f MB (peak %.0f MB)", residentMegabytes, peakMegabytes))
            let perOperation = scenarios.map { String(format: "%@ %.4f", $0.name as NSString, $0.decisionsPerSecond / (calibrationMillionOps * 1e6)) }
            lines.append(String(format: "calibration: %.1f M heap operations/s in this run; decisions per heap operation: ", calibrationMillionOps)
                + perOperation.joined(separator: ", "))
            return lines.joined(separator: "\n")
        }
    }

    public static func run(_ options: Options) -> Report {
        let before = calibration()
        let saturated = options.only == .underloaded ? nil : saturatedScenario(options)
        let underloaded = options.only == .saturated ? nil : underloadedScenario(options)
        let after = calibration()
        let memory = residentMemory()
        return Report(options: options, scenarios: [saturated, underloaded].compactMap { $0 }, residentMegabytes: memory.current, peakMegabytes: memory.peak,
                      calibrationMillionOps: (before + after) / 2)
    }

    /// Millions of heap operations per second on 100,000 random integers (a push and a pop each round).
    static func calibration() -> Double {
        var random = SplitMix64(seed: 7)
        var heap = Heap<Int>((0..<100_000).map { _ in Int.random(in: 0..<1_000_000, using: &random) })
        let rounds = 2_000_000
        let start = DispatchTime.now().uptimeNanoseconds
        var sink = 0
        for _ in 0..<rounds {
            heap.insert(Int.random(in: 0..<1_000_000, using: &random))
            sink &+= heap.removeMin()
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return sink == 42 ? 0 : Double(rounds * 2) / seconds / 1e6
    }

    /// Fills every agent, keeps `waiting` in the queue (arrived over the last ten minutes, so target expansion
    /// is spread out as in a steady state), then repeatedly frees a slot of a random busy agent (timed: close →
    /// next pick), accepts the offer, and replaces the finished interaction with a new arrival of the same
    /// workgroup and class, so that the queue keeps its size and mix.
    static func saturatedScenario(_ options: Options) -> Scenario {
        var world = RoutingWorld(agents: options.agents, workgroups: options.workgroups, skills: options.skills, seed: options.seed)
        var engine = RoutingEngine(policies: world.policies)
        var now = Date(timeIntervalSince1970: 1_767_225_600)
        var number = 0
        var kinds: [Interaction.ID: (Workgroup.ID, CapacityClass)] = [:]
        func arrive(_ interaction: RoutableInteraction) {
            kinds[interaction.id] = (interaction.workgroup, interaction.capacityClass)
            _ = engine.handle(.interactionArrived(interaction), now: now)
            number += 1
        }
        for _ in 0..<options.waiting + options.agents * 6 { arrive(world.interaction(number, at: now, queuedWithin: 600)) }
        var held: [User.ID: [Interaction.ID]] = [:]
        func accept(_ decisions: [RoutingDecision]) -> [RoutingDecision] {
            var followUps: [RoutingDecision] = []
            for case .offer(let id, let agent, _, _) in decisions {
                held[agent, default: []].append(id)
                followUps += engine.handle(.accepted(id, by: agent), now: now)
            }
            return followUps
        }
        for profile in world.agents {
            var pending = engine.handle(.agentUpdated(profile), now: now)
            while !pending.isEmpty { pending = accept(pending) }
        }
        for _ in engine.waitingCount..<max(engine.waitingCount, options.waiting) { arrive(world.interaction(number, at: now, queuedWithin: 600)) }
        var busy = Array(held.keys)
        var histogram = Histogram<UInt64>(highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: .three)
        var decided = 0
        var elapsed: UInt64 = 0
        while decided < options.decisions, !busy.isEmpty {
            now += 0.001
            let agentIndex = Int.random(in: 0..<busy.count, using: &world.randomSource)
            let agent = busy[agentIndex]
            guard var mine = held[agent], !mine.isEmpty else { busy.swapAt(agentIndex, busy.count - 1); busy.removeLast(); continue }
            let finished = mine.remove(at: Int.random(in: 0..<mine.count, using: &world.randomSource))
            held[agent] = mine
            let start = DispatchTime.now().uptimeNanoseconds
            let decisions = timedClose(finished, in: &engine, now: now)
            let took = DispatchTime.now().uptimeNanoseconds - start
            elapsed += took
            _ = histogram.record(took)
            decided += 1
            var pending = accept(decisions)
            while !pending.isEmpty { pending = accept(pending) }
            if let (workgroup, capacityClass) = kinds.removeValue(forKey: finished) {
                arrive(RoutableInteraction(id: Interaction.ID("i\(number)"), workgroup: workgroup, capacityClass: capacityClass, queuedAt: now))
            }
        }
        return scenario("saturated", decided, elapsed, histogram)
    }

    /// Every agent ready and mostly free; each timed decision is an arrival offered to the best agent. Work
    /// in progress is capped so that agents stay available: the oldest held interaction is closed (untimed).
    static func underloadedScenario(_ options: Options) -> Scenario {
        var world = RoutingWorld(agents: options.agents, workgroups: options.workgroups, skills: options.skills, seed: options.seed &+ 1)
        var engine = RoutingEngine(policies: world.policies)
        var now = Date(timeIntervalSince1970: 1_767_225_600)
        for profile in world.agents { _ = engine.handle(.agentUpdated(profile), now: now) }
        var inProgress: [Interaction.ID] = []
        var head = 0
        var histogram = Histogram<UInt64>(highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: .three)
        var decided = 0
        var elapsed: UInt64 = 0
        for number in 0..<options.decisions {
            now += 0.001
            let arrival = world.interaction(number, at: now)
            let start = DispatchTime.now().uptimeNanoseconds
            let decisions = timedArrival(arrival, in: &engine, now: now)
            let took = DispatchTime.now().uptimeNanoseconds - start
            elapsed += took
            _ = histogram.record(took)
            for case .offer(let id, let agent, _, _) in decisions {
                decided += 1
                _ = engine.handle(.accepted(id, by: agent), now: now)
                inProgress.append(id)
            }
            if decisions.isEmpty { _ = engine.handle(.closed(arrival.id), now: now) }
            while inProgress.count - head > options.agents / 4 {
                _ = engine.handle(.closed(inProgress[head]), now: now)
                head += 1
            }
        }
        return scenario("underloaded", decided, elapsed, histogram)
    }

    /// The measured commands, never inlined, so that a profiler can count them alone
    /// (`valgrind --tool=callgrind --toggle-collect='*timedClose*'`; docs/performance.md).
    @inline(never)
    static func timedClose(_ id: Interaction.ID, in engine: inout RoutingEngine, now: Date) -> [RoutingDecision] {
        engine.handle(.closed(id), now: now)
    }

    @inline(never)
    static func timedArrival(_ arrival: RoutableInteraction, in engine: inout RoutingEngine, now: Date) -> [RoutingDecision] {
        engine.handle(.interactionArrived(arrival), now: now)
    }

    static func scenario(_ name: String, _ decided: Int, _ elapsed: UInt64, _ histogram: Histogram<UInt64>) -> Scenario {
        Scenario(name: name, decisions: decided, seconds: Double(elapsed) / 1e9, p50Micros: Double(histogram.valueAtPercentile(50)) / 1000,
                 p99Micros: Double(histogram.valueAtPercentile(99)) / 1000, maxMicros: Double(histogram.max) / 1000)
    }

    /// Current and peak resident set size, in MB (Linux; zero elsewhere).
    static func residentMemory() -> (current: Double, peak: Double) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func value(_ key: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return 0 }
            return Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
        }
        return (value("VmRSS:"), value("VmHWM:"))
    }
}
