import Domain
import Foundation

/// Consulted before every send. `PlatformPolicy` (Sources/Connectors/Policy, docs/policies.md) holds the
/// platforms' rules (24 h windows, tags, private replies, X DM rules, WhatsApp tiers); the default allows
/// everything.
public protocol SendPolicy: Sendable {
    func evaluate(_ dispatch: OutboxDispatch, now: Date) async -> PolicyDecision
}

public enum PolicyDecision: Sendable, Hashable {
    case allow
    /// Do not send; the reason is shown to the agent.
    case deny(reason: String)
}

public struct AllowAllPolicy: SendPolicy {
    public init() {}
    public func evaluate(_ dispatch: OutboxDispatch, now: Date) async -> PolicyDecision { .allow }
}
