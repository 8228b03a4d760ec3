import Domain
import Foundation

extension MessagingWindow {
    /// Messenger and Instagram direct messages (platforms.md §1.6, §3): anything within 24 h of the customer's
    /// last message; after that, only a person, with the `HUMAN_AGENT` tag, up to 7 days after it.
    static func metaDirect(_ context: SendContext, now: Date, limits: PolicyLimits, platform: String) -> SendWindow {
        guard let last = context.customerLastWroteAt else {
            return unsolicited(context.kind, hint: "\(platform) allows no business-initiated messages")
        }
        let standardEnd = last + limits.standardWindow
        let taggedEnd = last + limits.humanAgentWindow
        let tagAllowed = context.author == .human && context.humanAgentTagApproved
        if now < standardEnd {
            let closes = "window closes \(DurationText.relative(standardEnd, now: now))"
            guard tagAllowed else {
                return SendWindow(canSend: true, until: standardEnd, closesAt: standardEnd, rule: .standardWindow, explanation: closes)
            }
            return SendWindow(canSend: true, until: standardEnd, then: .init(requires: .humanAgentTag, until: taggedEnd), closesAt: taggedEnd,
                              rule: .standardWindow,
                              explanation: "\(closes); then a human agent can answer with the HUMAN_AGENT tag until "
                                  + "\(DurationText.format(limits.humanAgentWindow)) after the customer's last message")
        }
        if now < taggedEnd {
            if tagAllowed {
                return SendWindow(canSend: true, requires: .humanAgentTag, until: taggedEnd, closesAt: taggedEnd, rule: .humanAgentTag,
                                  explanation: "only a human agent can answer now, with the HUMAN_AGENT tag; window closes "
                                      + DurationText.relative(taggedEnd, now: now))
            }
            let why = context.author == .automatic
                ? "automatic messages are not allowed after it (the HUMAN_AGENT tag is for people)"
                : "the app has no Human Agent permission for the HUMAN_AGENT tag"
            return .denied(.standardWindow, closedAt: standardEnd,
                           "the 24-hour window closed \(DurationText.relative(standardEnd, now: now)) and \(why); "
                               + "wait for the customer to write again")
        }
        let closedAt = tagAllowed ? taggedEnd : standardEnd
        return .denied(tagAllowed ? .humanAgentTag : .standardWindow, closedAt: closedAt,
                       "the window closed \(DurationText.relative(closedAt, now: now)); \(platform) accepts nothing until the customer writes again")
    }

    /// Facebook and Instagram private replies (§2.4, §3): one per comment or visitor post, within 7 days of
    /// it, whether or not the person ever messaged the page.
    static func privateReply(_ context: SendContext, now: Date, limits: PolicyLimits, platform: String) -> SendWindow {
        guard let created = context.comment?.createdAt ?? context.customerLastWroteAt else {
            return unsolicited(context.kind, hint: "a private reply answers a customer's comment")
        }
        if let sent = context.comment?.privateReplySentAt {
            return .denied(.privateReply, "a private reply to this comment was already sent \(DurationText.relative(sent, now: now)); "
                + "\(platform) allows one per comment, and the conversation continues in Messenger once the customer answers")
        }
        let end = created + limits.privateReplyWindow
        guard now < end else {
            return .denied(.privateReply, closedAt: end, "the comment is more than \(DurationText.format(limits.privateReplyWindow)) old; "
                + "\(platform) allows a private reply only within \(DurationText.format(limits.privateReplyWindow)) of it: answer publicly")
        }
        return SendWindow(canSend: true, until: end, closesAt: end, rule: .privateReply,
                          explanation: "one private reply to this comment can be sent; window closes \(DurationText.relative(end, now: now))")
    }
}
