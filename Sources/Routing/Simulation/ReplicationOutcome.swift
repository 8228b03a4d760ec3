import Domain
import Foundation

/// The raw result of one replication: what happened to each interaction that arrived in the measured
/// window, and how agents spent that window.
public struct ReplicationOutcome: Sendable {
    public enum Fate: Sendable, Hashable { case answered, abandoned, unanswered }

    public struct Record: Sendable, Hashable {
        /// Seconds from the start of the run.
        public var arrivedAt: Double
        /// From arrival to the first offer (nil unless answered).
        public var wait: Double?
        public var fate: Fate
    }

    public var seed: UInt64
    /// The measured window, in seconds from the start of the run.
    public var window: Range<Double>
    public var records: [Workgroup.ID: [Record]]
    public var busySeconds: Double
    public var loggedInSeconds: Double
    /// Interactions taken back from agents (logged out, missed the offer) during the window.
    public var requeued: Int

    /// The share of logged-in agent time spent with at least one interaction offered or in hand.
    public var occupancy: Double? { loggedInSeconds > 0 ? busySeconds / loggedInSeconds : nil }

    public func metrics(for workgroup: Workgroup.ID, serviceLevels: [Int]) -> WorkgroupMetrics {
        WorkgroupMetrics(records: records[workgroup] ?? [], serviceLevels: serviceLevels)
    }
}

/// One replication's figures for one workgroup. A share whose denominator is zero is nil.
public struct WorkgroupMetrics: Sendable, Hashable {
    public var arrivals: Int
    public var answered: Int
    public var abandoned: Int
    /// Still waiting when the run ended.
    public var unanswered: Int
    /// Per threshold (seconds): the share of arrivals answered within it (abandoned ones count as missed).
    public var serviceLevels: [Int: Double]
    /// Over answered interactions.
    public var meanWait: Double?
    public var p90Wait: Double?
    /// The share of answered interactions that waited at all (Erlang C's P(wait)).
    public var waitedShare: Double?
    public var abandonmentRate: Double?

    public init(records: [ReplicationOutcome.Record], serviceLevels thresholds: [Int]) {
        arrivals = records.count
        var waits: [Double] = []
        waits.reserveCapacity(records.count)
        abandoned = 0
        unanswered = 0
        for record in records {
            switch record.fate {
            case .answered: waits.append(record.wait ?? 0)
            case .abandoned: abandoned += 1
            case .unanswered: unanswered += 1
            }
        }
        answered = waits.count
        waits.sort()
        let total = Double(arrivals)
        serviceLevels = [:]
        for threshold in thresholds {
            let within = Self.countAtMost(Double(threshold), in: waits)
            serviceLevels[threshold] = arrivals > 0 ? Double(within) / total : nil
        }
        meanWait = waits.isEmpty ? nil : waits.reduce(0, +) / Double(waits.count)
        p90Wait = Self.percentile(0.9, ofSorted: waits)
        waitedShare = waits.isEmpty ? nil : Double(waits.count - Self.countAtMost(0, in: waits)) / Double(waits.count)
        abandonmentRate = arrivals > 0 ? Double(abandoned) / total : nil
    }

    /// Nearest rank: the smallest wait at or above which lies the given share of waits.
    static func percentile(_ p: Double, ofSorted values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let rank = Int((p * Double(values.count)).rounded(.up))
        return values[min(max(rank, 1), values.count) - 1]
    }

    /// How many of the sorted values are ≤ `limit` (binary search).
    static func countAtMost(_ limit: Double, in sorted: [Double]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= limit { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
