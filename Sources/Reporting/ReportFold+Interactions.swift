import Domain
import Storage

/// How an interaction's clocks start and stop (`docs/metrics.md`, "Clocks").
extension ReportFold {
    enum VisitEnd { case answered, abandoned, flowedOut }

    mutating func queued(_ id: String, in workgroup: String, at: Int64) {
        var facts = fact(id, at: at)
        if let open = facts.visitWorkgroup {
            if open == workgroup { return }  // back in the same queue (after a RONA, say): the visit goes on
            endVisit(&facts, at: at, as: .flowedOut)
        }
        facts.visitWorkgroup = workgroup
        facts.visitStartMs = at
        facts.workgroup = workgroup
        addQueue(at: at, workgroup: workgroup, facts) { $0.offered += 1 }
        store(facts)
    }

    mutating func offered(_ id: String, to agent: String, at: Int64) {
        var facts = fact(id, at: at)
        if facts.offerAgent != nil { endOffer(&facts, result: "revoked", at: at) }
        facts.attemptSeq += 1
        facts.offers += 1
        facts.offerAgent = agent
        facts.offerStartMs = at
        record(HandlingAttempt(interactionID: id, seq: facts.attemptSeq, agent: agent, workgroup: facts.visitWorkgroup ?? facts.workgroup,
                               offeredMs: at, result: "offered"))
        addAgent(at: at, agent) { $0.offers += 1 }
        store(facts)
    }

    /// A rejection, RONA or revocation: the offer ends, the interaction keeps waiting in its visit.
    mutating func offerEnded(_ id: String, agent: String, result: String, at: Int64, _ count: (inout AgentCounts) -> Void) {
        var facts = fact(id, at: at)
        if result == "revoked", facts.offerAgent == nil, facts.segmentAgent == agent {
            // Not an offer: an interaction the agent held, taken back to the queue (the agent signed out, or was
            // signed out). Their handling ends here; left open, it counted them busy for as long as they were away.
            endSegment(&facts, at: at, transferred: false)
            store(facts)
            return
        }
        if facts.offerAgent != nil { endOffer(&facts, result: result, at: at) }
        if result == "rona" { facts.ronas += 1 }
        addAgent(at: at, agent, count)
        store(facts)
    }

    mutating func accepted(_ id: String, by agent: String, at: Int64) {
        var facts = fact(id, at: at)
        if facts.offerAgent != nil {
            endOffer(&facts, result: "accepted", at: at)
        } else {  // assigned without a ringing offer
            facts.attemptSeq += 1
            record(HandlingAttempt(interactionID: id, seq: facts.attemptSeq, agent: agent, workgroup: facts.visitWorkgroup ?? facts.workgroup,
                                   offeredMs: at, result: "accepted", endedMs: at))
        }
        addAgent(at: at, agent) { $0.accepted += 1 }
        if facts.segmentAgent != nil { endSegment(&facts, at: at, transferred: false) }
        let visitStart = facts.visitStartMs ?? at
        let visitWorkgroup = facts.visitWorkgroup ?? facts.workgroup
        if facts.visitWorkgroup != nil { endVisit(&facts, at: at, as: .answered) }
        if facts.firstAnsweredMs == nil { facts.firstAnsweredMs = at }
        facts.segmentAgent = agent
        facts.segmentStartMs = at
        facts.segmentWorkgroup = visitWorkgroup
        facts.segmentVisitStartMs = visitStart
        if !facts.agents.split(separator: ",").contains(Substring(agent)) {
            facts.agents = facts.agents.isEmpty ? agent : facts.agents + "," + agent
        }
        store(facts)
        holdStarted(agent, at: at)
    }

    mutating func transferred(_ id: String, at: Int64) {
        var facts = fact(id, at: at)
        guard facts.outcome == nil else { return }
        if facts.offerAgent != nil { endOffer(&facts, result: "transferred", at: at) }
        if facts.segmentAgent != nil {
            endSegment(&facts, at: at, transferred: true)
            facts.transfers += 1
        } else if facts.visitWorkgroup != nil {
            endVisit(&facts, at: at, as: .flowedOut)
            facts.transfers += 1
        }
        store(facts)
    }

