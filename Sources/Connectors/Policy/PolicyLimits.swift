import Foundation

/// The platforms' numbers the policy works with (research/platforms.md). Defaults are the documented
/// values; tests and operators may tighten them.
public struct PolicyLimits: Sendable, Hashable {
    /// Messenger and Instagram standard messaging window after the customer's last message (§1.6, §3).
    public var standardWindow: TimeInterval = 24 * 3600
    /// How long after the customer's last message a human agent may answer with the `HUMAN_AGENT` tag (§1.6).
    public var humanAgentWindow: TimeInterval = 7 * 24 * 3600
    /// How long after a comment or visitor post its one private reply may be sent (§2.4, §3).
    public var privateReplyWindow: TimeInterval = 7 * 24 * 3600
    /// WhatsApp customer service window: free-form messages only within it (§4.3).
    public var whatsAppServiceWindow: TimeInterval = 24 * 3600
    /// How long a LINE reply token is used. §6.2: valid about a minute, failures seen at ~30 s, "reply if
    /// token age < ~50 s, else push".
    public var lineReplyTokenUse: TimeInterval = 50

    public init() {}
}
