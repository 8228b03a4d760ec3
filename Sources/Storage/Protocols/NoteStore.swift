import Domain
import Foundation

/// Internal notes about an interaction or a customer (never sent to the customer).
public protocol NoteStore: Sendable {
    /// Records the note. A note on an interaction is logged (`interaction.note_added`, naming the interaction's
    /// holder) in the same transaction. Throws `NoteError.unknownSubject` when the interaction or contact does not exist.
    func addNote(_ note: NewNote, at now: Date, ids: any IDGenerator) async throws -> Note

    /// The notes about the subject, oldest first. For a contact, also the notes about contacts merged into it
    /// (while the merge stands): the person's notes follow them as their conversations do.
    func notes(about subject: Note.Subject) async throws -> [Note]
}

public enum NoteError: Error, Equatable {
    case unknownSubject
}
