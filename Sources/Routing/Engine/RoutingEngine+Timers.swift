import Domain
import Foundation
import HeapModule

/// Time-driven changes, in order of due time: offers expire (RONA), kept slots are released, reservations
/// lapse, interactions overflow, targets widen. Every command fires what is due before it applies.
extension RoutingEngine {
    mutating func fireTimers(now: Date) -> [RoutingDecision] {
        var decisions: [RoutingDecision] = []
        while let timer = popTimer(dueBy: now) {
            guard let interaction = itemTable[timer.slot], interaction.stamp == timer.stamp else { continue }
            switch (timer.kind, interaction.place) {
            case (.offerExpiry, .offered(let agent, _)):
                decisions += redirectOnNoAnswer(timer.slot, from: agent, now: now)
            case (.slotRelease, .held):
                decisions += releaseSlot(timer.slot)
            case (.reservationLapse, .reserved(let agent, _, _)):
                enqueue(timer.slot, now: now)
                decisions.append(.requeue(interaction.id, from: agentTable[agent].id, reason: .reservationLapsed))
            case (.overflow, .queued):
                guard let overflow = groups[interaction.group].policy.overflow else { continue }
                changeWorkgroup(timer.slot, to: overflow.to, since: timer.due, now: now)
                decisions.append(.overflow(interaction.id, from: interaction.workgroup, to: overflow.to))
            case (.tierUp, .queued(let tier)):
                let reached = RoutingRules.interactionTier(policy: groups[interaction.group].policy, since: interaction.workgroupSince, now: now)
                if reached != tier { refile(timer.slot, tier: reached) }
                scheduleNextTier(timer.slot)
            default:
                continue
            }
        }
        return decisions
    }

    /// The offer rang out: back to the queue with a priority boost, and the agent goes not ready (RONA). Unlike a
    /// reject this does not bar the agent from it: once ready again they may be offered it like anyone (otherwise,
    /// in a small team, each missed offer stranded the customer beside ready agents).
    private mutating func redirectOnNoAnswer(_ item: Int, from agent: Int, now: Date) -> [RoutingDecision] {
        let interaction = itemTable[item]!
        detachFromAgent(item)
        itemTable[item]!.basePriority += groups[interaction.group].policy.ronaBoost
        enqueue(item, now: now)
        agentTable[agent].profile.presence = .notReady(NotReadyReason.rona.id)
        reindex(agent)
        return [.requeue(interaction.id, from: agentTable[agent].id, reason: .noAnswer),
                .setNotReady(agentTable[agent].id, reason: NotReadyReason.rona.id)]
    }

    /// The first timer due by `now` of the two heaps, in the order of one heap (`TimerEntry`'s order is total
    /// across kinds, and offer expiries are only in `offerTimers`).
    private mutating func popTimer(dueBy now: Date) -> TimerEntry? {
        let general = timers.min
        if let offer = offerTimers.min, offer.due <= now, general.map({ offer < $0 }) ?? true { return offerTimers.removeMin() }
        guard let general, general.due <= now else { return nil }
        timers.removeMin()
        return general
    }

    mutating func scheduleOfferExpiry(_ timer: TimerEntry) {
        offerTimers.insert(timer)
        if offerTimers.count > 2 * openOffers + 64 {
            let items = itemTable
            offerTimers = Heap(offerTimers.unordered.filter { items.field($0.slot, { $0.stamp }) == $0.stamp })
        }
    }

    /// The earliest time at which something is due, for a caller that wants to tick only when needed.
    public var nextDue: Date? {
        switch (timers.min?.due, offerTimers.min?.due) {
        case let (general?, offer?): min(general, offer)
        case let (general, offer): general ?? offer
        }
    }
}
