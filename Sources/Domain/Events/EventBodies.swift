import Foundation

/// An inbox event passed the pipeline's first stage: it is stored and about to be normalised.
public struct InboundAccepted: Codable, Sendable, Hashable {
    public var inboxEventID: Int64
    public var channel: String
    public var category: InboxEvent.Category
    public var occurredAt: Date?

    public init(inboxEventID: Int64, channel: String, category: InboxEvent.Category, occurredAt: Date?) {
        self.inboxEventID = inboxEventID
        self.channel = channel
        self.category = category
        self.occurredAt = occurredAt
    }
}

public struct MessageEvent: Codable, Sendable, Hashable {
    public var messageID: Message.ID
    public var interactionID: Interaction.ID
    public var channelID: Channel.ID
    public var visibility: Visibility
    /// The agent holding the interaction when the message was stored (nil while it waits), so the live stream
    /// and reports know whom it concerns without looking the interaction up.
    public var agentID: User.ID?
    /// The interaction's thread key (`conversation:web:…`): a web visitor's stream follows its own thread.
    public var threadKey: String?

    public init(messageID: Message.ID, interactionID: Interaction.ID, channelID: Channel.ID, visibility: Visibility,
                agentID: User.ID? = nil, threadKey: String? = nil) {
        self.messageID = messageID
        self.interactionID = interactionID
        self.channelID = channelID
        self.visibility = visibility
        self.agentID = agentID
        self.threadKey = threadKey
    }
}

public struct MessageFailed: Codable, Sendable, Hashable {
    public var messageID: Message.ID
    public var interactionID: Interaction.ID
    public var reason: String
    /// The agent who wrote it.
    public var agentID: User.ID?

    public init(messageID: Message.ID, interactionID: Interaction.ID, reason: String, agentID: User.ID? = nil) {
        self.messageID = messageID
        self.interactionID = interactionID
        self.reason = reason
        self.agentID = agentID
    }
}

public struct InteractionEvent: Codable, Sendable, Hashable {
    public var interactionID: Interaction.ID
    public var channelID: Channel.ID
    public var workgroupID: Workgroup.ID?

    public init(interactionID: Interaction.ID, channelID: Channel.ID, workgroupID: Workgroup.ID? = nil) {
        self.interactionID = interactionID
        self.channelID = channelID
        self.workgroupID = workgroupID
    }
}

public struct InteractionAgentEvent: Codable, Sendable, Hashable {
    public var interactionID: Interaction.ID
    public var agentID: User.ID
    public var workgroupID: Workgroup.ID?

    public init(interactionID: Interaction.ID, agentID: User.ID, workgroupID: Workgroup.ID? = nil) {
        self.interactionID = interactionID
        self.agentID = agentID
        self.workgroupID = workgroupID
    }
}

public struct InteractionTransferred: Codable, Sendable, Hashable {
    public var interactionID: Interaction.ID
    public var fromAgentID: User.ID?
    public var toAgentID: User.ID?
    public var toWorkgroupID: Workgroup.ID?
    /// What the person transferring wrote for whoever takes it next.
    public var note: String?

    public init(interactionID: Interaction.ID, fromAgentID: User.ID?, toAgentID: User.ID?, toWorkgroupID: Workgroup.ID?, note: String? = nil) {
        self.interactionID = interactionID
        self.fromAgentID = fromAgentID
        self.toAgentID = toAgentID
        self.toWorkgroupID = toWorkgroupID
        self.note = note
    }
}

public struct InteractionWrappedUp: Codable, Sendable, Hashable {
    public var interactionID: Interaction.ID
    public var agentID: User.ID
    public var code: WrapUpCode.ID

    public init(interactionID: Interaction.ID, agentID: User.ID, code: WrapUpCode.ID) {
        self.interactionID = interactionID
        self.agentID = agentID
        self.code = code
    }
}

public struct AgentStateChanged: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable {
        case loggedOut = "logged_out"
        case notReady = "not_ready"
        case ready
    }

    public var agentID: User.ID
    public var state: State
    public var reason: NotReadyReason.ID?

    public init(agentID: User.ID, state: State, reason: NotReadyReason.ID? = nil) {
        self.agentID = agentID
        self.state = state
        self.reason = reason
    }
}

public struct OutboundResult: Codable, Sendable, Hashable {
    public var outboxID: Int64
    public var channel: String
    public var idempotencyKey: String
    public var attempts: Int
    public var platformMessageID: String?
    public var reason: String?

    public init(outboxID: Int64, channel: String, idempotencyKey: String, attempts: Int,
                platformMessageID: String? = nil, reason: String? = nil) {
        self.outboxID = outboxID
        self.channel = channel
        self.idempotencyKey = idempotencyKey
        self.attempts = attempts
        self.platformMessageID = platformMessageID
        self.reason = reason
    }
}

/// A platform's receipt moved an outbound message on: `delivered` or `read`.
public struct MessageStatusChanged: Codable, Sendable, Hashable {
    public var messageID: Message.ID
    public var interactionID: Interaction.ID
    public var status: Message.DeliveryStatus
    /// The agent who wrote it (nil: Parley).
    public var agentID: User.ID?

    public init(messageID: Message.ID, interactionID: Interaction.ID, status: Message.DeliveryStatus, agentID: User.ID? = nil) {
        self.messageID = messageID
        self.interactionID = interactionID
        self.status = status
        self.agentID = agentID
    }
}

/// An internal note was added to an interaction: the holder's desktop shows it (a supervisor's note too).
public struct NoteAdded: Codable, Sendable, Hashable {
    public var noteID: Note.ID
    public var interactionID: Interaction.ID
    public var authorID: User.ID
    /// Who holds the interaction (nil while it waits).
    public var agentID: User.ID?

    public init(noteID: Note.ID, interactionID: Interaction.ID, authorID: User.ID, agentID: User.ID?) {
        self.noteID = noteID
        self.interactionID = interactionID
        self.authorID = authorID
        self.agentID = agentID
    }
}
