import Domain
import Foundation

extension MessagingWindow {
    /// LINE (§6.2): a reply token is free but lasts about a minute; after it, a push message, which counts
    /// against the monthly quota. Either only once the customer has written.
    static func line(_ context: SendContext, now: Date, limits: PolicyLimits) -> SendWindow {
        guard context.customerLastWroteAt != nil else { return unsolicited(.line) }
        if let token = context.lineReplyToken, !token.used {
            let expires = token.issuedAt + limits.lineReplyTokenUse
            if now < expires {
                return SendWindow(canSend: true, until: expires, then: .init(requires: .pushMessage, until: nil), rule: .lineReplyToken,
                                  explanation: "the reply token is valid for \(DurationText.format(expires.timeIntervalSince(now))) more (free); "
                                      + "after that the answer goes as a push message, counted against the monthly quota")
            }
        }
        return SendWindow(canSend: true, requires: .pushMessage, rule: .linePush,
                          explanation: "the answer goes as a push message, counted against the monthly quota (no usable reply token)")
    }
}
