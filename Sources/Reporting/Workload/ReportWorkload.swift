import Domain
import Foundation

/// A synthetic contact center's event log with its ground truth: every interaction's visits, segments and
/// outcome are decided here first, then written as the events Parley would log. Tests check that every report
/// reproduces the truth; the report benchmark fills a database with it. Deterministic for a seed.
public struct ReportWorkload: Sendable {
    public struct Shape: Sendable {
        public var interactions: Int
        public var days: Int
        public var agents: Int
        public var workgroups: Int
        public var channels: Int
        /// The first day's midnight, UTC.
        public var startMs: Int64
        public var seed: UInt64

        public init(interactions: Int, days: Int, agents: Int, workgroups: Int, channels: Int, startMs: Int64, seed: UInt64 = 1) {
            self.interactions = interactions
            self.days = days
            self.agents = agents
            self.workgroups = workgroups
            self.channels = channels
            self.startMs = startMs
            self.seed = seed
        }
    }

    public let shape: Shape
    public static let codes = ["Cross Sell", "Need Follow Up", "Not Right Skill", "Processed", "Terminated", "Transferred", "Up Sell"]

    public init(_ shape: Shape) { self.shape = shape }

    public func channel(_ index: Int) -> String { "ch\(index)" }
    public func workgroup(_ index: Int) -> String { "wg\(index)" }
    public func agent(_ index: Int) -> String { "agent\(index)" }
    /// Channels whose threads are public (posts, tweets); the rest are private.
    public func visibility(ofChannel index: Int) -> Visibility { index % 3 == 0 ? .public : .private }
    /// Each channel feeds two or three workgroups.
    public func workgroups(ofChannel index: Int) -> [Int] {
        (0..<(2 + index % 2)).map { (index * 3 + $0 * 7) % shape.workgroups }
    }

    /// Generates the log a day at a time, in time order: `emit` gets batches of events (positions from 1 up).
    /// Returns the truth when `truth` is set.
    @discardableResult
    public func run(truth keep: Bool, emit: ([LoggedEvent]) async throws -> Void) async rethrows -> ReportTruth {
        var random = SplitMix64(seed: shape.seed)
        var truth = ReportTruth()
        var pending: [Pending] = []
        var position: Int64 = 0, sequence = 0
        let day: Int64 = 86_400_000
        let perDay = Double(shape.interactions) / Double(shape.days)
        var made = 0
        for dayIndex in 0..<shape.days {
            let dayStart = shape.startMs + Int64(dayIndex) * day
            let target = dayIndex == shape.days - 1 ? shape.interactions : Int((perDay * Double(dayIndex + 1)).rounded())
            var arrivals = (made..<target).map { _ in dayStart + Int64(random.next(below: UInt64(day))) }
            arrivals.sort()
            for arrival in arrivals {
                var script = Script(id: "i\(made)", createdMs: arrival)
                makeInteraction(&script, &random)
                if keep { truth.interactions.append(script.truth) }
                for (at, event) in script.events {
                    pending.append(Pending(at: at, sequence: sequence, event: event))
                    sequence += 1
                }
                made += 1
            }
            for index in 0..<shape.agents {
                let day = shift(index, dayStart: dayStart, &random)
                if keep { truth.states += day.spans }
                for (at, event) in day.events {
                    pending.append(Pending(at: at, sequence: sequence, event: event))
                    sequence += 1
                }
            }
            let cut = dayIndex == shape.days - 1 ? Int64.max : dayStart + day
            pending.sort { ($0.at, $0.sequence) < ($1.at, $1.sequence) }
            let split = pending.firstIndex { $0.at >= cut } ?? pending.count
            let ready = pending[..<split].map { item -> LoggedEvent in
                position += 1
                return LoggedEvent(position: position, recordedAt: Date(timeIntervalSince1970: Double(item.at) / 1000), event: item.event)
            }
            pending.removeFirst(split)
            try await emit(ready)
        }
        truth.lastMs = truth.interactions.map { $0.closedMs ?? $0.createdMs }.max() ?? shape.startMs
        return truth
    }

    struct Pending {
        var at: Int64
        var sequence: Int
        var event: DomainEvent
    }
}

/// SplitMix64: small, fast and the same on every platform.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: UInt64) -> UInt64 { bound == 0 ? 0 : next() % bound }

    mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }

    /// An exponential duration with this mean, in whole milliseconds (at least 1).
    mutating func exponential(meanMs: Double) -> Int64 {
        let uniform = (Double(next() >> 11) + 0.5) / Double(1 << 53)
        return max(1, Int64(-log(uniform) * meanMs))
    }
}
