import Foundation

/// A stored message changed on the platform after Parley received it: edited, removed by its author, hidden or
/// shown again by a moderator (`message.edited`, `message.removed`, `message.hidden`, `message.unhidden`).
public struct MessageChanged: Codable, Sendable, Hashable {
    public var messageID: Message.ID
    public var interactionID: Interaction.ID
    /// The agent holding the interaction when the change arrived (nil while it waits): whose desktop shows it.
    public var agentID: User.ID?

    public init(messageID: Message.ID, interactionID: Interaction.ID, agentID: User.ID? = nil) {
        self.messageID = messageID
        self.interactionID = interactionID
        self.agentID = agentID
    }
}
