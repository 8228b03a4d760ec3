import Domain
import Foundation
import Storage

/// Folds events into report roll-ups: the one implementation of `docs/metrics.md`. Pure: it starts from the
/// running facts the roll-ups already hold, applies events in log order, and returns what changed.
public struct ServiceLevelGoal: Sendable, Hashable {
    public var seconds: Int
    public var target: Double

    public init(seconds: Int, target: Double) {
        self.seconds = seconds
        self.target = target
    }
}

public struct ReportFold: Sendable {
    /// What a fold needs to know beyond the events.
    public struct Settings: Sendable, Hashable {
        /// Service-level thresholds (seconds, ascending, at most 12) per workgroup.
        public var thresholds: [String: [Int]]
        /// Thresholds of a workgroup not in `thresholds`.
        public var defaultThresholds: [Int]
        /// An abandon after less than this wait is a short abandon.
        public var shortAbandonMs: Int64
        /// The workgroup of each channel, for interactions that close before they queue (deflected, non-actionable).
        public var channelWorkgroups: [String: String]
        /// The zone whose local days make the day grain (`reports.time_zone`).
        public var timeZone: TimeZone
        /// Each workgroup's service-level goal: answered within these seconds (one of its thresholds), and the share
        /// to reach (`service_level_seconds`, `service_level_target`). What the wallboard shows; it shapes no roll-up.
        public var goals: [String: ServiceLevelGoal] = [:]

        public init(thresholds: [String: [Int]] = [:], defaultThresholds: [Int] = [30, 60, 300, 900, 3600], shortAbandonMs: Int64 = 10_000,
                    channelWorkgroups: [String: String] = [:], timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
            self.thresholds = thresholds
            self.defaultThresholds = defaultThresholds
            self.shortAbandonMs = shortAbandonMs
            self.channelWorkgroups = channelWorkgroups
            self.timeZone = timeZone
        }

        /// Changes whenever a setting that shapes the roll-ups changes, or the fold itself does (the version: v3 ends a
        /// held interaction's handling when it is taken back to the queue).
        public var fingerprint: String {
            let thresholds = self.thresholds.keys.sorted().map { "\($0)=\(self.thresholds[$0]!.map(String.init).joined(separator: ","))" }
            let channels = channelWorkgroups.keys.sorted().map { "\($0)=\(channelWorkgroups[$0]!)" }
            return "v3;zone=\(timeZone.identifier);default=\(defaultThresholds.map(String.init).joined(separator: ","));short=\(shortAbandonMs);"
                + "thresholds=\(thresholds.joined(separator: "|"));channels=\(channels.joined(separator: "|"))"
        }

        /// The seconds of a workgroup's goal among its thresholds, or its first threshold.
        public func goalSeconds(of workgroup: String) -> Int? {
            let thresholds = (self.thresholds[workgroup] ?? defaultThresholds).prefix(reportThresholdSlots)
            if let goal = goals[workgroup]?.seconds, thresholds.contains(goal) { return goal }
            return thresholds.first
        }

        func thresholdsMs(of workgroup: String) -> [Int64] {
            (thresholds[workgroup] ?? defaultThresholds).prefix(reportThresholdSlots).map { Int64($0) * 1000 }
        }
    }

    public let settings: Settings
    public internal(set) var facts: [String: InteractionFacts]
    public internal(set) var agents: [String: AgentLive]
    var changes: ReportChanges
    var touchedFacts: Set<String> = []
    var touchedAgents: Set<String> = []
    var attempts: [String: HandlingAttempt] = [:]
    var days: ReportDays
    private var thresholdCache: [String: [Int64]] = [:]

    public init(settings: Settings, position: Int64, facts: [InteractionFacts] = [], agents: [AgentLive] = []) {
        self.settings = settings
        self.facts = Dictionary(facts.map { ($0.interactionID, $0) }, uniquingKeysWith: { $1 })
        self.agents = Dictionary(agents.map { ($0.agent, $0) }, uniquingKeysWith: { $1 })
        self.changes = ReportChanges(position: position)
        self.days = ReportDays(zone: settings.timeZone)
    }

    /// The interactions and agents an event concerns, so a caller can load their running facts first.
    public static func subjects(of event: DomainEvent) -> (interaction: String?, agent: String?) {
        switch event {
        case .interactionCreated(let body), .interactionQueued(let body), .interactionAbandoned(let body),
             .interactionDeflected(let body), .interactionNonActionable(let body):
            (body.interactionID.rawValue, nil)
        case .interactionOffered(let body), .interactionAccepted(let body), .interactionRejected(let body), .interactionRONA(let body),
             .interactionOfferRevoked(let body), .interactionAutoClosed(let body):
            (body.interactionID.rawValue, body.agentID.rawValue.isEmpty ? nil : body.agentID.rawValue)
        case .interactionTransferred(let body): (body.interactionID.rawValue, body.fromAgentID?.rawValue)
        case .interactionWrappedUp(let body): (body.interactionID.rawValue, body.agentID.rawValue)
        case .interactionAutoReplied(let body): (body.interactionID.rawValue, nil)
        case .messageReceived(let body), .messageSent(let body): (body.interactionID.rawValue, nil)
        case .agentStateChanged(let body): (nil, body.agentID.rawValue)
        default: (nil, nil)
        }
    }

    /// Applies events in log order.
    public mutating func apply(_ events: [LoggedEvent]) {
        for event in events { apply(event) }
    }

