import Domain
import Foundation
import Logging
import Synchronization

/// The platforms' rules behind the outbox hook: windows, tags, private replies, X DM preconditions and
/// anti-bulk, LINE reply tokens, WhatsApp templates and tiers. Facts come from `PolicyFacts`; the decisions
/// are `DispatchRules` (pure) plus two per-account counters kept here.
///
/// The counters live in this process: each allowed WhatsApp business-initiated template and each X message
/// is recorded when allowed (a send that then fails still counts, erring on the safe side). After a restart
/// they start empty unless `App` replays recent sends with `recordWhatsAppStart` and `recordXMessage`.
public final class PlatformPolicy: SendPolicy {
    public struct Settings: Sendable {
        public var limits = PolicyLimits()
        /// Fraction of a WhatsApp tier at which a warning is logged.
        public var tierWarning = 0.8
        public var maxIdenticalAutomaticRecipients = 3
        public var maxXDirectMessagesPerDay = 1000

        public init() {}
    }

    struct State {
        var tiers: [ChannelKey: WhatsAppTierCounter] = [:]
        var bulk: [ChannelKey: BulkSendGuard] = [:]
    }

    private let facts: any PolicyFacts
    private let settings: Settings
    private let logger: Logger
    private let state = Mutex(State())

    public init(facts: any PolicyFacts, settings: Settings = Settings(), logger: Logger = Logger(label: "parley.policy")) {
        self.facts = facts
        self.settings = settings
        self.logger = logger
    }

    public func evaluate(_ dispatch: OutboxDispatch, now: Date) async -> PolicyDecision {
        let shape = OutboundShape(kind: dispatch.channel.kind, request: dispatch.request)
        let context: SendContext?
        do {
            context = try await facts.context(for: dispatch, now: now)
        } catch {
            return .deny(reason: "the platform rules could not be checked (\(error)); send the message again")
        }
        let decision = DispatchRules.decide(shape, context: context, now: now, limits: settings.limits)
        guard decision == .allow, let context else { return decision }
        switch dispatch.channel.kind {
        case .whatsapp:
            return await whatsAppTier(shape, context: context, channel: dispatch.channel, now: now)
        case .x:
            return antiBulk(shape, context: context, channel: dispatch.channel, now: now)
        default:
            return .allow
        }
    }

    /// A template to a customer outside the service window starts a business-initiated conversation, which
    /// counts against the number's tier.
    private func whatsAppTier(_ shape: OutboundShape, context: SendContext, channel: ChannelKey, now: Date) async -> PolicyDecision {
        guard case .template(let recipient?, _) = shape,
            MessagingWindow.evaluate(context, now: now, limits: settings.limits).rule == .templateOnly
        else { return .allow }
        let tier: WhatsAppTier
        do {
            tier = try await facts.whatsAppTier(of: channel)
        } catch {
            return .deny(reason: "the WhatsApp number's tier could not be read (\(error)); send the message again")
        }
        let check = state.withLock { state -> WhatsAppTierCounter.Check in
            var counter = state.tiers[channel] ?? WhatsAppTierCounter(tier: tier, warnAt: settings.tierWarning)
            counter.tier = tier
            let check = counter.check(customer: recipient, now: now)
            if check.allowsSend { counter.record(customer: recipient, at: now) }
            state.tiers[channel] = counter
            return check
        }
        switch check {
        case .allowed: return .allow
        case .nearLimit(let used, let limit):
            logger.warning("WhatsApp number is near its tier limit", metadata: ["channel": "\(channel)", "used": "\(used)", "limit": "\(limit)"])
            return .allow
        case .limitReached(let used, let limit):
            return .deny(reason: "the WhatsApp number has started conversations with \(used) customers in the last 24 h, "
                + "its tier's limit of \(limit); this template can go once older conversations leave the 24-hour count")
        }
    }

    private func antiBulk(_ shape: OutboundShape, context: SendContext, channel: ChannelKey, now: Date) -> PolicyDecision {
        let kind: BulkSendGuard.Kind
        let recipient: String
        switch shape {
        case .directMessage(let to?, _, _): (kind, recipient) = (.directMessage, to)
        case .publicReply(let target?, _): (kind, recipient) = (.publicReply, target)
        default: return .allow
        }
        let automatic = context.author == .automatic
        let refusal = state.withLock { state -> String? in
            var guardState = state.bulk[channel] ?? BulkSendGuard(maxIdenticalRecipients: settings.maxIdenticalAutomaticRecipients,
                                                                   maxDirectMessages: settings.maxXDirectMessagesPerDay)
            if let refusal = guardState.refusal(to: recipient, text: shape.text, kind: kind, automatic: automatic, now: now) { return refusal }
            guardState.record(to: recipient, text: shape.text, kind: kind, automatic: automatic, at: now)
            state.bulk[channel] = guardState
            return nil
        }
        return refusal.map { .deny(reason: $0) } ?? .allow
    }
}

extension PlatformPolicy {
    /// Replays a business-initiated WhatsApp conversation sent before this process started.
    public func recordWhatsAppStart(on channel: ChannelKey, customer: String, tier: WhatsAppTier, at date: Date) {
        state.withLock { state in
            var counter = state.tiers[channel] ?? WhatsAppTierCounter(tier: tier, warnAt: settings.tierWarning)
            counter.record(customer: customer, at: date)
            state.tiers[channel] = counter
        }
    }

    /// Replays an X message sent before this process started.
    public func recordXMessage(on channel: ChannelKey, to recipient: String, text: String?, directMessage: Bool, automatic: Bool, at date: Date) {
        state.withLock { state in
            var guardState = state.bulk[channel] ?? BulkSendGuard(maxIdenticalRecipients: settings.maxIdenticalAutomaticRecipients,
                                                                   maxDirectMessages: settings.maxXDirectMessagesPerDay)
            guardState.record(to: recipient, text: text, kind: directMessage ? .directMessage : .publicReply, automatic: automatic, at: date)
            state.bulk[channel] = guardState
        }
    }

    /// Business-initiated conversations the WhatsApp number started in the last 24 h, for the API.
    public func whatsAppUsage(of channel: ChannelKey, now: Date) -> (used: Int, limit: Int)? {
        state.withLock { state in state.tiers[channel].map { ($0.used(now: now), $0.tier.limit) } }
    }
}