    mutating func closed(_ id: String, outcome: String, code: String?, workgroup: String?, agent: String?, at: Int64) {
        var facts = fact(id, at: at)
        guard facts.outcome == nil else { return }
        // Deflected and non-actionable interactions never queue: they count under the workgroup Parley decided for.
        if outcome == "deflected" || outcome == "non_actionable", let workgroup { facts.workgroup = workgroup }
        if facts.offerAgent != nil { endOffer(&facts, result: outcome == "abandoned" ? "abandoned" : "closed", at: at) }
        if facts.visitWorkgroup != nil { endVisit(&facts, at: at, as: outcome == "abandoned" ? .abandoned : .flowedOut) }
        let holder = facts.segmentAgent
        if holder != nil { endSegment(&facts, at: at, transferred: false) }
        if outcome == "wrapped_up", let agent = agent ?? holder { addAgent(at: at, agent) { $0.wrappedUp += 1 } }
        switch outcome {
        case "deflected":
            let kind = Self.deflection(facts.autoReplyReason)
            facts.deflection = kind
            addQueue(at: at, workgroup: facts.workgroup, facts) { counts in
                switch kind {
                case "closed": counts.deflectedClosed += 1
                case "special_day": counts.deflectedSpecialDay += 1
                case "emergency": counts.deflectedEmergency += 1
                default: counts.deflectedOther += 1
                }
            }
        case "non_actionable": addQueue(at: at, workgroup: facts.workgroup, facts) { $0.nonActionable += 1 }
        default: break
        }
        facts.outcome = outcome
        facts.closedMs = at
        facts.wrapUpCode = code
        let label = code ?? (holder == nil ? "-" : "NS")
        addWrapUp(at: at, workgroup: facts.workgroup, agent: agent ?? holder ?? "", code: label,
                  WrapUpCounts(interactions: 1, handleMs: facts.handleMs))
        store(facts)
    }

    static func deflection(_ reason: String?) -> String {
        switch reason {
        case "outside_hours": "closed"
        case "special_day": "special_day"
        case "emergency": "emergency"
        default: "other"
        }
    }

    mutating func endVisit(_ facts: inout InteractionFacts, at: Int64, as end: VisitEnd) {
        guard let workgroup = facts.visitWorkgroup, let start = facts.visitStartMs else { return }
        let wait = max(0, at - start)
        facts.queueWaitMs += wait
        let thresholds = thresholds(of: workgroup)
        let shortAbandon = settings.shortAbandonMs
        addQueue(at: start, workgroup: workgroup, facts) { counts in
            switch end {
            case .answered:
                counts.answered += 1
                counts.waitAnsweredMs += wait
                counts.waitAnsweredMaxMs = max(counts.waitAnsweredMaxMs, wait)
                for (slot, limit) in thresholds.enumerated() where wait <= limit { counts.answeredWithin[slot] += 1 }
            case .abandoned:
                counts.abandoned += 1
                counts.waitAbandonedMs += wait
                if wait < shortAbandon { counts.shortAbandoned += 1 }
            case .flowedOut:
                counts.flowedOut += 1
            }
        }
        for part in split(from: start, to: at) {
            let key = QueueRollupKey(grain: part.grain, bucket: part.bucket, workgroup: workgroup, channel: facts.channel, visibility: facts.visibility)
            changes.queue[key, default: QueueCounts()].waitingMs += part.milliseconds
        }
        facts.visitWorkgroup = nil
        facts.visitStartMs = nil
    }

    mutating func endSegment(_ facts: inout InteractionFacts, at: Int64, transferred: Bool) {
        guard let agent = facts.segmentAgent, let start = facts.segmentStartMs else { return }
        let handle = max(0, at - start)
        facts.handleMs += handle
        addQueue(at: facts.segmentVisitStartMs ?? start, workgroup: facts.segmentWorkgroup ?? facts.workgroup, facts) { counts in
            counts.handled += 1
            counts.handleMs += handle
            if transferred { counts.transferred += 1 }
        }
        addAgent(at: at, agent) { counts in
            counts.handled += 1
            counts.handleMs += handle
            counts.handleMaxMs = max(counts.handleMaxMs, handle)
            if transferred { counts.transferred += 1 }
        }
        facts.segmentAgent = nil
        facts.segmentStartMs = nil
        facts.segmentWorkgroup = nil
        facts.segmentVisitStartMs = nil
        holdEnded(agent, at: at)
    }

    mutating func endOffer(_ facts: inout InteractionFacts, result: String, at: Int64) {
        guard let agent = facts.offerAgent, let start = facts.offerStartMs else { return }
        record(HandlingAttempt(interactionID: facts.interactionID, seq: facts.attemptSeq, agent: agent,
                               workgroup: facts.visitWorkgroup ?? facts.workgroup, offeredMs: start, result: result, endedMs: at))
        facts.offerAgent = nil
        facts.offerStartMs = nil
    }

    func fact(_ id: String, at: Int64) -> InteractionFacts {
        facts[id] ?? InteractionFacts(interactionID: id, channel: "", visibility: "", createdMs: at)
    }

    mutating func store(_ value: InteractionFacts) {
        facts[value.interactionID] = value
        touchedFacts.insert(value.interactionID)
    }

    mutating func record(_ attempt: HandlingAttempt) {
        attempts["\(attempt.interactionID)#\(attempt.seq)"] = attempt
    }
}
