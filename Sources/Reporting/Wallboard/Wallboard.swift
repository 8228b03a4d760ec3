import Domain
import Foundation
import Storage

extension ReportQueries {
    /// The wallboard now: "today" is the zone's calendar day, read through the Queue Performance report, so the
    /// wallboard and the day's report agree exactly.
    public func wallboard(zone: TimeZone, directory: WallboardDirectory, rules: [WallboardAlertRule]) async throws -> WallboardSnapshot {
        let now = clock.now(), nowMs = ReportFold.millis(now)
        let today = zone.wallClock(of: now).date
        let day = try ReportPeriod(from: today, through: today, zone: zone, step: .hour)
        let read = try await consistentReads(day)
        let open = read.open
        let clocks = Dictionary(read.clocks.map { ($0.agent, $0) }, uniquingKeysWith: { $1 })
        let rowsByWorkgroup = Dictionary(read.summary.map { ($0.workgroup, $0) }, uniquingKeysWith: { $1 })
        let seriesByWorkgroup = Dictionary(grouping: read.hourly, by: \.workgroup)

        // Who holds what now, per capacity class; and who waits.
        var load: [String: [String: Int]] = [:]
        var waiting: [String: [Int64]] = [:]
        for facts in open {
            if let agent = facts.segmentAgent {
                let kind = directory.channelKinds[facts.channel] ?? .open
                let capacity = CapacityClass.of(kind: kind, visibility: Visibility(rawValue: facts.visibility) ?? .private)
                load[agent, default: [:]][capacity.rawValue, default: 0] += 1
            }
            if let workgroup = facts.visitWorkgroup, let start = facts.visitStartMs { waiting[workgroup, default: []].append(nowMs - start) }
        }
        let agents = directory.agents.map { agent -> AgentBoard in
            let clock = clocks[agent.id]
            return AgentBoard(id: agent.id, name: agent.name, state: clock?.state ?? "logged_out",
                              reason: clock.flatMap { $0.reason.isEmpty ? nil : $0.reason }, inStateMs: clock.map { nowMs - $0.sinceMs },
                              load: load[agent.id] ?? [:], workgroups: agent.workgroups)
        }
        var known = directory.workgroups
        for id in Set(rowsByWorkgroup.keys).union(waiting.keys) where !known.contains(where: { $0.id == id }) {
            known.append((id, id == RoutingDefaults.anyWorkgroup ? "(no workgroup)" : id))
        }
        let boards = known.map { workgroup -> WorkgroupBoard in
            let row = rowsByWorkgroup[workgroup.id]
            let members = agents.filter { $0.workgroups.contains(workgroup.id) }
            var people = WorkgroupBoard.Agents()
            for member in members {
                switch member.state {
                case "ready": people.ready += 1
                case "not_ready": people.notReady += 1
                default: people.loggedOut += 1
                }
                if !member.load.isEmpty { people.busy += 1 }
            }
            let goal = settings.goalSeconds(of: workgroup.id)
            let level = row?.serviceLevels.first { $0.seconds == goal }
            return WorkgroupBoard(
                id: workgroup.id, name: workgroup.name, waiting: Int64(waiting[workgroup.id]?.count ?? 0),
                longestWaitingMs: waiting[workgroup.id]?.max(), offered: row?.offered ?? 0, answered: row?.answered ?? 0,
                abandoned: row?.abandoned ?? 0, deflected: row.map { $0.deflected.closed + $0.deflected.specialDay + $0.deflected.emergency + $0.deflected.other } ?? 0,
                serviceLevelSeconds: goal, serviceLevelTarget: settings.goals[workgroup.id]?.target, serviceLevelPercent: level?.percent, averageWaitMs: row?.averageWaitMs, averageHandleMs: row?.averageHandleMs, agents: people,
                series: series(day, rows: seriesByWorkgroup[workgroup.id] ?? [], goal: goal, now: nowMs))
        }
        // Foundation on Linux names UTC "GMT"; the configuration and the docs say UTC.
        return WallboardSnapshot(
            generatedAt: ReportPeriod.timestamp(nowMs, zone: zone), timeZone: zone.identifier == "GMT" ? "UTC" : zone.identifier, day: today.description, workgroups: boards,
            agents: agents, platforms: platforms(read.channels, open: open, kinds: directory.channelKinds),
            social: social(open, kinds: directory.channelKinds, now: nowMs), alerts: boards.flatMap { board in rules.flatMap { $0.alerts(board) } })
    }

    struct BoardReads {
        var summary: [QueuePerformanceRow]
        var hourly: [QueuePerformanceRow]
        var channels: [ChannelQueueRow]
        var open: [InteractionFacts]
        var clocks: [AgentLive]
    }

