import Domain
import Foundation
import GRDB

extension SQLiteStore: NoteStore {
    public func addNote(_ new: NewNote, at now: Date, ids: any IDGenerator) async throws -> Note {
        let note = Note(id: .init(ids.make()), subject: new.subject, authorID: new.authorID, text: new.text, createdAt: now)
        return try await pool.write { db in
            switch new.subject {
            case .interaction(let interaction):
                guard let row = try Row.fetchOne(db, sql: "SELECT assigned_agent_id FROM interactions WHERE id = ?", arguments: [interaction.rawValue])
                else { throw NoteError.unknownSubject }
                try db.execute(sql: "INSERT INTO notes (id, interaction_id, contact_id, author_id, text, created_at) VALUES (?, ?, NULL, ?, ?, ?)",
                               arguments: [note.id.rawValue, interaction.rawValue, new.authorID.rawValue, new.text, now.storageValue])
                let holder = (row["assigned_agent_id"] as String?).map { User.ID($0) }
                try Self.append([.interactionNoteAdded(NoteAdded(noteID: note.id, interactionID: interaction, authorID: new.authorID, agentID: holder))],
                                at: now, into: db)
            case .contact(let contact):
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM contacts WHERE id = ?", arguments: [contact.rawValue]) != nil
                else { throw NoteError.unknownSubject }
                try db.execute(sql: "INSERT INTO notes (id, interaction_id, contact_id, author_id, text, created_at) VALUES (?, NULL, ?, ?, ?, ?)",
                               arguments: [note.id.rawValue, contact.rawValue, new.authorID.rawValue, new.text, now.storageValue])
            }
            return note
        }
    }

    public func notes(about subject: Note.Subject) async throws -> [Note] {
        try await pool.read { db in
            let rows: [Row]
            switch subject {
            case .interaction(let interaction):
                rows = try Row.fetchAll(db, sql: "SELECT * FROM notes WHERE interaction_id = ? ORDER BY created_at, id", arguments: [interaction.rawValue])
            case .contact(let contact):
                rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM notes WHERE contact_id = ?
                       OR contact_id IN (SELECT absorbed_id FROM contact_merges WHERE kept_id = ? AND undone_at IS NULL)
                    ORDER BY created_at, id
                    """, arguments: [contact.rawValue, contact.rawValue])
            }
            return rows.map { row in
                let subject: Note.Subject = (row["interaction_id"] as String?).map { .interaction(.init($0)) } ?? .contact(.init(row["contact_id"] as String))
                return Note(id: .init(row["id"] as String), subject: subject, authorID: .init(row["author_id"] as String), text: row["text"],
                            createdAt: Date(storageValue: row["created_at"]))
            }
        }
    }
}
