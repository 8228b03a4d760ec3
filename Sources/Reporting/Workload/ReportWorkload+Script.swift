import Domain
import Foundation

/// What the workload decided, before any event was written: the reference the reports are checked against.
public struct ReportTruth: Sendable {
    public struct Visit: Sendable, Hashable {
        public var workgroup: String
        public var startMs: Int64
        public var endMs: Int64
        /// `answered`, `abandoned`, `flowed_out`.
        public var end: String
    }

    public struct Segment: Sendable, Hashable {
        public var agent: String
        public var workgroup: String
        public var visitStartMs: Int64
        public var startMs: Int64
        public var endMs: Int64
        public var transferred: Bool
    }

    public struct Interaction: Sendable, Hashable {
        public var id: String
        public var channel: String
        public var visibility: String
        public var createdMs: Int64
        public var closedMs: Int64?
        public var workgroup: String
        public var outcome: String
        public var deflection: String?
        /// The code, `NS` or `-`.
        public var codeLabel: String
        public var visits: [Visit] = []
        public var segments: [Segment] = []
        public var offers: [(agent: String, atMs: Int64, result: String)] = []

        public static func == (lhs: Self, rhs: Self) -> Bool { lhs.id == rhs.id }
        public func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }

    public struct StateSpan: Sendable, Hashable {
        public var agent: String
        /// `ready` or `not_ready`.
        public var state: String
        public var reason: String
        public var fromMs: Int64
        public var toMs: Int64
    }

    public var interactions: [Interaction] = []
    public var states: [StateSpan] = []
    public var lastMs: Int64 = 0
}

extension ReportWorkload {
    struct Script {
        var truth: ReportTruth.Interaction
        var events: [(Int64, DomainEvent)] = []

        init(id: String, createdMs: Int64) {
            truth = ReportTruth.Interaction(id: id, channel: "", visibility: "", createdMs: createdMs, workgroup: "", outcome: "", codeLabel: "-")
        }

        var id: Interaction.ID { .init(truth.id) }

        mutating func add(_ at: Int64, _ event: DomainEvent) { events.append((at, event)) }

        mutating func close(_ at: Int64, outcome: String) {
            truth.closedMs = at
            truth.outcome = outcome
        }
    }

