import Foundation

/// The one catalog of things that happened. Routing, the live stream and reports all read the event log
/// that holds these; later features add cases here, never a second log.
///
/// Each case is stored as `type` (the raw value of `EventType`) plus a JSON body. `schemaVersion` is bumped,
/// like a migration, whenever a body changes shape; readers handle every version they may find on disk.
public enum DomainEvent: Sendable, Hashable {
    case inboundAccepted(InboundAccepted)
    case messageReceived(MessageEvent)
    case messageSent(MessageEvent)
    case messageFailed(MessageFailed)
    /// Delivered or read, as the platform reported.
    case messageStatusChanged(MessageStatusChanged)
    /// The author edited it on the platform: the message holds the new text, the old one is a revision.
    case messageEdited(MessageChanged)
    /// The author removed (deleted, unsent) it on the platform; Parley keeps it, marked.
    case messageRemoved(MessageChanged)
    /// A moderator hid the comment on the platform, or showed it again.
    case messageHidden(MessageChanged)
    case messageUnhidden(MessageChanged)
    case messageReacted(MessageChanged)
    case interactionCreated(InteractionEvent)
    case interactionQueued(InteractionEvent)
    case interactionOffered(InteractionAgentEvent)
    case interactionAccepted(InteractionAgentEvent)
    case interactionRejected(InteractionAgentEvent)
    case interactionRONA(InteractionAgentEvent)
    /// An open offer was withdrawn because the agent became unavailable (not ready, logged out, disconnected).
    case interactionOfferRevoked(InteractionAgentEvent)
    case interactionTransferred(InteractionTransferred)
    case interactionWrappedUp(InteractionWrappedUp)
    case interactionAbandoned(InteractionEvent)
    /// An agent's interaction closed because the customer stayed silent past the channel's inactivity period.
    case interactionAutoClosed(InteractionAgentEvent)
    case interactionDeflected(InteractionEvent)
    /// Parley answered by itself (closed service, special day, emergency).
    case interactionAutoReplied(AutoReplied)
    /// A keyword rule marked it as needing no answer: kept and reported, never routed.
    case interactionNonActionable(InteractionEvent)
    /// A waiting interaction's messaging window is about to close, or has closed (for supervisors).
    case interactionWindowUrgency(WindowUrgencyChanged)
    /// Parley (or an agent) liked or retweeted the customer's post.
    case interactionActionTaken(ActionTaken)
    /// A colleague's internal note on the interaction (never sent to the customer).
    case interactionNoteAdded(NoteAdded)
    /// A calendar's emergency mode was switched (by a supervisor).
    case calendarEmergencyChanged(EmergencyChanged)
    /// Two contacts were merged (by an agent or supervisor), or an admin undid a merge.
    case contactMerged(ContactMergeEvent)
    case contactUnmerged(ContactMergeEvent)
    /// Someone followed (or stopped following) one of the company's accounts.
    case contactFollowed(FollowChanged)
    case contactUnfollowed(FollowChanged)
    case agentStateChanged(AgentStateChanged)
    case outboundSent(OutboundResult)
    case outboundFailed(OutboundResult)
    case outboundDenied(OutboundResult)

    public static let schemaVersion = 1

    public var type: EventType {
        switch self {
        case .inboundAccepted: .inboundAccepted
        case .messageReceived: .messageReceived
        case .messageSent: .messageSent
        case .messageFailed: .messageFailed
        case .messageStatusChanged: .messageStatusChanged
        case .messageEdited: .messageEdited
        case .messageRemoved: .messageRemoved
        case .messageHidden: .messageHidden
        case .messageUnhidden: .messageUnhidden
        case .messageReacted: .messageReacted
        case .interactionCreated: .interactionCreated
        case .interactionQueued: .interactionQueued
        case .interactionOffered: .interactionOffered
        case .interactionAccepted: .interactionAccepted
        case .interactionRejected: .interactionRejected
        case .interactionRONA: .interactionRONA
        case .interactionOfferRevoked: .interactionOfferRevoked
        case .interactionTransferred: .interactionTransferred
        case .interactionWrappedUp: .interactionWrappedUp
        case .interactionAbandoned: .interactionAbandoned
        case .interactionAutoClosed: .interactionAutoClosed
        case .interactionDeflected: .interactionDeflected
        case .interactionAutoReplied: .interactionAutoReplied
        case .interactionNonActionable: .interactionNonActionable
        case .interactionWindowUrgency: .interactionWindowUrgency
        case .interactionActionTaken: .interactionActionTaken
        case .interactionNoteAdded: .interactionNoteAdded
        case .calendarEmergencyChanged: .calendarEmergencyChanged
        case .contactMerged: .contactMerged
        case .contactUnmerged: .contactUnmerged
        case .contactFollowed: .contactFollowed
        case .contactUnfollowed: .contactUnfollowed
        case .agentStateChanged: .agentStateChanged
        case .outboundSent: .outboundSent
        case .outboundFailed: .outboundFailed
        case .outboundDenied: .outboundDenied
        }
    }
}

public enum EventType: String, Codable, Sendable, CaseIterable {
    case inboundAccepted = "inbound.accepted"
    case messageReceived = "message.received"
    case messageSent = "message.sent"
    case messageFailed = "message.failed"
    case messageStatusChanged = "message.status_changed"
    case messageEdited = "message.edited"
    case messageRemoved = "message.removed"
    case messageHidden = "message.hidden"
    case messageUnhidden = "message.unhidden"
    case messageReacted = "message.reacted"
    case interactionCreated = "interaction.created"
    case interactionQueued = "interaction.queued"
    case interactionOffered = "interaction.offered"
    case interactionAccepted = "interaction.accepted"
    case interactionRejected = "interaction.rejected"
    case interactionRONA = "interaction.rona"
    case interactionOfferRevoked = "interaction.offer_revoked"
    case interactionTransferred = "interaction.transferred"
    case interactionWrappedUp = "interaction.wrapped_up"
    case interactionAbandoned = "interaction.abandoned"
    case interactionAutoClosed = "interaction.auto_closed"
    case interactionDeflected = "interaction.deflected"
    case interactionAutoReplied = "interaction.auto_replied"
    case interactionNonActionable = "interaction.non_actionable"
    case interactionWindowUrgency = "interaction.window_urgency"
    case interactionActionTaken = "interaction.action_taken"
    case interactionNoteAdded = "interaction.note_added"
    case calendarEmergencyChanged = "calendar.emergency_changed"
    case contactMerged = "contact.merged"
    case contactUnmerged = "contact.unmerged"
    case contactFollowed = "contact.followed"
    case contactUnfollowed = "contact.unfollowed"
    case agentStateChanged = "agent.state_changed"
    case outboundSent = "outbound.sent"
    case outboundFailed = "outbound.failed"
    case outboundDenied = "outbound.denied"
}

/// A stored event: its position in the log (monotonic, gap-free per backend), when it was recorded, and the event.
public struct LoggedEvent: Sendable, Hashable {
    public var position: Int64
    public var recordedAt: Date
    public var event: DomainEvent

    public init(position: Int64, recordedAt: Date, event: DomainEvent) {
        self.position = position
        self.recordedAt = recordedAt
        self.event = event
    }
}
