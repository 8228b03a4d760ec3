import Foundation

/// A stored message changed on the platform after Parley received it: edited, removed by its author, hidden or
/// shown again by a moderator, reacted to by the customer (`message.edited`, `message.removed`, `message.hidden`,
/// `message.unhidden`, `message.reacted`).
public struct MessageChanged: Codable, Sendable, Hashable {
    public var messageID: Message.ID
    public var interactionID: Interaction.ID
    /// The agent holding the interaction when the change arrived (nil while it waits): whose desktop shows it.
    public var agentID: User.ID?
    /// `message.reacted` only: the customer's reaction now, nil when they took it back.
    public var reaction: String?

    public init(messageID: Message.ID, interactionID: Interaction.ID, agentID: User.ID? = nil, reaction: String? = nil) {
        self.messageID = messageID
        self.interactionID = interactionID
        self.agentID = agentID
        self.reaction = reaction
    }
}