    /// The wallboard's reads, taken apart but seen as of one fold: the projector writes the roll-ups, the open
    /// interactions and the agents' clocks together with its position, so when the position is the same before
    /// and after, no fold landed in between (else "waiting 1" could show beside "inbound 0"). Read again when
    /// one did; a projector busy for three tries in a row gets the last reads.
    func consistentReads(_ day: ReportPeriod, tries: Int = 3) async throws -> BoardReads {
        var attempt = 0
        while true {
            attempt += 1
            let before = try await store.reportPosition()
            async let summary = queuePerformance(day, filter: RollupFilter(), detail: false)
            async let hourly = queuePerformance(day, filter: RollupFilter(), detail: true)
            async let channels = store.channelRollup(ReportPeriod.ranges(0, day.startMs, day.endMs, days: settings.timeZone), filter: RollupFilter())
            async let open = store.openInteractions()
            async let clocks = store.agentClocks()
            let reads = BoardReads(summary: try await summary, hourly: try await hourly, channels: try await channels,
                                   open: try await open, clocks: try await clocks)
            if try await store.reportPosition() == before || attempt == tries { return reads }
        }
    }

    /// Every hour of today so far, empty hours included (nothing offered, nobody waiting).
    func series(_ day: ReportPeriod, rows: [QueuePerformanceRow], goal: Int?, now: Int64) -> [WorkgroupBoard.Point] {
        let byLabel = Dictionary(rows.map { ($0.interval ?? "", $0) }, uniquingKeysWith: { $1 })
        return day.intervals.filter { $0.startMs <= now }.map { interval in
            let row = byLabel[interval.label]
            return WorkgroupBoard.Point(hour: String(interval.label.suffix(5)), offered: row?.offered ?? 0, answered: row?.answered ?? 0,
                                        serviceLevelPercent: row?.serviceLevels.first { $0.seconds == goal }?.percent, averageQueueLength: row?.averageQueueLength ?? 0)
        }
    }

    func platforms(_ rows: [ChannelQueueRow], open: [InteractionFacts], kinds: [String: ChannelKind]) -> [PlatformActivity] {
        var activity: [Platform: PlatformActivity] = [:]
        func entry(_ channel: String) -> Platform? { kinds[channel]?.platform }
        func blank(_ platform: Platform) -> PlatformActivity {
            PlatformActivity(platform: platform.rawValue, title: Self.title(platform), inbound: 0, outbound: 0, active: 0, waiting: 0)
        }
        for row in rows {
            guard let platform = entry(row.channel) else { continue }
            activity[platform, default: blank(platform)].inbound += row.counts.inbound
            activity[platform, default: blank(platform)].outbound += row.counts.outbound
        }
        for facts in open {
            guard let platform = entry(facts.channel) else { continue }
            if facts.segmentAgent != nil { activity[platform, default: blank(platform)].active += 1 }
            if facts.visitWorkgroup != nil { activity[platform, default: blank(platform)].waiting += 1 }
        }
        return Platform.allCases.compactMap { activity[$0] }
    }

    static func title(_ platform: Platform) -> String {
        switch platform {
        case .facebook: "Facebook Media Activity"
        case .x: "Twitter Media Activity"
        case .instagram: "Instagram Media Activity"
        case .whatsapp: "WhatsApp Media Activity"
        case .line: "LINE Media Activity"
        case .web: "Web Messaging Activity"
        case .open: "Open Channel Activity"
        }
    }

    func social(_ open: [InteractionFacts], kinds: [String: ChannelKind], now: Int64) -> SocialStatistics {
        let social = open.filter { facts in kinds[facts.channel].map { $0 != .webMessaging && $0 != .open } ?? false }
        let conversations = social.filter { $0.visibility == Visibility.public.rawValue }
        let messages = social.filter { $0.visibility == Visibility.private.rawValue }
        let longestConversation = conversations.min { ($0.createdMs, $0.interactionID) < ($1.createdMs, $1.interactionID) }
        let longestMessage = messages.min { ($0.createdMs, $0.interactionID) < ($1.createdMs, $1.interactionID) }
        return SocialStatistics(activeSocialConversations: conversations.count, activeSocialDirectMessages: messages.count,
                                longestSocialConversationMs: longestConversation.map { now - $0.createdMs },
                                longestSocialConversationId: longestConversation?.interactionID,
                                longestSocialDirectMessageMs: longestMessage.map { now - $0.createdMs },
                                longestSocialDirectMessageId: longestMessage?.interactionID)
    }
}
