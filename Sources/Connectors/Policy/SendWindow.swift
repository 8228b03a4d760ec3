import Foundation

/// What may be sent into one conversation now, and until when: what the API shows the agent, what the
/// outbox enforces, and what window urgency reads.
public struct SendWindow: Sendable, Hashable {
    /// What a message needs to be accepted now.
    public enum Requirement: String, Sendable, Hashable, Codable {
        /// Anything the channel carries.
        case none
        /// Messenger/Instagram after 24 h: `messaging_type: MESSAGE_TAG`, `tag: HUMAN_AGENT`, written by a person.
        case humanAgentTag = "human_agent_tag"
        /// WhatsApp outside the service window: an approved template.
        case template
        /// LINE once the reply token is spent or expired: a push message, counted against the monthly quota.
        case pushMessage = "push_message"
    }

    /// What follows when `until` passes.
    public struct Phase: Sendable, Hashable {
        public var requires: Requirement
        /// Nil: no end.
        public var until: Date?

        public init(requires: Requirement, until: Date?) {
            self.requires = requires
            self.until = until
        }
    }

    public var canSend: Bool
    public var requires: Requirement
    /// When what is allowed now ends; nil: no end.
    public var until: Date?
    /// What is allowed after `until`, if anything.
    public var then: Phase?
    /// The end of free-form answers by this author (tagged or not); after it the conversation "cannot be
    /// responded to" (seed 003 line 245) except by template or once the customer writes again. Nil: never.
    public var closesAt: Date?
    public var rule: PolicyRule
    /// One sentence for the agent: "window closes in 3 h 12 min", "only a template can be sent now".
    public var explanation: String

    public init(canSend: Bool, requires: Requirement = .none, until: Date? = nil, then: Phase? = nil, closesAt: Date? = nil,
                rule: PolicyRule, explanation: String) {
        self.canSend = canSend
        self.requires = requires
        self.until = until
        self.then = then
        self.closesAt = closesAt
        self.rule = rule
        self.explanation = explanation
    }

    static func denied(_ rule: PolicyRule, closedAt: Date? = nil, _ explanation: String) -> SendWindow {
        SendWindow(canSend: false, closesAt: closedAt, rule: rule, explanation: explanation)
    }
}

/// The rule that decided, as a stable code for the API and logs. `docs/policies.md` explains each.
public enum PolicyRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// A public comment, post reply or reply tweet: no window.
    case publicReply = "public_reply"
    /// A public reply to a message its author removed (a deleted tweet): refused.
    case removedMessage = "removed_message"
    /// Web messaging and open channels: Parley's own rules only (the customer must have written).
    case ownChannel = "own_channel"
    /// Messenger/Instagram 24 h standard window.
    case standardWindow = "standard_window"
    /// Messenger/Instagram 7-day `HUMAN_AGENT` tag window.
    case humanAgentTag = "human_agent_tag"
    /// WhatsApp 24 h customer service window.
    case customerServiceWindow = "customer_service_window"
    /// WhatsApp outside the window, or before the customer wrote: templates only.
    case templateOnly = "template_only"
    /// Facebook/Instagram: one private reply per comment within 7 days.
    case privateReply = "private_reply"
    /// LINE reply token still usable.
    case lineReplyToken = "line_reply_token"
    /// LINE push message.
    case linePush = "line_push"
    /// X direct-message preconditions.
    case xDirectMessage = "x_direct_message"
    /// X anti-bulk: identical automatic messages to many people, or the daily DM cap.
    case antiBulk = "anti_bulk"
    /// WhatsApp tier: unique customers a number may start conversations with per rolling 24 h.
    case whatsAppTier = "whatsapp_tier"
    /// The customer never wrote: "Users never receive unsolicited messages" (seed 003 line 126).
    case unsolicited
    /// An outbound call the policy does not recognise.
    case unknownCall = "unknown_call"
}
