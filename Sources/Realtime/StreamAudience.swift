import Domain

/// Who a live stream is for, and so which events of the log it carries.
public enum StreamAudience: Sendable, Hashable {
    /// An agent: their offers (made, revoked, accepted, declined, redirected), the messages of interactions they
    /// hold, the likes and hides they took on customers' posts, their wrap-ups, their own state changes, and follows by
    /// the customers whose conversations they hold.
    case agent(User.ID)
    /// A supervisor or admin: the queues and every agent — all interaction, message and agent-state events.
    case supervisor
    /// A web-messaging visitor: the messages of their own thread on one channel.
    case visitor(channel: Channel.ID, threadKey: String)

    public func concerns(_ event: DomainEvent) -> Bool {
        switch self {
        case .agent(let me): Self.agent(me, event)
        case .supervisor: Self.supervisor(event)
        case .visitor(let channel, let thread): Self.visitor(channel, thread, event)
        }
    }

    private static func agent(_ me: User.ID, _ event: DomainEvent) -> Bool {
        switch event {
        case .interactionOffered(let body), .interactionAccepted(let body), .interactionRejected(let body), .interactionRONA(let body),
            .interactionOfferRevoked(let body), .interactionAutoClosed(let body):
            body.agentID == me
        case .interactionWrappedUp(let body): body.agentID == me
        case .interactionTransferred(let body): body.fromAgentID == me || body.toAgentID == me
        case .messageReceived(let body), .messageSent(let body): body.agentID == me
        case .messageFailed(let body): body.agentID == me
        case .messageStatusChanged(let body): body.agentID == me
        case .messageEdited(let body), .messageRemoved(let body), .messageHidden(let body), .messageUnhidden(let body),
            .messageReacted(let body): body.agentID == me
        case .interactionActionTaken(let body): body.agentID == me
        case .interactionNoteAdded(let body): body.agentID == me || body.authorID == me
        case .agentStateChanged(let body): body.agentID == me
        case .contactFollowed(let body), .contactUnfollowed(let body): body.agentIDs.contains(me)
        case .inboundAccepted, .interactionCreated, .interactionQueued, .interactionAbandoned, .interactionDeflected,
            .interactionAutoReplied, .interactionNonActionable, .interactionWindowUrgency, .calendarEmergencyChanged, .contactMerged,
            .contactUnmerged, .outboundSent, .outboundFailed, .outboundDenied:
            false
        }
    }

    private static func supervisor(_ event: DomainEvent) -> Bool {
        switch event {
        case .inboundAccepted, .outboundSent, .outboundFailed, .outboundDenied: false
        default: true
        }
    }

    private static func visitor(_ channel: Channel.ID, _ thread: String, _ event: DomainEvent) -> Bool {
        switch event {
        case .messageReceived(let body), .messageSent(let body): body.channelID == channel && body.threadKey == thread
        default: false
        }
    }
}

/// What a stream delivers, in log order.
public enum StreamFrame: Sendable, Hashable {
    /// An event of the log that concerns the audience.
    case event(LoggedEvent)
    /// The position the client asked to continue from cannot be replayed (older than the replay window, or not
    /// a position of this log): reload state, then continue from `position`.
    case resync(position: Int64, reason: String)
    /// Everything up to `position` has been sent; what follows is live.
    case caughtUp(position: Int64)
}
