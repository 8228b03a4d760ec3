import Domain
import Foundation
import Storage
import Testing

/// Internal notes on interactions and contacts.
extension StoreConformance {
    static func notesAreKeptInOrderLoggedForTheHolderAndFollowAMergedContact(_ store: any ParleyStore) async throws {
        try await supervisor(store)
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let ids = SequentialIDGenerator(prefix: "nt")
        let held = try await heldInteraction(store, id: "n1", at: start)
        let hostile = "<script>alert(1)</script> \u{202E}cba \u{1F600}"
        let first = try await store.addNote(NewNote(subject: .interaction(held), authorID: agent, text: "Promised a callback on Monday"),
                                            at: start + 10, ids: ids)
        let second = try await store.addNote(NewNote(subject: .interaction(held), authorID: "sup", text: hostile), at: start + 20, ids: ids)
        #expect(first.subject == .interaction(held) && first.createdAt == start + 10)
        #expect(try await store.notes(about: .interaction(held)) == [first, second], "oldest first, text unchanged")
        // Each logged, naming the holder, whoever wrote it.
        let logged = try await store.events(after: 0, limit: 1000).compactMap { logged -> NoteAdded? in
            if case .interactionNoteAdded(let body) = logged.event { body } else { nil }
        }
        #expect(logged == [NoteAdded(noteID: first.id, interactionID: held, authorID: agent, agentID: agent),
                           NoteAdded(noteID: second.id, interactionID: held, authorID: "sup", agentID: agent)])
        await #expect(throws: NoteError.unknownSubject) {
            try await store.addNote(NewNote(subject: .interaction("ghost"), authorID: agent, text: "x"), at: start, ids: ids)
        }
        await #expect(throws: NoteError.unknownSubject) {
            try await store.addNote(NewNote(subject: .contact("ghost"), authorID: agent, text: "x"), at: start, ids: ids)
        }

        // Contact notes: the kept contact shows the absorbed one's while the merge stands, and not after it is undone.
        let contact = try #require(try await store.interaction(held)?.contactID)
        let other = try await store.ingest(whatsappMessage("nw1", from: "34600000009", at: start + 30), channelID: "c2", inactivityTimeout: 3600,
                                           at: start + 30, ids: ids).contactID
        let aboutKept = try await store.addNote(NewNote(subject: .contact(contact), authorID: agent, text: "Prefers French"), at: start + 40, ids: ids)
        let aboutOther = try await store.addNote(NewNote(subject: .contact(other), authorID: "sup", text: "VIP since 2019"), at: start + 50, ids: ids)
        #expect(try await store.notes(about: .contact(contact)) == [aboutKept])
        #expect(try await store.notes(about: .interaction(held)).count == 2, "contact notes are not the interaction's")
        let merge = try await store.merge(other, into: contact, by: "sup", at: start + 60, ids: ids)
        #expect(try await store.notes(about: .contact(contact)) == [aboutKept, aboutOther])
        _ = try await store.unmerge(merge.id, by: "sup", at: start + 70)
        #expect(try await store.notes(about: .contact(contact)) == [aboutKept])
        #expect(try await store.notes(about: .contact(other)) == [aboutOther])
    }
}
