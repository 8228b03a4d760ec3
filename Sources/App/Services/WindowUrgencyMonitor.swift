import Connectors
import Domain
import Foundation
import Engagement
import Logging
import Routing
import ServiceLifecycle
import Storage

/// Queued interactions whose messaging window is about to close gain priority and are flagged to
/// supervisors (a WhatsApp message queued for 20 h has 4 h left; after that it "cannot be responded to",
/// seed 003 line 245). Each check recomputes every boost from the clock and applies it to routing without
/// storing it, so the stored priority stays the one rules and supervisors set; a change of level is recorded
/// as an `interaction.window_urgency` event, which the supervisors' stream carries.
public actor WindowUrgencyMonitor: Service {
    private let store: any ParleyStore
    private let router: any RoutingGateway
    private let clock: any WallClock
    private let urgency: WindowUrgency
    private let window: ConversationWindow
    private let interval: Duration
    private let logger: Logger
    /// The level last announced per interaction, so that each change is announced once.
    private var announced: [Interaction.ID: WindowUrgency.Level] = [:]

    init(store: any ParleyStore, router: any RoutingGateway, clock: any WallClock, urgency: WindowUrgency = WindowUrgency(),
         interval: Duration, logger: Logger) {
        self.store = store
        self.router = router
        self.clock = clock
        self.urgency = urgency
        self.window = ConversationWindow(store: store)
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval, logger: logger, failure: "window urgency check failed; trying again at the next one") {
            try await self.check()
        }
    }

    /// One check of every queued interaction. Returns the boost applied to each one with a closing window.
    @discardableResult
    public func check() async throws -> [Interaction.ID: Int] {
        let queued = try await store.interactions(openOnly: true, assignedTo: nil, limit: 10_000).filter { $0.state == .queued }
        let kinds = Dictionary(try await store.channels().map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first })
        let now = clock.now()
        var boosts: [Interaction.ID: Int] = [:]
        var events: [DomainEvent] = []
        for interaction in queued {
            guard let kind = kinds[interaction.channelID] ?? ChannelKey(interaction.channelID.rawValue)?.kind else { continue }
            let replyWindow = try await window.window(of: interaction, kind: kind, now: now)
            let assessment = urgency.assess(replyWindow, now: now)
            if assessment.boost > 0 {
                boosts[interaction.id] = assessment.boost
                try await router.raisePriority(of: interaction, by: assessment.boost)
            }
            let previous = announced[interaction.id] ?? .calm
            if assessment.level != previous, assessment.level != .calm, let flag = assessment.flag {
                events.append(.interactionWindowUrgency(WindowUrgencyChanged(
                    interactionID: interaction.id, channelID: interaction.channelID, level: assessment.level.rawValue,
                    closesAt: replyWindow.closesAt, flag: flag)))
            }
            announced[interaction.id] = assessment.level
        }
        // Interactions no longer waiting are forgotten: if one queues again, its level is announced again.
        let waiting = Set(queued.map(\.id))
        announced = announced.filter { waiting.contains($0.key) }
        if !events.isEmpty { _ = try await store.append(events, at: now) }
        return boosts
    }
}
