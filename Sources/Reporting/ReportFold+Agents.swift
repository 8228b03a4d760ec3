import Storage

/// Agents' clocks: state time (ready, not ready by reason), busy (holding at least one interaction) and idle
/// (ready, holding none), each split exactly across the buckets it spans, at every grain.
extension ReportFold {
    mutating func stateChanged(_ id: String, to state: String, reason: String, at: Int64) {
        var live = agentLive(id, at: at)
        closeState(&live, at: at)
        live.state = state
        live.reason = state == "not_ready" ? reason : ""
        live.sinceMs = at
        if state == "ready" && live.held == 0 { live.idleSinceMs = at }
        store(live)
    }

    mutating func holdStarted(_ id: String, at: Int64) {
        var live = agentLive(id, at: at)
        if live.held == 0 {
            live.busySinceMs = at
            if let idle = live.idleSinceMs { addState(id, "idle", "", from: idle, to: at) }
            live.idleSinceMs = nil
        }
        live.held += 1
        store(live)
    }

    mutating func holdEnded(_ id: String, at: Int64) {
        var live = agentLive(id, at: at)
        guard live.held > 0 else { return }
        live.held -= 1
        if live.held == 0 {
            if let busy = live.busySinceMs { addState(id, "busy", "", from: busy, to: at) }
            live.busySinceMs = nil
            if live.state == "ready" { live.idleSinceMs = at }
        }
        store(live)
    }

    /// Books the time of the state being left.
    private mutating func closeState(_ live: inout AgentLive, at: Int64) {
        switch live.state {
        case "ready": addState(live.agent, "ready", "", from: live.sinceMs, to: at)
        case "not_ready": addState(live.agent, "not_ready", live.reason, from: live.sinceMs, to: at)
        default: break
        }
        if let idle = live.idleSinceMs { addState(live.agent, "idle", "", from: idle, to: at) }
        live.idleSinceMs = nil
    }

    /// Books `from ..< to` in `state`: the agent's total per state, and per reason when not ready.
    mutating func addState(_ agent: String, _ state: String, _ reason: String, from: Int64, to: Int64) {
        for part in split(from: from, to: to) {
            changes.agentCounts[AgentRollupKey(grain: part.grain, bucket: part.bucket, agent: agent), default: AgentCounts()]
                .addTime(part.milliseconds, in: state)
            if state == "not_ready" {
                changes.states[AgentStateKey(grain: part.grain, bucket: part.bucket, agent: agent, state: state, reason: reason), default: 0]
                    += part.milliseconds
            }
        }
    }

    /// The bucket holding `at` at every grain.
    mutating func buckets(of at: Int64) -> [(grain: ReportGrain, bucket: Int64)] {
        [(.quarter, ReportGrain.quarter.bucket(of: at)), (.hour, ReportGrain.hour.bucket(of: at)), (.day, days.day(of: at).number)]
    }

    mutating func addQueue(at: Int64, workgroup: String, _ facts: InteractionFacts, _ change: (inout QueueCounts) -> Void) {
        for (grain, bucket) in buckets(of: at) {
            let key = QueueRollupKey(grain: grain, bucket: bucket, workgroup: workgroup, channel: facts.channel, visibility: facts.visibility)
            change(&changes.queue[key, default: QueueCounts()])
        }
    }

    mutating func addAgent(at: Int64, _ agent: String, _ change: (inout AgentCounts) -> Void) {
        for (grain, bucket) in buckets(of: at) {
            change(&changes.agentCounts[AgentRollupKey(grain: grain, bucket: bucket, agent: agent), default: AgentCounts()])
        }
    }

    mutating func addWrapUp(at: Int64, workgroup: String, agent: String, code: String, _ counts: WrapUpCounts) {
        for (grain, bucket) in buckets(of: at) {
            let key = WrapUpRollupKey(grain: grain, bucket: bucket, workgroup: workgroup, agent: agent, code: code)
            changes.wrapUps[key, default: WrapUpCounts()].add(counts)
        }
    }

    /// `from ..< to` cut at bucket edges, at every grain.
    mutating func split(from: Int64, to: Int64) -> [(grain: ReportGrain, bucket: Int64, milliseconds: Int64)] {
        Self.split(from: from, to: to) + days.split(from: from, to: to).map { (.day, $0.bucket, $0.milliseconds) }
    }

    /// `from ..< to` cut at bucket edges, at the fixed grains (quarter hours and hours).
    public static func split(from: Int64, to: Int64) -> [(grain: ReportGrain, bucket: Int64, milliseconds: Int64)] {
        guard to > from else { return [] }
        var parts: [(grain: ReportGrain, bucket: Int64, milliseconds: Int64)] = []
        for grain in ReportGrain.fixed {
            var bucket = grain.bucket(of: from)
            while bucket * grain.milliseconds < to {
                let lower = max(from, bucket * grain.milliseconds)
                let upper = min(to, (bucket + 1) * grain.milliseconds)
                if upper > lower { parts.append((grain, bucket, upper - lower)) }
                bucket += 1
            }
        }
        return parts
    }
}
