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

    public static func csv(_ rows: [SocialEngagementRow]) -> String {
        ReportCSV.render(header: ["interval", "agent", "interactions", "average_sentiment", "average_influence", "average_actionability"],
                         rows: rows.map { row in
            [row.interval.cell, .text(row.agent), .integer(row.interactions), row.averageSentiment.cell, row.averageInfluence.cell,
             row.averageActionability.cell]
        })
    }
}

extension ReportQueries {
    public func socialEngagement(_ period: ReportPeriod, filter: RollupFilter, detail: Bool) async throws -> [SocialEngagementRow] {
        struct Key: Hashable { var interval: Int; var agent: String }
        struct Sums { var count: Int64 = 0; var sentiment: [Double] = []; var influence: [Double] = []; var actionability: [Double] = [] }
        var sums: [Key: Sums] = [:]
        let starts = period.intervals.map(\.startMs)
        for scored in try await store.scoredInteractions(fromMs: period.startMs, toMs: period.endMs) {
            // The last interval starting at or before the close.
            let index = (starts.lastIndex { $0 <= scored.closedMs }) ?? 0
            for agent in Set(scored.agents.split(separator: ",").map(String.init)) where filter.agents?.contains(agent) ?? true {
                let key = Key(interval: detail ? index : -1, agent: agent)
                var value = sums[key] ?? Sums()
                value.count += 1
                if let sentiment = scored.sentiment { value.sentiment.append(sentiment) }
                if let influence = scored.influence { value.influence.append(influence) }
                if let actionability = scored.actionability { value.actionability.append(actionability) }
                sums[key] = value
            }
        }
        func mean(_ values: [Double]) -> Double? {
            values.isEmpty ? nil : (values.reduce(0, +) / Double(values.count) * 1000).rounded() / 1000
        }
        return sums.keys.sorted { ($0.interval, $0.agent) < ($1.interval, $1.agent) }.map { key in
            let value = sums[key]!
            return SocialEngagementRow(interval: key.interval < 0 ? nil : period.intervals[key.interval].label, agent: key.agent,
                                       interactions: value.count, averageSentiment: mean(value.sentiment),
                                       averageInfluence: mean(value.influence), averageActionability: mean(value.actionability))
        }
    }
}
