import Domain
import Foundation

/// What happens to messages after they were stored: the platform reports edits, removals and hides, and echoes
/// what the page itself sent (research/platforms.md §1.4, §2.1, §3).
public protocol MessageChangeStore: Sendable {
    /// Applies the changes in one transaction, in order, each with its event (`message.edited`, `.removed`,
    /// `.hidden`, `.unhidden`). A change that is already so (a replay, an edit to the same text, an edit older
    /// than one applied) changes nothing. One outcome per change.
    func applyChanges(_ changes: [MessageChange], at: Date) async throws -> [MessageChangeOutcome]

    /// Records the page's own messages as the platform echoes them, in one transaction: Parley's sends are
    /// confirmed, not stored again; the rest are stored as outbound messages sent outside Parley, each with
    /// `message.sent`. One outcome per echo.
    func recordEchoes(_ echoes: [PlatformEcho], at: Date, ids: any IDGenerator) async throws -> [EchoOutcome]

    /// The earlier texts of an interaction's edited messages, by message and then revision.
    func revisions(of interaction: Interaction.ID) async throws -> [MessageRevision]
}

/// A platform's report that a message it delivered earlier changed, addressed by the message's platform id.
public struct MessageChange: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The new text, already masked for agents. `sequence`: the platform's count of edits (Messenger
        /// `num_edit`), which orders edits that arrive out of order; nil where the platform gives none.
        case edited(text: String, sequence: Int?)
        case removed
        /// Hidden (true) or shown again (false) by a moderator.
        case hidden(Bool)
        /// The customer reacted to it (an emoji, or the platform's name of the reaction), or took it back (nil).
        case reacted(String?)
    }

    public var channel: ChannelKey
    public var platformMessageID: String
    public var kind: Kind
    /// When the platform says it happened; nil when it does not say (the store uses the time it applies it).
    public var at: Date?

    public init(channel: ChannelKey, platformMessageID: String, kind: Kind, at: Date?) {
        self.channel = channel
        self.platformMessageID = platformMessageID
        self.kind = kind
        self.at = at
    }
}

public enum MessageChangeOutcome: Sendable, Hashable {
    case applied(Message.ID)
    /// Already so, or an edit older than the last one applied.
    case unchanged(Message.ID)
    /// Parley never stored the message (sent before the channel was connected, or its webhook was lost).
    case unknownMessage
}

/// A message the page sent, as the platform echoes it back: Messenger and Instagram `is_echo`, the page's own
/// comments on its feed.
public struct PlatformEcho: Sendable, Hashable {
    public var channel: ChannelKey
    public var platformMessageID: String
    /// The customer's thread it was sent in.
    public var threadKey: ThreadKey
    public var text: String
    public var attachments: [Attachment]
    public var sentAt: Date

    public init(channel: ChannelKey, platformMessageID: String, threadKey: ThreadKey, text: String, attachments: [Attachment] = [],
                sentAt: Date) {
        self.channel = channel
        self.platformMessageID = platformMessageID
        self.threadKey = threadKey
        self.text = text
        self.attachments = attachments
        self.sentAt = sentAt
    }

    /// When Parley's own send of this echo may have been stored, for the match by text. Meta can echo a send
    /// before the outbox has recorded the id from Meta's answer (the echo webhook and the Send API response race);
    /// matching by id alone would then store Parley's own reply a second time, as sent outside Parley. So an
    /// echo whose id is unknown first looks for an outbound message of its thread with the same text and no
    /// platform id yet (pending first), stored up to an hour before the echo (the outbox retried while the
    /// platform was down) or a few minutes after (clocks differ). The match confirms the send but does not
    /// record the id: the outbox does, and stays the one authority on which message has which id, so two
    /// identical texts sent at once cannot end up with each other's ids.
    public var pendingMatchSpan: ClosedRange<Date> { sentAt.addingTimeInterval(-3600)...sentAt.addingTimeInterval(300) }

    /// The channels whose stored messages the echo's id may belong to. A private reply to a page comment is
    /// stored in the comment's interaction (the page channel) but echoes on Messenger.
    public var channelsItMayConfirm: [ChannelKey] {
        channel.kind == .messenger ? [channel, ChannelKey(kind: .facebookPage, accountID: channel.accountID)] : [channel]
    }
}

public enum EchoOutcome: Sendable, Hashable {
    /// A message Parley stored already: its own send (the outbox recorded the platform's id), or an echo seen before.
    case known(Message.ID)
    /// Parley's own send whose platform id the outbox has not recorded yet, recognised by its text (see the stores).
    case matchedPending(Message.ID)
    /// Sent from another tool: stored as an outbound message sent outside Parley.
    case recordedOutside(Message.ID)
    /// The thread has no interaction to record it in (the page wrote first, or on its own post).
    case noInteraction
}
