import Domain
import Foundation

/// What engagement decides before routing: business calendars (with their emergency switch), automatic answers
/// sent at most once per contact per closure period, and interactions held back from routing until the
/// service opens.
public protocol AutomationStore: Sendable {
    func calendars() async throws -> [BusinessCalendar]
    func upsert(_ calendar: BusinessCalendar) async throws
    /// Switches a calendar's emergency mode; returns the calendar as stored, or throws `StoreError.notFound`.
    func setEmergency(of calendar: BusinessCalendar.ID, enabled: Bool, message: String?, at: Date) async throws -> BusinessCalendar

    /// In one transaction: unless the contact was already answered for this period, stores the answer as an outbound
    /// message of the interaction (written by Parley, no agent), enqueues its platform call (or records it as sent
    /// when Parley is the platform) and appends `interaction.auto_replied`. Returns the message, or nil when the
    /// contact already had this period's answer.
    func autoReply(_ reply: NewAutoReply, at: Date, ids: any IDGenerator) async throws -> Message?

    /// Keeps an interaction out of routing (a closed service) until `until` (nil: until released).
    func hold(_ interaction: Interaction.ID, until: Date?, reason: String, at: Date) async throws
    /// Held interactions that are still open, soonest first (nil deadlines last).
    func heldInteractions() async throws -> [HeldInteraction]
    /// Ends the hold; returns whether there was one.
    @discardableResult
    func release(_ interaction: Interaction.ID) async throws -> Bool
    /// Closes an open interaction nobody will handle (deflected, non-actionable) with its event; returns it, or nil
    /// if it was already closed.
    func closeUnhandled(_ interaction: Interaction.ID, outcome: Interaction.Outcome, at: Date) async throws -> Interaction?

    /// In one transaction: records an action on a customer's post or comment (like, retweet, hide, unhide) with its platform call and
    /// `interaction.action_taken`. Once per interaction, action and target: a replay returns nil and changes
    /// nothing.
    func recordAction(_ action: NewInteractionAction, at: Date, ids: any IDGenerator) async throws -> InteractionAction?
    /// The interaction's actions, oldest first, with the state of each one's platform call.
    func actions(of interaction: Interaction.ID) async throws -> [InteractionAction]
}

public struct NewInteractionAction: Sendable, Hashable {
    public var interactionID: Interaction.ID
    public var action: AutomaticAction
    public var target: String
    /// Nil: Parley.
    public var agentID: User.ID?
    public var delivery: NewOutboxItem

    public init(interactionID: Interaction.ID, action: AutomaticAction, target: String, agentID: User.ID? = nil, delivery: NewOutboxItem) {
        self.interactionID = interactionID
        self.action = action
        self.target = target
        self.agentID = agentID
        self.delivery = delivery
    }
}

public struct NewAutoReply: Sendable, Hashable {
    public var interactionID: Interaction.ID
    public var contactID: Contact.ID
    /// Names the closure period the answer belongs to, e.g. `support:outside_hours:1767225600`.
    public var period: String
    /// Why: `special_day`, `outside_hours`, `emergency`, `greeting`.
    public var reason: String
    public var text: String
    public var visibility: Visibility
    /// The platform call; nil when Parley delivers it itself (web messaging).
    public var delivery: NewOutboxItem?

    public init(interactionID: Interaction.ID, contactID: Contact.ID, period: String, reason: String, text: String,
                visibility: Visibility, delivery: NewOutboxItem?) {
        self.interactionID = interactionID
        self.contactID = contactID
        self.period = period
        self.reason = reason
        self.text = text
        self.visibility = visibility
        self.delivery = delivery
    }
}

public struct HeldInteraction: Sendable, Hashable {
    public var interactionID: Interaction.ID
    public var until: Date?
    public var reason: String

    public init(interactionID: Interaction.ID, until: Date?, reason: String) {
        self.interactionID = interactionID
        self.until = until
        self.reason = reason
    }
}
