import Foundation

/// Something done to a customer's post or comment besides answering it: by Parley's automations (like,
/// retweet) or by an agent moderating a public thread (like, hide, unhide).
public enum AutomaticAction: String, Codable, Sendable, CaseIterable {
    case like
    /// X only.
    case retweet
    /// Facebook and Instagram comments: hidden from everyone but their author and the author's friends.
    case hide
    case unhide
}

/// An action taken on a customer's post, shown in the interaction's timeline: by Parley (an automation) or by
/// an agent.
public struct InteractionAction: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<InteractionAction>

    public var id: ID
    public var interactionID: Interaction.ID
    public var action: AutomaticAction
    /// The platform id of the post, comment or tweet acted on.
    public var target: String
    /// Nil: Parley did it.
    public var agentID: User.ID?
    public var createdAt: Date
    /// Where its platform call is: `pending`, `in_flight`, `sent`, `failed` or `denied` (the outbox's states).
    public var status: String

    public init(id: ID, interactionID: Interaction.ID, action: AutomaticAction, target: String, agentID: User.ID? = nil, createdAt: Date,
                status: String) {
        self.id = id
        self.interactionID = interactionID
        self.action = action
        self.target = target
        self.agentID = agentID
        self.createdAt = createdAt
        self.status = status
    }
}
