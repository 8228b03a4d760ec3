import Connectors
import Domain
import Foundation
import Routing
import Storage

extension IngestPipeline {
    /// What happens to a new interaction before routing, in this order:
    /// 1. whether it needs an answer — a keyword rule's verdict, else the actionable model's (closing only where
    ///    the channel screens with it);
    /// 2. automatic likes of a positive post that needs no answer;
    /// 3. closed as non-actionable, or its workgroup chosen: a rule's, else the category's, else the channel's
    ///    private-message workgroup, else the channel's;
    /// 4. the calendar, which may answer and hold it;
    /// 5. the mention reply for a public post that goes on to routing (or is closed by it, where configured);
    /// 6. routing.
    func engage(_ interaction: Interaction, message: InboundMessage, channel: Channel?, rule: RuleOutcome?, analysis: ContentAnalysis?,
                context: Admission.Context, router: any RoutingGateway) async throws {
        var interaction = interaction
        let settings = channel.flatMap { self.analysis[$0.id] } ?? ContentAnalysisSettings()
        let screenedOut = analysis.map(settings.screensOut) ?? false
        let needsAnswer = rule.map(\.actionable) ?? analysis?.isActionable ?? true
        let plan = (channel.flatMap { automations[$0.id] } ?? ChannelAutomations())
            .plan(for: interaction, kind: channel?.kind ?? message.channel.kind, actionable: needsAnswer, sentiment: analysis?.sentiment)
        for action in plan.actions { try await take(action, on: interaction, message: message, channel: channel) }

        if rule?.actionable == false || screenedOut {
            if screenedOut, rule == nil {
                logger.debug("the actionable model set the interaction aside",
                             metadata: ["interaction": "\(interaction.id)", "actionability": "\(analysis?.actionable ?? 1)"])
            }
            _ = try await store.closeUnhandled(interaction.id, outcome: .nonActionable, at: clock.now())
            return
        }
        // A keyword rule's workgroup is the operator's explicit word; the category and the channel's private-message
        // workgroup only fill the gap, in that order.
        if let workgroup = rule?.workgroup ?? analysis.flatMap(settings.workgroup(for:)) ?? plan.workgroup {
            interaction.workgroupID = workgroup
        }
        if let priority = rule?.priority { interaction.priority = priority }

        guard case .route(let admitted) = try await admission.admit(interaction, message: message, channel: channel, context: context) else { return }
        if let reply = plan.reply, try await acknowledge(admitted, message: message, channel: channel, reply: reply), reply.close {
            _ = try await store.closeUnhandled(admitted.id, outcome: .deflected, at: clock.now())
            return
        }
        if let greeting = plan.greeting { try await greet(admitted, message: message, channel: channel, text: greeting) }
        try await router.interactionArrived(admitted)
    }

    /// Likes (or retweets) the customer's post by the channel's account; recorded once, with its platform call.
    private func take(_ action: AutomaticAction, on interaction: Interaction, message: InboundMessage, channel: Channel?) async throws {
        let key = channel?.key ?? message.channel
        let request: OutboundRequest
        do {
            request = try ActionComposer.compose(action, on: key, object: message.platformMessageID)
        } catch {
            logger.warning("automatic action not possible", metadata: ["interaction": "\(interaction.id)", "action": "\(action.rawValue)",
                                                                      "why": "\(error)"])
            return
        }
        let now = clock.now()
        let delivery = NewOutboxItem(channel: key, idempotencyKey: "\(action.rawValue)-\(interaction.id)-\(message.platformMessageID)",
                                     request: request, createdAt: now, deadline: now + TimeInterval(channel?.maxRetryDuration ?? 3600))
        _ = try await store.recordAction(NewInteractionAction(interactionID: interaction.id, action: action, target: message.platformMessageID,
                                                              delivery: delivery), at: now, ids: ids)
    }

    /// Parley's greeting, once per new private conversation, delivered like the calendar's answers (by the
    /// outbox, or by Parley itself on web messaging).
    private func greet(_ interaction: Interaction, message: InboundMessage, channel: Channel?, text: String) async throws {
        let key = channel?.key ?? message.channel
        let now = clock.now()
        var delivery: NewOutboxItem?
        if key.kind != .webMessaging {
            let outbound = OutboundReply(channel: key, threadKey: interaction.threadKey, recipient: message.author.key, text: text,
                                         visibility: .private, inReplyTo: message.platformMessageID)
            do {
                delivery = NewOutboxItem(channel: key, idempotencyKey: "greeting-" + ids.make(), request: try ReplyComposer.compose(outbound),
                                         createdAt: now, deadline: now + TimeInterval(channel?.maxRetryDuration ?? 3600))
            } catch {
                logger.warning("greeting not possible", metadata: ["interaction": "\(interaction.id)", "why": "\(error)"])
                return
            }
        }
        _ = try await store.autoReply(NewAutoReply(interactionID: interaction.id, contactID: interaction.contactID,
                                                   period: "greeting:\(interaction.id)", reason: "greeting", text: text, visibility: .private,
                                                   delivery: delivery), at: now, ids: ids)
    }

    /// Parley's public answer to a post that mentions the company, at most once per customer per day (UTC).
    /// Returns whether it was sent now.
    private func acknowledge(_ interaction: Interaction, message: InboundMessage, channel: Channel?,
                             reply: ChannelAutomations.MentionReply) async throws -> Bool {
        let key = channel?.key ?? message.channel
        let now = clock.now()
        let outbound = OutboundReply(channel: key, threadKey: interaction.threadKey, recipient: message.author.key, text: reply.text,
                                     visibility: .public, inReplyTo: message.platformMessageID)
        let request: OutboundRequest
        do {
            request = try ReplyComposer.compose(outbound)
        } catch {
            logger.warning("mention reply not possible", metadata: ["interaction": "\(interaction.id)", "why": "\(error)"])
            return false
        }
        let day = Int(now.timeIntervalSince1970 / 86_400)
        let answer = NewAutoReply(
            interactionID: interaction.id, contactID: interaction.contactID, period: "mention:\(day)", reason: "mention", text: reply.text,
            visibility: .public, delivery: NewOutboxItem(channel: key, idempotencyKey: "mention-" + ids.make(), request: request,
                                                         createdAt: now, deadline: now + reply.retryFor))
        return try await store.autoReply(answer, at: now, ids: ids) != nil
    }
}
