import Domain
import Foundation

/// The platforms' send windows (research/platforms.md §1.6, §2.4, §3, §4.3, §5, §6.2) as one pure function:
/// a conversation's context and the time in, what may be sent now out.
///
/// Windows are half-open: a window of 24 h after a message at 10:00 is open until 09:59:59 the next day and
/// closed at 10:00:00 exactly, so Parley never races the platform's own clock at the edge.
public enum MessagingWindow {
    public static func evaluate(_ context: SendContext, now: Date, limits: PolicyLimits = PolicyLimits()) -> SendWindow {
        if context.reply == .public {
            if context.answersRemovedMessage {
                return .denied(.removedMessage, "the customer deleted the message this reply answers, so it cannot be answered publicly; "
                    + "answer another of their messages or privately")
            }
            return SendWindow(canSend: true, rule: .publicReply, explanation: "public reply: no messaging window applies")
        }
        switch context.kind {
        case .messenger:
            return metaDirect(context, now: now, limits: limits, platform: "Messenger")
        case .instagram:
            return context.thread == .public
                ? privateReply(context, now: now, limits: limits, platform: "Instagram")
                : metaDirect(context, now: now, limits: limits, platform: "Instagram")
        case .facebookPage:
            return privateReply(context, now: now, limits: limits, platform: "Facebook")
        case .whatsapp:
            return whatsApp(context, now: now, limits: limits)
        case .line:
            return line(context, now: now, limits: limits)
        case .x:
            return xDirectMessage(context, now: now)
        case .webMessaging, .open:
            guard context.customerLastWroteAt != nil else { return unsolicited(context.kind) }
            return SendWindow(canSend: true, rule: .ownChannel, explanation: "no messaging window on this channel")
        }
    }

    /// The customer never wrote here, and the platform allows no business-initiated message of this kind.
    static func unsolicited(_ kind: ChannelKind, hint: String? = nil) -> SendWindow {
        var sentence = "the customer has not written in this conversation, and Parley sends no unsolicited messages"
        if let hint { sentence += "; \(hint)" }
        return .denied(.unsolicited, sentence)
    }
}
