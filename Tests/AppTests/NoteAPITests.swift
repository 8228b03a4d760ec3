import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// Internal notes through the API: the holder and supervisors write and read them on the interaction and the
/// customer; nobody else sees them; hostile text comes back unchanged; empty or oversized notes are refused.
@Suite struct NoteAPITests {
    @Test func theHolderAndSupervisorsKeepNotesOnTheInteractionAndTheCustomer() async throws {
        try await ContactAPITests.withAnnHoldingOne { client, store, admin, ann, held in
            let (_, bob) = try await ContactAPITests.createAgent(client, admin, name: "bob")
            func post(_ path: String, _ text: String, as browser: Browser) async throws -> TestResponse {
                let body = try JSONSerialization.data(withJSONObject: ["text": text])
                return try await client.execute(uri: path, method: .post, headers: browser.headers(json: true), body: ByteBuffer(bytes: body))
            }
            let interactionNotes = "/api/v1/interactions/\(held.interactionID)/notes"
            let hostile = "  <img src=x onerror=alert(1)> \u{202E}evil\u{202C} {agent.name}  "
            let first = try await post(interactionNotes, "Promised a callback on Monday", as: ann)
            #expect(first.status == .created, "\(first.text)")
            #expect(try first.json()["authorName"] as? String == "ann")
            #expect(try await post(interactionNotes, hostile, as: admin).status == .created)
            let listed = try await client.execute(uri: interactionNotes, method: .get, headers: ann.headers()).json()
            let texts = (listed["notes"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(texts == ["Promised a callback on Monday", hostile.trimmingCharacters(in: .whitespacesAndNewlines)])
            // In the interaction's detail too, and logged for Ann's stream.
            let detail = try await client.execute(uri: "/api/v1/interactions/\(held.interactionID)", method: .get, headers: ann.headers()).json()
            #expect((detail["notes"] as? [[String: Any]])?.count == 2)
            let logged = try await store.events(after: 0, limit: 1000).filter { $0.event.type == .interactionNoteAdded }
            #expect(logged.count == 2)

            // Bob holds nothing: the interaction and the customer do not exist for him.
            #expect(try await post(interactionNotes, "hi", as: bob).status == .notFound)
            #expect(try await client.execute(uri: interactionNotes, method: .get, headers: bob.headers()).status == .notFound)
            let contactNotes = "/api/v1/contacts/\(held.contactID)/notes"
            #expect(try await post(contactNotes, "Prefers French", as: bob).status == .notFound)

            // Refused with the reason: empty, and over 5,000 characters.
            let empty = try await post(interactionNotes, " \n ", as: ann)
            #expect(empty.status == .unprocessableContent && (try? empty.errorCode()) == "empty_note", "\(empty.text)")
            let long = try await post(interactionNotes, String(repeating: "x", count: 5_001), as: ann)
            #expect(long.status.code >= 400 && long.status.code < 500, "\(long.text)")
            #expect(try await store.notes(about: .interaction(held.interactionID)).count == 2, "nothing refused was stored")

            let aboutAnn = try await post(contactNotes, "Prefers French; VIP since 2019", as: ann)
            #expect(aboutAnn.status == .created)
            let onContact = try await client.execute(uri: contactNotes, method: .get, headers: admin.headers()).json()
            #expect((onContact["notes"] as? [[String: Any]])?.map { $0["text"] as? String } == ["Prefers French; VIP since 2019"])
            #expect((onContact["notes"] as? [[String: Any]])?.first?["contactId"] as? String == held.contactID.rawValue)
        }
    }
}
