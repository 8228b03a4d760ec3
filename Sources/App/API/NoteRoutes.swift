import Domain
import Foundation
import Hummingbird
import Storage

/// Internal notes: on an interaction (for whoever handles it next, or a supervisor's word to the agent) and on a
/// customer (what every colleague should know). Never sent to the customer; the desktop marks them unmistakably.
/// Who may read or write them: whoever may see the interaction or contact (its holder, supervisors and admins).
struct NoteRoutes: Sendable {
    let store: any ParleyStore
    let clock: any WallClock
    let ids: any IDGenerator

    struct NoteRequest: Decodable {
        var text: String

        static var schema: Schema {
            .object([("text", .string(minLength: 1, maxLength: Note.maxLength))], required: ["text"], allowsOtherProperties: true)
        }
    }

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "POST", path: "/api/v1/interactions/{id}/notes",
                             summary: "Add an internal note to an interaction (never sent to the customer)", roles: .anyone,
                             request: NoteRequest.schema, success: (201, "The note", .ref("Note")), extraErrors: [422])) { request, context in
            let interaction = try await store.interaction(try context.parameters.require("id"), visibleTo: context.user)
            let text = try TextField.checked(try await request.decode(as: NoteRequest.self, context: context).text, field: "note", maximum: Note.maxLength)
            let note = try await store.addNote(NewNote(subject: .interaction(interaction.id), authorID: context.user.id, text: text),
                                               at: clock.now(), ids: ids)
            return try APIJSON.response(NoteDTO(note, author: context.user.displayName), status: .created)
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/interactions/{id}/notes", summary: "An interaction's internal notes, oldest first",
                             roles: .anyone, success: (200, "The notes", .ref("NoteList")))) { _, context in
            let interaction = try await store.interaction(try context.parameters.require("id"), visibleTo: context.user)
            return NoteList(notes: try await Self.dtos(try await store.notes(about: .interaction(interaction.id)), store: store))
        }
        let contacts = ContactRoutes(store: store, clock: clock, ids: ids)
        api.add(APIOperation(method: "POST", path: "/api/v1/contacts/{id}/notes",
                             summary: "Add an internal note about a customer (never sent to them)", roles: .anyone,
                             request: NoteRequest.schema, success: (201, "The note", .ref("Note")), extraErrors: [422])) { request, context in
            let contact = try await contacts.visibleContact(try context.parameters.require("id"), context)
            let text = try TextField.checked(try await request.decode(as: NoteRequest.self, context: context).text, field: "note", maximum: Note.maxLength)
            let note = try await store.addNote(NewNote(subject: .contact(contact.id), authorID: context.user.id, text: text),
                                               at: clock.now(), ids: ids)
            return try APIJSON.response(NoteDTO(note, author: context.user.displayName), status: .created)
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/contacts/{id}/notes",
                             summary: "The internal notes about a customer, oldest first (with those of contacts merged into it)",
                             roles: .anyone, success: (200, "The notes", .ref("NoteList")))) { _, context in
            let contact = try await contacts.visibleContact(try context.parameters.require("id"), context)
            return NoteList(notes: try await Self.dtos(try await store.notes(about: .contact(contact.id)), store: store))
        }
    }

    /// The notes with their authors' names (a removed user shows as "Former user").
    static func dtos(_ notes: [Note], store: any ParleyStore) async throws -> [NoteDTO] {
        let names = try await store.displayNames(of: Set(notes.map(\.authorID)))
        return notes.map { NoteDTO($0, author: names[$0.authorID] ?? "Former user") }
    }

}

struct NoteDTO: Encodable, APISchema {
    var id: String
    var interactionId: String?
    var contactId: String?
    var authorId: String
    var authorName: String
    var text: String
    var createdAt: Date

    init(_ note: Note, author: String) {
        id = note.id.rawValue
        switch note.subject {
        case .interaction(let interaction): interactionId = interaction.rawValue
        case .contact(let contact): contactId = contact.rawValue
        }
        authorId = note.authorID.rawValue
        authorName = author
        text = note.text
        createdAt = note.createdAt
    }

    static let schemaName = "Note"
    static var schema: Schema {
        .object([("id", .string()), ("interactionId", .nullable(.string())), ("contactId", .nullable(.string())), ("authorId", .string()),
                 ("authorName", .string()), ("text", .string()), ("createdAt", .string(format: "date-time"))],
                required: ["id", "authorId", "authorName", "text", "createdAt"])
    }
}

struct NoteList: ResponseEncodable, APISchema {
    var notes: [NoteDTO]

    static let schemaName = "NoteList"
    static var schema: Schema { .object([("notes", .array(.ref("Note")))], required: ["notes"]) }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [NoteDTO.self, NoteList.self]
}
