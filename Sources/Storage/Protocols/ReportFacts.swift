import Domain
import Foundation

/// What the reports know of one interaction: its figures so far, and the clocks still running (an open queue
/// visit, an open agent segment, an open offer). One row per interaction; Interaction Details reads it.
/// Times are milliseconds since 1970 (UTC); durations are milliseconds.
public struct InteractionFacts: Sendable, Hashable {
    public var interactionID: String
    public var channel: String
    public var visibility: String
    public var createdMs: Int64
    public var closedMs: Int64?
    /// The workgroup it last queued in (`*` for a channel without one).
    public var workgroup: String
    /// `wrapped_up`, `deflected`, `abandoned`, `auto_closed`, `non_actionable`; nil while open.
    public var outcome: String?
    /// `closed`, `special_day`, `emergency`, `other` for a deflected interaction.
    public var deflection: String?
    public var wrapUpCode: String?
    /// Every agent who accepted it, in order, comma-separated.
    public var agents: String
    public var queueWaitMs: Int64 = 0
    public var handleMs: Int64 = 0
    public var offers: Int64 = 0
    public var ronas: Int64 = 0
    public var transfers: Int64 = 0
    public var firstAnsweredMs: Int64?
    /// The open queue visit: where and since when it waits.
    public var visitWorkgroup: String?
    public var visitStartMs: Int64?
    /// The open agent segment: who holds it since when, and the visit it was answered from.
    public var segmentAgent: String?
    public var segmentStartMs: Int64?
    public var segmentWorkgroup: String?
    public var segmentVisitStartMs: Int64?
    /// The open offer: its attempt number, agent and start.
    public var attemptSeq: Int64 = 0
    public var offerAgent: String?
    public var offerStartMs: Int64?
    /// The reason of Parley's last automatic answer (`outside_hours`, `special_day`, `emergency`).
    public var autoReplyReason: String?

    public init(interactionID: String, channel: String, visibility: String, createdMs: Int64, workgroup: String = "*", agents: String = "") {
        self.interactionID = interactionID
        self.channel = channel
        self.visibility = visibility
        self.createdMs = createdMs
        self.workgroup = workgroup
        self.agents = agents
    }
}

/// One offer of an interaction to an agent and what became of it (Interaction Handling Attempts).
public struct HandlingAttempt: Sendable, Hashable {
    public var interactionID: String
    public var seq: Int64
    public var agent: String
    public var workgroup: String
    public var offeredMs: Int64
    /// `offered` (still ringing), `accepted`, `rejected`, `rona`, `revoked`, `transferred`, `abandoned`, `closed`.
    public var result: String
    public var endedMs: Int64?

    public init(interactionID: String, seq: Int64, agent: String, workgroup: String, offeredMs: Int64, result: String, endedMs: Int64? = nil) {
        self.interactionID = interactionID
        self.seq = seq
        self.agent = agent
        self.workgroup = workgroup
        self.offeredMs = offeredMs
        self.result = result
        self.endedMs = endedMs
    }
}

/// An agent's running clocks: the state since when, and how many interactions they hold.
public struct AgentLive: Sendable, Hashable {
    public var agent: String
    /// `logged_out`, `not_ready`, `ready`.
    public var state: String
    public var reason: String
    public var sinceMs: Int64
    public var held: Int64
    public var busySinceMs: Int64?
    public var idleSinceMs: Int64?

    public init(agent: String, state: String, reason: String, sinceMs: Int64, held: Int64 = 0, busySinceMs: Int64? = nil, idleSinceMs: Int64? = nil) {
        self.agent = agent
        self.state = state
        self.reason = reason
        self.sinceMs = sinceMs
        self.held = held
        self.busySinceMs = busySinceMs
        self.idleSinceMs = idleSinceMs
    }
}

/// Everything one batch of events changes in the roll-ups, written in one transaction with the new position.
public struct ReportChanges: Sendable {
    public var position: Int64
    public var facts: [InteractionFacts] = []
    public var attempts: [HandlingAttempt] = []
    public var agents: [AgentLive] = []
    public var queue: [QueueRollupKey: QueueCounts] = [:]
    public var agentCounts: [AgentRollupKey: AgentCounts] = [:]
    public var states: [AgentStateKey: Int64] = [:]
    public var wrapUps: [WrapUpRollupKey: WrapUpCounts] = [:]

    public init(position: Int64) { self.position = position }
}

/// A time range of buckets at one grain, tagged with the report interval it belongs to.
public struct BucketRange: Sendable, Hashable {
    public var interval: Int
    public var grain: ReportGrain
    /// Buckets `lower ..< upper`.
    public var lower: Int64
    public var upper: Int64

    public init(interval: Int, grain: ReportGrain, lower: Int64, upper: Int64) {
        self.interval = interval
        self.grain = grain
        self.lower = lower
        self.upper = upper
    }
}

/// Which rows a report reads: bucket ranges plus optional filters (nil: all).
public struct RollupFilter: Sendable, Hashable {
    public var workgroups: [String]?
    public var agents: [String]?
    public var channels: [String]?
    public var visibility: String?

    public init(workgroups: [String]? = nil, agents: [String]? = nil, channels: [String]? = nil, visibility: String? = nil) {
        self.workgroups = workgroups
        self.agents = agents
        self.channels = channels
        self.visibility = visibility
    }
}

public struct IntervalQueueRow: Sendable, Hashable {
    public var interval: Int
    public var workgroup: String
    public var counts: QueueCounts

    public init(interval: Int, workgroup: String, counts: QueueCounts) {
        self.interval = interval
        self.workgroup = workgroup
        self.counts = counts
    }
}

/// A handled interaction's close and scores: who handled it (every agent who accepted it, in order) and what the
/// content analyzer read in it.
public struct ScoredInteraction: Sendable, Hashable {
    public var agents: String
    public var closedMs: Int64
    public var sentiment: Double?
    public var influence: Double?
    public var actionability: Double?

    public init(agents: String, closedMs: Int64, sentiment: Double?, influence: Double?, actionability: Double?) {
        self.agents = agents
        self.closedMs = closedMs
        self.sentiment = sentiment
        self.influence = influence
        self.actionability = actionability
    }
}

public struct ChannelQueueRow: Sendable, Hashable {
    public var interval: Int
    public var channel: String
    public var visibility: String
    public var counts: QueueCounts

    public init(interval: Int, channel: String, visibility: String, counts: QueueCounts) {
        self.interval = interval
        self.channel = channel
        self.visibility = visibility
        self.counts = counts
    }
}

public struct IntervalAgentRow: Sendable, Hashable {
    public var interval: Int
    public var agent: String
    public var counts: AgentCounts

    public init(interval: Int, agent: String, counts: AgentCounts) {
        self.interval = interval
        self.agent = agent
        self.counts = counts
    }
}

public struct IntervalStateRow: Sendable, Hashable {
    public var interval: Int
    public var agent: String
    public var state: String
    public var reason: String
    public var milliseconds: Int64

    public init(interval: Int, agent: String, state: String, reason: String, milliseconds: Int64) {
        self.interval = interval
        self.agent = agent
        self.state = state
        self.reason = reason
        self.milliseconds = milliseconds
    }
}

public struct IntervalWrapUpRow: Sendable, Hashable {
    public var interval: Int
    public var workgroup: String
    public var agent: String
    public var code: String
    public var counts: WrapUpCounts

    public init(interval: Int, workgroup: String, agent: String, code: String, counts: WrapUpCounts) {
        self.interval = interval
        self.workgroup = workgroup
        self.agent = agent
        self.code = code
        self.counts = counts
    }
}
