import Domain
import Foundation

extension MessagingWindow {
    /// WhatsApp (platforms.md §4.3, seed 003 lines 147–150, 226–227): anything within 24 h of the customer's
    /// last message; outside it, and before the customer ever wrote, approved templates only (a
    /// business-initiated conversation, counted against the number's tier).
    static func whatsApp(_ context: SendContext, now: Date, limits: PolicyLimits) -> SendWindow {
        guard let last = context.customerLastWroteAt else {
            return templateOnly(context, closedAt: nil, "the customer has not written yet: only a template can start a conversation")
        }
        let end = last + limits.whatsAppServiceWindow
        if now < end {
            return SendWindow(canSend: true, until: end, then: .init(requires: .template, until: nil), closesAt: end,
                              rule: .customerServiceWindow, explanation: "window closes \(DurationText.relative(end, now: now))")
        }
        return templateOnly(context, closedAt: end,
                            "only a template can be sent now: the 24-hour window closed \(DurationText.relative(end, now: now))")
    }

    private static func templateOnly(_ context: SendContext, closedAt: Date?, _ sentence: String) -> SendWindow {
        guard context.usesTemplate else {
            return SendWindow(canSend: false, requires: .template, closesAt: closedAt, rule: .templateOnly, explanation: sentence)
        }
        return SendWindow(canSend: true, requires: .template, closesAt: closedAt, rule: .templateOnly, explanation: sentence)
    }
}