    func makeInteraction(_ script: inout Script, _ random: inout SplitMix64) {
        let channelIndex = Int(random.next(below: UInt64(shape.channels)))
        let channel = self.channel(channelIndex), visibility = self.visibility(ofChannel: channelIndex)
        let groups = workgroups(ofChannel: channelIndex)
        let group = workgroup(groups[Int(random.next(below: UInt64(groups.count)))])
        let t0 = script.truth.createdMs
        script.truth.channel = channel
        script.truth.visibility = visibility.rawValue
        script.truth.workgroup = group
        let channelID = Channel.ID(channel)
        script.add(t0, .interactionCreated(InteractionEvent(interactionID: script.id, channelID: channelID)))
        script.add(t0, .messageReceived(MessageEvent(messageID: .init("m" + script.truth.id), interactionID: script.id, channelID: channelID,
                                                     visibility: visibility)))
        let roll = Double(random.next(below: 10_000)) / 10_000
        if roll < 0.05 {
            let reason = ["outside_hours", "special_day", "emergency"][Int(random.next(below: 3))]
            script.add(t0 + 200, .interactionAutoReplied(AutoReplied(interactionID: script.id, channelID: channelID, messageID: .init("r" + script.truth.id),
                                                                     reason: reason, period: "p")))
            script.add(t0 + 300, .interactionDeflected(InteractionEvent(interactionID: script.id, channelID: channelID, workgroupID: .init(group))))
            script.close(t0 + 300, outcome: "deflected")
            script.truth.deflection = ReportFold.deflection(reason)
            return
        }
        if roll < 0.07 {
            script.add(t0 + 100, .interactionNonActionable(InteractionEvent(interactionID: script.id, channelID: channelID, workgroupID: .init(group))))
            script.close(t0 + 100, outcome: "non_actionable")
            return
        }
        var at = t0 + 50
        var workgroup = group
        var holder: String?
        for leg in 0..<2 {
            let visitStart = at
            script.add(at, .interactionQueued(InteractionEvent(interactionID: script.id, channelID: channelID, workgroupID: .init(workgroup))))
            if leg == 0 && random.chance(0.1) {  // the customer leaves while waiting
                let wait = random.chance(0.3) ? Int64(random.next(below: 9_999)) + 1 : random.exponential(meanMs: 120_000)
                at += wait
                script.truth.visits.append(.init(workgroup: workgroup, startMs: visitStart, endMs: at, end: "abandoned"))
                script.add(at, .interactionAbandoned(InteractionEvent(interactionID: script.id, channelID: channelID, workgroupID: .init(workgroup))))
                script.close(at, outcome: "abandoned")
                return
            }
            at += random.exponential(meanMs: 60_000)
            if random.chance(0.12) {  // rings out first: RONA
                let first = agent(Int(random.next(below: UInt64(shape.agents))))
                script.add(at, .interactionOffered(InteractionAgentEvent(interactionID: script.id, agentID: .init(first), workgroupID: .init(workgroup))))
                script.truth.offers.append((first, at, "rona"))
                at += 30_000
                script.add(at, .interactionRONA(InteractionAgentEvent(interactionID: script.id, agentID: .init(first), workgroupID: .init(workgroup))))
                at += random.exponential(meanMs: 20_000)
            }
            let taker = agent(Int(random.next(below: UInt64(shape.agents))))
            script.add(at, .interactionOffered(InteractionAgentEvent(interactionID: script.id, agentID: .init(taker), workgroupID: .init(workgroup))))
            script.truth.offers.append((taker, at, "accepted"))
            at += 1_000 + Int64(random.next(below: 7_000))
            script.add(at, .interactionAccepted(InteractionAgentEvent(interactionID: script.id, agentID: .init(taker), workgroupID: .init(workgroup))))
            script.truth.visits.append(.init(workgroup: workgroup, startMs: visitStart, endMs: at, end: "answered"))
            let segmentStart = at
            at += random.exponential(meanMs: 480_000)
            holder = taker
            if leg == 0 && random.chance(0.1) {  // transferred to another workgroup
                let target = self.workgroup(Int(random.next(below: UInt64(shape.workgroups))))
                script.add(at, .interactionTransferred(InteractionTransferred(interactionID: script.id, fromAgentID: .init(taker), toAgentID: nil,
                                                                              toWorkgroupID: .init(target))))
                script.truth.segments.append(.init(agent: taker, workgroup: workgroup, visitStartMs: visitStart, startMs: segmentStart, endMs: at,
                                                   transferred: true))
                workgroup = target
                script.truth.workgroup = target
                continue
            }
            script.truth.segments.append(.init(agent: taker, workgroup: workgroup, visitStartMs: visitStart, startMs: segmentStart, endMs: at,
                                               transferred: false))
            break
        }
        guard let holder else { return }
        if random.chance(0.08) {
            script.add(at, .interactionAutoClosed(InteractionAgentEvent(interactionID: script.id, agentID: .init(holder), workgroupID: .init(workgroup))))
            script.close(at, outcome: "auto_closed")
            script.truth.codeLabel = "NS"
        } else {
            let code = Self.codes[Int(random.next(below: UInt64(Self.codes.count)))]
            script.add(at, .interactionWrappedUp(InteractionWrappedUp(interactionID: script.id, agentID: .init(holder), code: .init(code))))
            script.close(at, outcome: "wrapped_up")
            script.truth.codeLabel = code
        }
    }

    /// One agent's day: ready at a shift start of their own, lunch (not ready), ready again, logged out.
    func shift(_ index: Int, dayStart: Int64, _ random: inout SplitMix64) -> (events: [(Int64, DomainEvent)], spans: [ReportTruth.StateSpan]) {
        let id = agent(index)
        let start = dayStart + Int64(index % 16) * 3_600_000 + Int64(random.next(below: 600_000))
        let lunch = start + 4 * 3_600_000 + Int64(random.next(below: 1_800_000))
        let back = lunch + 1_800_000 + Int64(random.next(below: 1_800_000))
        let end = start + 9 * 3_600_000
        let reason = index % 5 == 0 ? "Meeting" : "Lunch"
        let spans: [ReportTruth.StateSpan] = [
            .init(agent: id, state: "ready", reason: "", fromMs: start, toMs: lunch),
            .init(agent: id, state: "not_ready", reason: reason, fromMs: lunch, toMs: back),
            .init(agent: id, state: "ready", reason: "", fromMs: back, toMs: end),
        ]
        return ([
            (start, .agentStateChanged(AgentStateChanged(agentID: .init(id), state: .ready))),
            (lunch, .agentStateChanged(AgentStateChanged(agentID: .init(id), state: .notReady, reason: .init(reason)))),
            (back, .agentStateChanged(AgentStateChanged(agentID: .init(id), state: .ready))),
            (end, .agentStateChanged(AgentStateChanged(agentID: .init(id), state: .loggedOut))),
        ], spans)
    }
}
