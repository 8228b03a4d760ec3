import Foundation

/// An internal note: written by a person in Parley, read by colleagues, never sent to the customer. About one
/// interaction ("promised a callback on Monday") or about the customer ("prefers French; VIP since 2019").
public struct Note: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<Note>

    public enum Subject: Codable, Sendable, Hashable {
        case interaction(Interaction.ID)
        case contact(Contact.ID)
    }

    /// Notes are for colleagues, not essays: long enough for a handover, short enough to read at a glance.
    public static let maxLength = 5_000

    public var id: ID
    public var subject: Subject
    public var authorID: User.ID
    public var text: String
    public var createdAt: Date

    public init(id: ID, subject: Subject, authorID: User.ID, text: String, createdAt: Date) {
        self.id = id
        self.subject = subject
        self.authorID = authorID
        self.text = text
        self.createdAt = createdAt
    }
}

/// A note to record.
public struct NewNote: Sendable, Hashable {
    public var subject: Note.Subject
    public var authorID: User.ID
    public var text: String

    public init(subject: Note.Subject, authorID: User.ID, text: String) {
        self.subject = subject
        self.authorID = authorID
        self.text = text
    }
}
