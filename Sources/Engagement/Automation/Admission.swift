import Connectors
import Domain
import Foundation
import Logging
import Storage

/// The step between storing a new interaction and routing it (seed 000 steps 5–8): if its service is closed —
/// a special day, outside opening hours, or emergency — Parley answers by itself, at most once per contact per
/// closure period, then holds the interaction until opening time (or closes it as deflected, as its channel
/// says). Otherwise it goes to routing.
public struct Admission: Sendable {
    public enum Outcome: Equatable, Sendable {
        case route(Interaction)
        /// Kept out of routing until the service opens (nil: until a supervisor ends the emergency).
        case held(until: Date?)
        case closed
    }

    /// What admission reads, once per batch.
    public struct Context: Sendable {
        var calendars: [BusinessCalendar.ID: BusinessCalendar]
        var workgroups: [Workgroup.ID: Workgroup]
        /// Agents logged in, and every agent's workgroups; read only when a calendar switches emergency on by itself.
        var loggedIn: Set<User.ID>
        var agentWorkgroups: [User.ID: Set<Workgroup.ID>]

        func anyAgentLoggedIn(in workgroup: Workgroup.ID?) -> Bool {
            loggedIn.contains { agent in workgroup.map { agentWorkgroups[agent]?.contains($0) ?? false } ?? true }
        }
    }

    let store: any ParleyStore
    let clock: any WallClock
    let ids: any IDGenerator
    let logger: Logger

    public init(store: any ParleyStore, clock: any WallClock, ids: any IDGenerator, logger: Logger) {
        self.store = store
        self.clock = clock
        self.ids = ids
        self.logger = logger
    }

    public func context() async throws -> Context {
        let calendars = try await store.calendars()
        var context = Context(calendars: Dictionary(calendars.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
                              workgroups: Dictionary(try await store.workgroups().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
                              loggedIn: [], agentWorkgroups: [:])
        if calendars.contains(where: \.emergency.automaticWhenNoAgentLoggedIn) {
            context.loggedIn = Set(try await store.agentStates().filter { $0.state != .loggedOut }.map(\.agentID))
            context.agentWorkgroups = Dictionary(try await store.users().map { ($0.user.id, Set($0.user.workgroups)) },
                                                 uniquingKeysWith: { first, _ in first })
        }
        return context
    }

    /// Decides for a new interaction; `message` is the customer's message that opened it (what an answer replies to).
    public func admit(_ interaction: Interaction, message: InboundMessage, channel: Channel?, context: Context) async throws -> Outcome {
        let now = clock.now()
        let workgroup = interaction.workgroupID ?? channel?.workgroupID
        let calendar = ServiceGate.calendar(channel: channel, workgroup: workgroup, workgroups: context.workgroups, calendars: context.calendars)
        guard case .closed(let calendarID, let closure) = ServiceGate.evaluate(calendar, at: now, anyAgentLoggedIn: context.anyAgentLoggedIn(in: workgroup))
        else { return .route(interaction) }
        if !closure.message.isEmpty {
            do {
                let answer = try AutoAnswer.reply(to: interaction, answering: message, channel: channel, calendar: calendarID, closure: closure,
                                                  now: now, ids: ids)
                if try await store.autoReply(answer, at: now, ids: ids) == nil {
                    logger.debug("closed: this contact was already answered in this period", metadata: ["interaction": "\(interaction.id)"])
                }
            } catch let error as ComposeError {
                logger.warning("closed, but the automatic answer cannot be sent on this thread", metadata: [
                    "interaction": "\(interaction.id)", "error": "\(error)"])
            }
        }
        if channel?.whenClosed == .close {
            _ = try await store.closeUnhandled(interaction.id, outcome: .deflected, at: now)
            return .closed
        }
        try await store.hold(interaction.id, until: closure.nextOpening, reason: closure.reasonCode, at: now)
        return .held(until: closure.nextOpening)
    }

    /// A held interaction whose time came (or any, when `force`): open again → released for routing; still closed →
    /// held until the new opening. No second answer is sent.
    public func recheck(_ held: HeldInteraction, context: Context, channels: [Channel.ID: Channel]) async throws -> Interaction? {
        guard let interaction = try await store.interaction(held.interactionID), interaction.state.isOpen else {
            try await store.release(held.interactionID)
            return nil
        }
        let channel = channels[interaction.channelID]
        let workgroup = interaction.workgroupID ?? channel?.workgroupID
        let calendar = ServiceGate.calendar(channel: channel, workgroup: workgroup, workgroups: context.workgroups, calendars: context.calendars)
        switch ServiceGate.evaluate(calendar, at: clock.now(), anyAgentLoggedIn: context.anyAgentLoggedIn(in: workgroup)) {
        case .open:
            try await store.release(interaction.id)
            return interaction
        case .closed(_, let closure):
            if closure.nextOpening != held.until {
                try await store.hold(interaction.id, until: closure.nextOpening, reason: closure.reasonCode, at: clock.now())
            }
            return nil
        }
    }
}
