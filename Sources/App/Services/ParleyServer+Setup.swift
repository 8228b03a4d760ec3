import Connectors
import Domain
import Engagement
import Foundation
import Logging
import Reporting
import Routing
import ServiceLifecycle
import Storage

/// The pieces `ParleyServer.build` assembles from the configuration: secrets, API base URLs, report settings, the
/// content analyzer, and what presence does when an agent's desktop is gone.
extension ParleyServer {
    /// What the report fold needs from the directory (each workgroup's service-level thresholds and each channel's
    /// workgroup) and from `reports:` (the short-abandon threshold and the zone of the day grain).
    public static func reportSettings(_ store: any ParleyStore, _ reports: ParleyConfig.Reports) async throws -> ReportFold.Settings {
        let workgroups = try await store.workgroups(), channels = try await store.channels()
        var settings = ReportFold.Settings(
            thresholds: Dictionary(workgroups.map { ($0.id.rawValue, thresholds(of: $0)) }, uniquingKeysWith: { $1 }),
            shortAbandonMs: Int64(reports.shortAbandonSeconds) * 1000,
            channelWorkgroups: Dictionary(channels.compactMap { channel in channel.workgroupID.map { (channel.id.rawValue, $0.rawValue) } },
                                          uniquingKeysWith: { $1 }),
            timeZone: TimeZone(identifier: reports.timeZone) ?? TimeZone(identifier: "UTC")!)
        settings.goals = Dictionary(workgroups.map { ($0.id.rawValue, ServiceLevelGoal(seconds: $0.serviceLevelSeconds, target: $0.serviceLevelTarget)) },
                                    uniquingKeysWith: { $1 })
        return settings
    }

    /// A workgroup's report thresholds (`routing.service_levels`) with its goal (`service_level_seconds`) among
    /// them, ascending, at most `reportThresholdSlots` (the goal kept, the largest others dropped).
    static func thresholds(of workgroup: Workgroup) -> [Int] {
        var others = Set(workgroup.routing.serviceLevels)
        others.remove(workgroup.serviceLevelSeconds)
        return ([workgroup.serviceLevelSeconds] + others.sorted().prefix(reportThresholdSlots - 1)).sorted()
    }

    /// The pipeline's analyzer slot (nil: off) and, for models still to load, the service that loads them.
    static func contentAnalysis(_ options: ServeOptions, clock: any WallClock, logger: Logger) -> (ContentAnalyzerSlot?, (any Service)?) {
        switch options.contentAnalysis {
        case .off:
            return (nil, nil)
        case .analyzer(let analyzer):
            let slot = ContentAnalyzerSlot()
            slot.install(analyzer, logger: logger)
            return (slot, nil)
        case .starterModels:
            let slot = ContentAnalyzerSlot()
            return (slot, ContentAnalysisLoader(directory: URL(fileURLWithPath: options.contentModelDirectory), slot: slot, clock: clock,
                                                logger: logger))
        }
    }

    /// Presence: the agent's desktop has been gone past the grace period. A ready agent goes not ready
    /// ("Disconnected") and routing takes back their open offers; what they hold stays theirs.
    static func markAbsent(_ agent: User.ID, store: any ParleyStore, routing: any RoutingGateway, clock: any WallClock, logger: Logger) async {
        do {
            guard let current = try await store.agentState(agent), current.state == .ready,
                let user = try await store.user(id: agent)?.user else { return }
            try await store.setAgentState(AgentStateChanged(agentID: agent, state: .notReady, reason: NotReadyReason.disconnected.id),
                                          at: clock.now())
            try await routing.agentUpdated(user, presence: .notReady(NotReadyReason.disconnected.id))
        } catch {
            logger.error("could not set a disconnected agent not ready", metadata: ["agent": "\(agent)", "error": "\(error)"])
        }
    }

    static func resolveSecrets(_ platforms: ParleyConfig.Platforms, box: SecretBox) throws -> WebhookSecrets {
        var secrets = WebhookSecrets()
        let all: [(WebhookSource, ParleyConfig.Platform)] = [(.meta, platforms.meta), (.x, platforms.x), (.line, platforms.line), (.open, platforms.open)]
        for (source, platform) in all {
            let signing = try [platform.webhookSecret, platform.previousWebhookSecret].compactMap { $0 }.map(box.resolve)
            let verify = try platform.verifyToken.map(box.resolve)
            if !signing.isEmpty || verify != nil { secrets.platforms[source] = .init(signing: signing, verifyToken: verify) }
        }
        for app in platforms.meta.apps {
            let signing = try [app.webhookSecret, app.previousWebhookSecret].compactMap { $0 }.map(box.resolve)
            secrets.metaApps[app.id] = .init(signing: signing, verifyToken: try app.verifyToken.map(box.resolve))
        }
        for app in platforms.x.apps {
            secrets.xApps[app.id] = .init(signing: try [app.webhookSecret, app.previousWebhookSecret].compactMap { $0 }.map(box.resolve))
        }
        return secrets
    }

    /// The Graph API's base URL: the override (tests, the demo's sandbox), else `platforms.meta.api_base_url`.
    static func graphBase(_ platforms: ParleyConfig.Platforms, override: String?) -> String {
        override ?? platforms.meta.apiBaseURL ?? "https://graph.facebook.com/v21.0"
    }

    static func apiBaseURLs(_ platforms: ParleyConfig.Platforms, override: String?) -> [ChannelKind: String] {
        var urls: [ChannelKind: String] = [:]
        for kind in ChannelKind.allCases {
            let configured: String?
            switch kind {
            case .facebookPage, .messenger, .instagram, .whatsapp: configured = platforms.meta.apiBaseURL
            case .x: configured = platforms.x.apiBaseURL
            case .line: configured = platforms.line.apiBaseURL
            case .open, .webMessaging: configured = platforms.open.apiBaseURL
            }
            if let url = override ?? configured { urls[kind] = url }
        }
        return urls
    }
}
