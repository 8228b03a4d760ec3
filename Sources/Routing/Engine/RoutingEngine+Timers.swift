import Domain
import Foundation

/// Time-driven changes, in order of due time: offers expire (RONA), kept slots are released, reservations
/// lapse, interactions overflow, targets widen. Every command fires what is due before it applies.
extension RoutingEngine {
    mutating func fireTimers(now: Date) -> [RoutingDecision] {
        var decisions: [RoutingDecision] = []
        while let timer = timers.min, timer.due <= now {
            timers.removeMin()
            guard let interaction = interactions[timer.id], interaction.stamp == timer.stamp else { continue }
            switch (timer.kind, interaction.place) {
            case (.offerExpiry, .offered(let agent, _)):
                decisions += redirectOnNoAnswer(interaction, from: agent, now: now)
            case (.slotRelease, .held):
                decisions += releaseSlot(timer.id)
            case (.reservationLapse, .reserved(let agent, _, _)):
                enqueue(timer.id, now: now)
                decisions.append(.requeue(timer.id, from: agent, reason: .reservationLapsed))
            case (.overflow, .queued):
                guard let overflow = policy(interaction.workgroup).overflow else { continue }
                changeWorkgroup(timer.id, to: overflow.to, since: timer.due, now: now)
                decisions.append(.overflow(timer.id, from: interaction.workgroup, to: overflow.to))
            case (.tierUp, .queued(let tier)):
                let reached = RoutingRules.interactionTier(policy: policy(interaction.workgroup), since: interaction.workgroupSince, now: now)
                if reached != tier { refile(timer.id, tier: reached) }
                scheduleNextTier(timer.id)
            default:
                continue
            }
        }
        return decisions
    }

    /// The offer rang out: back to the queue with a priority boost, and the agent goes not ready (RONA).
    private mutating func redirectOnNoAnswer(_ interaction: InteractionState, from agent: User.ID, now: Date) -> [RoutingDecision] {
        detachFromAgent(interaction.id)
        interactions[interaction.id]?.declinedBy.insert(agent)
        let boost = policy(interaction.workgroup).ronaBoost
        interactions[interaction.id]?.basePriority += boost
        enqueue(interaction.id, now: now)
        agents[agent]?.profile.presence = .notReady(NotReadyReason.rona.id)
        reindex(agent)
        return [.requeue(interaction.id, from: agent, reason: .noAnswer), .setNotReady(agent, reason: NotReadyReason.rona.id)]
    }

    /// The earliest time at which something is due, for a caller that wants to tick only when needed.
    public var nextDue: Date? { timers.min?.due }
}
