import Domain
import Foundation

/// How fine a roll-up row is. Every delta is written at every grain: quarter hours make any interval of any
/// time zone with a whole-quarter-hour offset exact; hours make long ranges cheap to read; days (local days of
/// `reports.time_zone`, bucket = the date's day number) make the long ranges of the center's own zone cheaper still.
public enum ReportGrain: Int, Sendable, CaseIterable, Hashable {
    case quarter = 0
    case hour = 1
    case day = 2

    /// The grains of a fixed width in UTC.
    public static let fixed: [ReportGrain] = [.quarter, .hour]

    /// The width of a fixed grain (a local day has no fixed width: 23, 24 or 25 hours).
    public var milliseconds: Int64 {
        switch self {
        case .quarter: 900_000
        case .hour: 3_600_000
        case .day: 86_400_000
        }
    }

    /// The bucket of a fixed grain holding `millis`.
    public func bucket(of millis: Int64) -> Int64 {
        let (quotient, remainder) = millis.quotientAndRemainder(dividingBy: milliseconds)
        return remainder < 0 ? quotient - 1 : quotient
    }
}

/// The most service-level thresholds a workgroup may have (seed 000 line 684: "up to 12").
public let reportThresholdSlots = 12

/// One queue roll-up row: a workgroup's interactions on one channel and media type (public or private), in one bucket.
public struct QueueRollupKey: Sendable, Hashable {
    public var grain: ReportGrain
    public var bucket: Int64
    public var workgroup: String
    public var channel: String
    public var visibility: String

    public init(grain: ReportGrain, bucket: Int64, workgroup: String, channel: String, visibility: String) {
        self.grain = grain
        self.bucket = bucket
        self.workgroup = workgroup
        self.channel = channel
        self.visibility = visibility
    }
}

/// Counts and integer-millisecond sums; `docs/metrics.md` defines each one.
public struct QueueCounts: Sendable, Hashable {
    public var offered: Int64 = 0
    public var answered: Int64 = 0
    public var abandoned: Int64 = 0
    public var shortAbandoned: Int64 = 0
    public var flowedOut: Int64 = 0
    public var transferred: Int64 = 0
    public var handled: Int64 = 0
    public var deflectedClosed: Int64 = 0
    public var deflectedSpecialDay: Int64 = 0
    public var deflectedEmergency: Int64 = 0
    public var deflectedOther: Int64 = 0
    public var nonActionable: Int64 = 0
    public var waitAnsweredMs: Int64 = 0
    public var waitAnsweredMaxMs: Int64 = 0
    public var waitAbandonedMs: Int64 = 0
    public var handleMs: Int64 = 0
    /// Time spent waiting in the queue within the bucket (any visit, cut at bucket edges): ÷ the bucket's length
    /// gives the average queue length.
    public var waitingMs: Int64 = 0
    /// Customer messages received and messages sent (by agents or Parley) in the bucket.
    public var inbound: Int64 = 0
    public var outbound: Int64 = 0
    /// Answered within the workgroup's n-th service-level threshold.
    public var answeredWithin: [Int64] = Array(repeating: 0, count: reportThresholdSlots)

    public init() {}

    public mutating func add(_ other: QueueCounts) {
        offered += other.offered
        answered += other.answered
        abandoned += other.abandoned
        shortAbandoned += other.shortAbandoned
        flowedOut += other.flowedOut
        transferred += other.transferred
        handled += other.handled
        deflectedClosed += other.deflectedClosed
        deflectedSpecialDay += other.deflectedSpecialDay
        deflectedEmergency += other.deflectedEmergency
        deflectedOther += other.deflectedOther
        nonActionable += other.nonActionable
        waitAnsweredMs += other.waitAnsweredMs
        waitAnsweredMaxMs = max(waitAnsweredMaxMs, other.waitAnsweredMaxMs)
        waitAbandonedMs += other.waitAbandonedMs
        handleMs += other.handleMs
        waitingMs += other.waitingMs
        inbound += other.inbound
        outbound += other.outbound
        for slot in 0..<reportThresholdSlots { answeredWithin[slot] += other.answeredWithin[slot] }
    }

