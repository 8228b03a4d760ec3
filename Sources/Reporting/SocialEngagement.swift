import Foundation
import Storage

/// Agent Social Engagement (seed 000 lines 458–466): per agent (and interval), the interactions they handled that
/// closed in it, and the average sentiment, influence and actionability the content analyzer gave them. An
/// interaction counts for every agent who accepted it; an average leaves out interactions without that score.
public struct SocialEngagementRow: Codable, Sendable, Hashable {
    public var interval: String?
    public var agent: String
    public var interactions: Int64
    public var averageSentiment: Double?
    public var averageInfluence: Double?
    public var averageActionability: Double?

    public static func csv(_ rows: [SocialEngagementRow], names: [String: String] = [:]) -> String {
        ReportCSV.render(header: ["interval", "agent", "agent_name", "interactions", "average_sentiment", "average_influence", "average_actionability"],
                         rows: rows.map { row in
            [row.interval.cell, .text(row.agent), names[row.agent].cell, .integer(row.interactions), row.averageSentiment.cell, row.averageInfluence.cell,
             row.averageActionability.cell]
        })
    }
}

extension ReportQueries {
    public func socialEngagement(_ period: ReportPeriod, filter: RollupFilter, detail: Bool) async throws -> [SocialEngagementRow] {
        struct Key: Hashable { var interval: Int; var agent: String }
        /// Running sum and count per score, added in place (no copy of the entry per interaction).
        struct Mean {
            var sum = 0.0, count = 0
            mutating func add(_ value: Double?) { if let value { sum += value; count += 1 } }
            var value: Double? { count == 0 ? nil : (sum / Double(count) * 1000).rounded() / 1000 }
        }
        struct Sums { var count: Int64 = 0; var sentiment = Mean(); var influence = Mean(); var actionability = Mean() }
        var sums: [Key: Sums] = [:]
        let starts = period.intervals.map(\.startMs)
        for scored in try await store.scoredInteractions(fromMs: period.startMs, toMs: period.endMs) {
            // The last interval starting at or before the close (intervals are in order: a binary search).
            var low = 0, high = starts.count
            while low < high {
                let middle = (low + high) / 2
                if starts[middle] <= scored.closedMs { low = middle + 1 } else { high = middle }
            }
            let index = max(0, low - 1)
            for agent in Set(scored.agents.split(separator: ",").map(String.init)) where filter.agents?.contains(agent) ?? true {
                let key = Key(interval: detail ? index : -1, agent: agent)
                sums[key, default: Sums()].count += 1
                sums[key, default: Sums()].sentiment.add(scored.sentiment)
                sums[key, default: Sums()].influence.add(scored.influence)
                sums[key, default: Sums()].actionability.add(scored.actionability)
            }
        }
        return sums.keys.sorted { ($0.interval, $0.agent) < ($1.interval, $1.agent) }.map { key in
            let value = sums[key]!
            return SocialEngagementRow(interval: key.interval < 0 ? nil : period.intervals[key.interval].label, agent: key.agent,
                                       interactions: value.count, averageSentiment: value.sentiment.value,
                                       averageInfluence: value.influence.value, averageActionability: value.actionability.value)
        }
    }
}