    public mutating func apply(_ logged: LoggedEvent) {
        changes.position = max(changes.position, logged.position)
        let at = Self.millis(logged.recordedAt)
        switch logged.event {
        case .interactionCreated(let body):
            let id = body.interactionID.rawValue
            guard facts[id] == nil else { return }
            let channel = body.channelID.rawValue
            facts[id] = InteractionFacts(interactionID: id, channel: channel, visibility: "", createdMs: at,
                                         workgroup: body.workgroupID?.rawValue ?? settings.channelWorkgroups[channel] ?? RoutingDefaults.anyWorkgroup)
            touchedFacts.insert(id)
        case .messageReceived(let body): message(body, inbound: true, at: at)
        case .messageSent(let body): message(body, inbound: false, at: at)
        case .interactionQueued(let body): queued(body.interactionID.rawValue, in: body.workgroupID?.rawValue ?? RoutingDefaults.anyWorkgroup, at: at)
        case .interactionOffered(let body): offered(body.interactionID.rawValue, to: body.agentID.rawValue, at: at)
        case .interactionAccepted(let body): accepted(body.interactionID.rawValue, by: body.agentID.rawValue, at: at)
        case .interactionRejected(let body):
            offerEnded(body.interactionID.rawValue, agent: body.agentID.rawValue, result: "rejected", at: at) { $0.rejected += 1 }
        case .interactionRONA(let body):
            offerEnded(body.interactionID.rawValue, agent: body.agentID.rawValue, result: "rona", at: at) { $0.ronas += 1 }
        case .interactionOfferRevoked(let body):
            offerEnded(body.interactionID.rawValue, agent: body.agentID.rawValue, result: "revoked", at: at) { $0.revoked += 1 }
        case .interactionTransferred(let body): transferred(body.interactionID.rawValue, at: at)
        case .interactionWrappedUp(let body):
            closed(body.interactionID.rawValue, outcome: "wrapped_up", code: body.code.rawValue, workgroup: nil, agent: body.agentID.rawValue, at: at)
        case .interactionAutoClosed(let body):
            closed(body.interactionID.rawValue, outcome: "auto_closed", code: nil, workgroup: body.workgroupID?.rawValue, agent: nil, at: at)
        case .interactionAbandoned(let body):
            closed(body.interactionID.rawValue, outcome: "abandoned", code: nil, workgroup: body.workgroupID?.rawValue, agent: nil, at: at)
        case .interactionNonActionable(let body):
            closed(body.interactionID.rawValue, outcome: "non_actionable", code: nil, workgroup: body.workgroupID?.rawValue, agent: nil, at: at)
        case .interactionDeflected(let body):
            closed(body.interactionID.rawValue, outcome: "deflected", code: nil, workgroup: body.workgroupID?.rawValue, agent: nil, at: at)
        case .interactionAutoReplied(let body): update(body.interactionID.rawValue, at: at) { $0.autoReplyReason = body.reason }
        case .agentStateChanged(let body): stateChanged(body.agentID.rawValue, to: body.state.rawValue, reason: body.reason?.rawValue ?? "", at: at)
        default: return
        }
    }

    /// The changes so far, ready to write.
    public func result() -> ReportChanges {
        var result = changes
        result.facts = touchedFacts.sorted().compactMap { facts[$0] }
        result.agents = touchedAgents.sorted().compactMap { agents[$0] }
        result.attempts = attempts.keys.sorted().compactMap { attempts[$0] }
        return result
    }

    /// The changes so far, handed over and forgotten (with the facts of closed interactions, which no later event
    /// changes): for folding a long log in bounded memory.
    public mutating func flush() -> ReportChanges {
        let handed = result()
        changes = ReportChanges(position: handed.position)
        touchedFacts = []
        touchedAgents = []
        attempts = [:]
        facts = facts.filter { $0.value.outcome == nil }
        return handed
    }

    public static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    func thresholds(of workgroup: String) -> [Int64] { settings.thresholdsMs(of: workgroup) }

    /// A message counts on its interaction's workgroup, channel and media type; the first one sets the media type.
    mutating func message(_ body: MessageEvent, inbound: Bool, at: Int64) {
        guard var current = facts[body.interactionID.rawValue] else { return }
        if current.visibility.isEmpty { current.visibility = body.visibility.rawValue }
        if current.channel.isEmpty { current.channel = body.channelID.rawValue }
        store(current)
        addQueue(at: at, workgroup: current.visitWorkgroup ?? current.workgroup, current) { counts in
            if inbound { counts.inbound += 1 } else { counts.outbound += 1 }
        }
    }

    /// Runs `change` on facts the fold holds; an interaction it does not know (created before the log it reads) is left alone.
    mutating func update(_ id: String, at: Int64, _ change: (inout InteractionFacts) -> Void) {
        guard var current = facts[id] else { return }
        change(&current)
        facts[id] = current
        touchedFacts.insert(id)
    }

    func agentLive(_ id: String, at: Int64) -> AgentLive {
        agents[id] ?? AgentLive(agent: id, state: "logged_out", reason: "", sinceMs: at)
    }

    mutating func store(_ live: AgentLive) {
        agents[live.agent] = live
        touchedAgents.insert(live.agent)
    }
}

/// Names shared with routing without depending on it.
public enum RoutingDefaults {
    /// Where interactions of a channel without a workgroup queue (routing's `anyWorkgroup`).
    public static let anyWorkgroup = "*"
}
