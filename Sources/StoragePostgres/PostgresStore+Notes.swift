import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: NoteStore {
    public func addNote(_ new: NewNote, at now: Date, ids: any IDGenerator) async throws -> Note {
        let note = Note(id: .init(ids.make()), subject: new.subject, authorID: new.authorID, text: new.text, createdAt: now)
        return try await write(retryingConflicts: true) { db in
            switch new.subject {
            case .interaction(let interaction):
                guard let row = try await db.row("SELECT assigned_agent_id FROM interactions WHERE id = \(interaction.rawValue)")
                else { throw NoteError.unknownSubject }
                try await db.execute("""
                    INSERT INTO notes (id, interaction_id, contact_id, author_id, text, created_at)
                    VALUES (\(note.id.rawValue), \(interaction.rawValue), NULL, \(new.authorID.rawValue), \(new.text), \(now.storageValue))
                    """)
                let holder = (try row["assigned_agent_id"] as String?).map { User.ID($0) }
                _ = try await Self.append([.interactionNoteAdded(NoteAdded(noteID: note.id, interactionID: interaction, authorID: new.authorID,
                                                                           agentID: holder))], at: now, into: db)
            case .contact(let contact):
                guard try await db.row("SELECT 1 AS found FROM contacts WHERE id = \(contact.rawValue)") != nil else { throw NoteError.unknownSubject }
                try await db.execute("""
                    INSERT INTO notes (id, interaction_id, contact_id, author_id, text, created_at)
                    VALUES (\(note.id.rawValue), NULL, \(contact.rawValue), \(new.authorID.rawValue), \(new.text), \(now.storageValue))
                    """)
            }
            return note
        }
    }

    public func notes(about subject: Note.Subject) async throws -> [Note] {
        try await read { db in
            let rows: [Row]
            switch subject {
            case .interaction(let interaction):
                rows = try await db.rows("""
                    SELECT id, interaction_id, contact_id, author_id, text, created_at FROM notes
                    WHERE interaction_id = \(interaction.rawValue) ORDER BY created_at, id
                    """)
            case .contact(let contact):
                rows = try await db.rows("""
                    SELECT id, interaction_id, contact_id, author_id, text, created_at FROM notes
                    WHERE contact_id = \(contact.rawValue)
                       OR contact_id IN (SELECT absorbed_id FROM contact_merges WHERE kept_id = \(contact.rawValue) AND undone_at IS NULL)
                    ORDER BY created_at, id
                    """)
            }
            return try rows.map { row in
                let subject: Note.Subject = try (row["interaction_id"] as String?).map { .interaction(.init($0)) }
                    ?? .contact(.init(try row["contact_id"] as String))
                return Note(id: .init(try row["id"] as String), subject: subject, authorID: .init(try row["author_id"] as String),
                            text: try row["text"], createdAt: try row.date("created_at"))
            }
        }
    }
}
