import Foundation

/// Parley's own answer to a customer: which message, why, and the closure period it belongs to.
public struct AutoReplied: Codable, Sendable, Hashable {
    public var interactionID: Interaction.ID
    public var channelID: Channel.ID
    public var messageID: Message.ID
    /// `special_day`, `outside_hours`, `emergency`.
    public var reason: String
    public var period: String

    public init(interactionID: Interaction.ID, channelID: Channel.ID, messageID: Message.ID, reason: String, period: String) {
        self.interactionID = interactionID
        self.channelID = channelID
        self.messageID = messageID
        self.reason = reason
        self.period = period
    }
}

public struct EmergencyChanged: Codable, Sendable, Hashable {
    public var calendarID: BusinessCalendar.ID
    public var enabled: Bool
    public var message: String

    public init(calendarID: BusinessCalendar.ID, enabled: Bool, message: String) {
        self.calendarID = calendarID
        self.enabled = enabled
        self.message = message
    }
}

/// A waiting interaction's reply window: `closing` (it closes at `closesAt`) or `closed` (it "cannot be
/// responded to" until the customer writes again, seed 003 line 245). Raised when the level changes.
public struct WindowUrgencyChanged: Codable, Sendable, Hashable {
    public var interactionID: Interaction.ID
    public var channelID: Channel.ID
    /// `closing` or `closed`.
    public var level: String
    public var closesAt: Date?
    /// For the supervisor: "closes in 47 min", "window closed 5 min ago: cannot be responded to".
    public var flag: String

    public init(interactionID: Interaction.ID, channelID: Channel.ID, level: String, closesAt: Date?, flag: String) {
        self.interactionID = interactionID
        self.channelID = channelID
        self.level = level
        self.closesAt = closesAt
        self.flag = flag
    }
}

/// An action on the customer's post or comment (like, retweet, hide, unhide), recorded with its platform call. `agentID` nil: by Parley.
public struct ActionTaken: Codable, Sendable, Hashable {
    public var interactionID: Interaction.ID
    public var channelID: Channel.ID
    public var actionID: InteractionAction.ID
    public var action: AutomaticAction
    public var target: String
    public var agentID: User.ID?

    public init(interactionID: Interaction.ID, channelID: Channel.ID, actionID: InteractionAction.ID, action: AutomaticAction, target: String,
                agentID: User.ID? = nil) {
        self.interactionID = interactionID
        self.channelID = channelID
        self.actionID = actionID
        self.action = action
        self.target = target
        self.agentID = agentID
    }
}
