import Foundation

/// Meta's sending rules as the sandbox enforces them (platforms.md §1.6, §2.4, §3, §4.3). Pure: each returns the
/// error Meta would answer, or nil when the send is allowed.
enum MetaRules {
    /// The standard messaging window, on Messenger, Instagram and WhatsApp.
    static let standardWindow: TimeInterval = 24 * 3600
    /// `MESSAGE_TAG` + `HUMAN_AGENT`: a person may answer up to 7 days after the customer's last message.
    static let humanAgentWindow: TimeInterval = 7 * 24 * 3600
    /// A private reply must follow its comment or visitor post within 7 days.
    static let privateReplyWindow: TimeInterval = 7 * 24 * 3600

    static let messagingTypes: Set<String> = ["RESPONSE", "UPDATE", "MESSAGE_TAG"]
    static let tags: Set<String> = ["HUMAN_AGENT", "CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE"]

    /// A Send API message to a PSID or IGSID. The non-promotional update tags are not bound to a window.
    static func directMessage(to customer: MetaWorld.Customer?, messagingType: String?, tag: String?,
                              strict: Bool, now: Date) -> GraphError? {
        let type = messagingType ?? "RESPONSE"
        guard messagingTypes.contains(type) else {
            return .invalidParameter("Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}")
        }
        if type == "MESSAGE_TAG" {
            guard let tag, tags.contains(tag) else {
                return .invalidParameter("Param tag must be one of {\(tags.sorted().joined(separator: ", "))} when messaging_type is MESSAGE_TAG")
            }
            if tag != "HUMAN_AGENT" { return nil }
        }
        guard let customer else { return strict ? .noMatchingUser : nil }
        let window = type == "MESSAGE_TAG" ? humanAgentWindow : standardWindow
        return isOpen(since: customer.lastMessageAt, window: window, now: now) ? nil : refusal(for: customer.surface)
    }

    /// A private reply: one per comment or visitor post, within 7 days of it. `created` is nil for one the
    /// sandbox has never seen, which only strict mode refuses.
    static func privateReply(created: Date?, alreadyAnswered: Bool, surface: MetaWorld.Surface,
                             strict: Bool, now: Date) -> GraphError? {
        // platforms.md names no error for a second private reply or a late one; Meta's "outside of allowed
        // window" is the closest it documents (a private reply opens no window of its own).
        if alreadyAnswered { return refusal(for: surface) }
        guard let created else { return strict ? .invalidCommentID : nil }
        return isOpen(since: created, window: privateReplyWindow, now: now) ? nil : refusal(for: surface)
    }

    /// A WhatsApp text, media or interactive message (anything but a template).
    static func whatsappFreeForm(to customer: MetaWorld.Customer?, strict: Bool, now: Date) -> GraphError? {
        guard let customer else { return strict ? .reengagement : nil }
        return isOpen(since: customer.lastMessageAt, window: standardWindow, now: now) ? nil : .reengagement
    }

    static func isOpen(since last: Date?, window: TimeInterval, now: Date) -> Bool {
        guard let last else { return false }
        return now.timeIntervalSince(last) <= window
    }

    static func refusal(for surface: MetaWorld.Surface) -> GraphError {
        surface == .instagram ? .instagramOutsideWindow : .outsideWindow
    }
}
