import Domain
import Foundation

/// Contacts, interactions and messages.
public protocol EngagementStore: Sendable {
    /// In one transaction: finds the author's contact by identity (or creates it), finds the open interaction
    /// of the thread (closing it first if it has been inactive longer than `inactivityTimeout`, then opening a
    /// new one), stores the message, and appends `interaction.created` / `message.received`. A message
    /// already stored for the channel is not stored again: the result says `duplicate`.
    func ingest(_ message: InboundMessage, channelID: Channel.ID?, inactivityTimeout: TimeInterval, at: Date,
                ids: any IDGenerator) async throws -> IngestResult

    /// The same for many messages, in order, in one transaction (one fsync for the batch).
    func ingest(_ messages: [IngestRequest], at: Date, ids: any IDGenerator) async throws -> [IngestResult]

    func interaction(_ id: Interaction.ID) async throws -> Interaction?
    /// The other open interactions of the same channel on the same post, oldest first: on a company post each
    /// top-level comment is its own thread, and the agent on one of them is told about the rest. Empty for
    /// any interaction that is not a comment thread.
    func openSiblings(of id: Interaction.ID, limit: Int) async throws -> [Interaction]
    /// Replaces the content-analysis scores of an interaction (all five; nil clears one). Its state and
    /// `updatedAt` are left alone: scoring is not a change agents should see the interaction move for.
    /// Throws `StoreError.notFound` for an unknown interaction.
    func setScores(_ id: Interaction.ID, _ scores: Interaction.Scores) async throws
    /// Newest first. `assignedTo` nil: all.
    func interactions(openOnly: Bool, assignedTo: User.ID?, limit: Int) async throws -> [Interaction]
    /// A page of an interaction's messages, oldest first, strictly after `after` (a message id) when given.
    func messages(of interaction: Interaction.ID, after: Message.ID?, limit: Int) async throws -> [Message]

    func contact(_ id: Contact.ID) async throws -> Contact?
    /// The contact's interactions, newest first, strictly older than `before` when given — back to the very first.
    func history(of contact: Contact.ID, before: Interaction.ID?, limit: Int) async throws -> [Interaction]
}

public struct IngestRequest: Sendable {
    public var message: InboundMessage
    public var channelID: Channel.ID?
    public var inactivityTimeout: TimeInterval

    public init(message: InboundMessage, channelID: Channel.ID?, inactivityTimeout: TimeInterval) {
        self.message = message
        self.channelID = channelID
        self.inactivityTimeout = inactivityTimeout
    }
}
