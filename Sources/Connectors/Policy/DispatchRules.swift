import Foundation

/// The pure part of `PlatformPolicy`: one outbound call, the conversation it goes into, and the time in;
/// allow or deny out. Per-account counters (WhatsApp tier, X anti-bulk) are checked by the policy.
public enum DispatchRules {
    public static func decide(_ shape: OutboundShape, context: SendContext?, now: Date,
                              limits: PolicyLimits = PolicyLimits()) -> PolicyDecision {
        switch shape {
        case .action: return .allow
        case .unrecognised(let call):
            return .deny(reason: "Parley's platform policy does not know the call \(call), so it is not sent; "
                + "teach OutboundShape what it does")
        default: break
        }
        guard var context else {
            return .deny(reason: "the message is not linked to a conversation Parley knows, so it cannot be shown that the "
                + "customer wrote; Parley sends no unsolicited messages")
        }
        if let visibility = shape.replyVisibility { context.reply = visibility }
        if case .template = shape { context.usesTemplate = true }
        if case .directMessage(_, _, let tag?) = shape, tag == MessageTag.humanAgent.rawValue {
            if context.author == .automatic {
                return .deny(reason: "the HUMAN_AGENT tag is for messages written by a person; this one is automatic")
            }
            if !context.humanAgentTagApproved {
                return .deny(reason: "the app has no Human Agent permission, so Meta refuses the HUMAN_AGENT tag; send it without the tag")
            }
        }
        let window = MessagingWindow.evaluate(context, now: now, limits: limits)
        guard window.canSend else { return .deny(reason: window.explanation) }
        switch (window.requires, shape) {
        case (.humanAgentTag, .directMessage(_, _, let tag)) where tag != MessageTag.humanAgent.rawValue:
            return .deny(reason: "\(window.explanation); this message was composed without the tag: send it again")
        case (.pushMessage, .lineReply):
            return .deny(reason: "the LINE reply token has expired or was used; send the answer as a push message")
        default:
            return .allow
        }
    }
}
