/// An upper or lower bound on a live figure of a workgroup (or of every workgroup), shown on the wallboard
/// when crossed (`reports.alerts` in parley.yml).
public struct WallboardAlertRule: Sendable, Hashable, Codable {
    public enum Metric: String, Sendable, Hashable, Codable, CaseIterable {
        case waiting
        case longestWaitingSeconds = "longest_waiting_seconds"
        case serviceLevelPercent = "service_level_percent"
        case abandoned
        case averageWaitSeconds = "average_wait_seconds"
        case readyAgents = "ready_agents"
    }

    public var metric: Metric
    /// nil: every workgroup.
    public var workgroup: String?
    public var above: Double?
    public var below: Double?

    public init(metric: Metric, workgroup: String? = nil, above: Double? = nil, below: Double? = nil) {
        self.metric = metric
        self.workgroup = workgroup
        self.above = above
        self.below = below
    }

    /// The alerts this rule raises for a workgroup's live figures (none when the figure has no value yet).
    func alerts(_ board: WorkgroupBoard) -> [WallboardAlert] {
        guard workgroup == nil || workgroup == board.id, let value = value(board) else { return [] }
        var raised: [WallboardAlert] = []
        if let above, value > above {
            raised.append(WallboardAlert(workgroup: board.id, metric: metric.rawValue, value: value, bound: above, kind: "above"))
        }
        if let below, value < below {
            raised.append(WallboardAlert(workgroup: board.id, metric: metric.rawValue, value: value, bound: below, kind: "below"))
        }
        return raised
    }

    func value(_ board: WorkgroupBoard) -> Double? {
        switch metric {
        case .waiting: Double(board.waiting)
        case .longestWaitingSeconds: board.longestWaitingMs.map { Double($0) / 1000 }
        case .serviceLevelPercent: board.serviceLevelPercent
        case .abandoned: Double(board.abandoned)
        case .averageWaitSeconds: board.averageWaitMs.map { Double($0) / 1000 }
        case .readyAgents: Double(board.agents.ready)
        }
    }
}

public struct WallboardAlert: Codable, Sendable, Hashable {
    public var workgroup: String
    public var metric: String
    public var value: Double
    public var bound: Double
    /// `above` (the value is over an upper bound) or `below`.
    public var kind: String
}
