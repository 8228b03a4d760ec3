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