    public var deflected: Int64 { deflectedClosed + deflectedSpecialDay + deflectedEmergency + deflectedOther }
}

public struct AgentRollupKey: Sendable, Hashable {
    public var grain: ReportGrain
    public var bucket: Int64
    public var agent: String

    public init(grain: ReportGrain, bucket: Int64, agent: String) {
        self.grain = grain
        self.bucket = bucket
        self.agent = agent
    }
}

public struct AgentCounts: Sendable, Hashable {
    public var offers: Int64 = 0
    public var accepted: Int64 = 0
    public var rejected: Int64 = 0
    public var ronas: Int64 = 0
    public var revoked: Int64 = 0
    public var handled: Int64 = 0
    public var handleMs: Int64 = 0
    public var handleMaxMs: Int64 = 0
    public var transferred: Int64 = 0
    public var wrappedUp: Int64 = 0
    /// Time in each state within the bucket: ready, not ready (all reasons; by reason in `AgentStateKey` rows),
    /// busy (holding at least one interaction) and idle (ready, holding none).
    public var readyMs: Int64 = 0
    public var notReadyMs: Int64 = 0
    public var busyMs: Int64 = 0
    public var idleMs: Int64 = 0

    public init() {}

    /// Books `milliseconds` in `state` (`ready`, `busy`, `idle`; anything else is not ready).
    public mutating func addTime(_ milliseconds: Int64, in state: String) {
        switch state {
        case "ready": readyMs += milliseconds
        case "busy": busyMs += milliseconds
        case "idle": idleMs += milliseconds
        default: notReadyMs += milliseconds
        }
    }

    public mutating func add(_ other: AgentCounts) {
        offers += other.offers
        accepted += other.accepted
        rejected += other.rejected
        ronas += other.ronas
        revoked += other.revoked
        handled += other.handled
        handleMs += other.handleMs
        handleMaxMs = max(handleMaxMs, other.handleMaxMs)
        transferred += other.transferred
        wrappedUp += other.wrappedUp
        readyMs += other.readyMs
        notReadyMs += other.notReadyMs
        busyMs += other.busyMs
        idleMs += other.idleMs
    }
}

/// Time an agent spent not ready for one reason within a bucket (state `not_ready`; the totals per state are
/// columns of the agent's `AgentCounts` row).
public struct AgentStateKey: Sendable, Hashable {
    public var grain: ReportGrain
    public var bucket: Int64
    public var agent: String
    public var state: String
    public var reason: String

    public init(grain: ReportGrain, bucket: Int64, agent: String, state: String, reason: String = "") {
        self.grain = grain
        self.bucket = bucket
        self.agent = agent
        self.state = state
        self.reason = reason
    }
}

/// Interactions closed in a bucket by wrap-up code; `NS` where an agent held it but chose none, `-` where no
/// agent held it (seed 004 lines 696–700).
public struct WrapUpRollupKey: Sendable, Hashable {
    public var grain: ReportGrain
    public var bucket: Int64
    public var workgroup: String
    public var agent: String
    public var code: String

    public init(grain: ReportGrain, bucket: Int64, workgroup: String, agent: String, code: String) {
        self.grain = grain
        self.bucket = bucket
        self.workgroup = workgroup
        self.agent = agent
        self.code = code
    }
}

public struct WrapUpCounts: Sendable, Hashable {
    public var interactions: Int64 = 0
    public var handleMs: Int64 = 0

    public init(interactions: Int64 = 0, handleMs: Int64 = 0) {
        self.interactions = interactions
        self.handleMs = handleMs
    }

    public mutating func add(_ other: WrapUpCounts) {
        interactions += other.interactions
        handleMs += other.handleMs
    }
}
