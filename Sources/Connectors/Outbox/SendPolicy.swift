import Domain
import Foundation

/// Consulted before every send. The engagement rules supply the platform policies (24 h windows, tags,
/// private-reply rules); the default allows everything.
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
