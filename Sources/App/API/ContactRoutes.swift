import Domain
import Foundation
import Hummingbird
import Storage

/// Contacts across channels: profile and identities, the whole history, merges and their undoing, and merge
/// suggestions. Agents see only contacts of interactions they hold (anything else is 404, as if it did not
/// exist) — a merged contact through the one it was merged into; supervisors and admins see every contact.
struct ContactRoutes: Sendable {
    let store: any ParleyStore
    let clock: any WallClock
    let ids: any IDGenerator

    struct MergeRequest: Decodable {
        var into: String

        static var schema: Schema { .object([("into", .string(minLength: 1, maxLength: 200))], required: ["into"]) }
    }

    func register(on api: APIRouter) {
        api.document.register(Self.schemas)
        let limit = (name: "limit", schema: Schema.literal(#"{"type": "integer", "minimum": 1, "maximum": 200}"#), description: "Page size, 1 to 200 (default 50).")
        let before = (name: "before", schema: Schema.string(), description: "Continue before this interaction id (the previous page's nextBefore).")
        api.add(APIOperation(method: "GET", path: "/api/v1/contacts/suggestions",
                             summary: "Pairs of contacts that share a phone number or an email address: merge candidates",
                             roles: .supervisors, success: (200, "Suggestions", .ref("MergeSuggestionList")), query: [limit])) { request, _ in
            MergeSuggestionList(suggestions: try await store.mergeSuggestions(limit: try pageSize(request)).map(MergeSuggestionDTO.init))
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/contacts/{id}",
                             summary: "A contact: profile, identities on every platform, the contact it is merged into, and its merges",
                             roles: .anyone, success: (200, "The contact", .ref("Contact")))) { _, context in
            let contact = try await visibleContact(try context.parameters.require("id"), context)
            return ContactDTO(contact, merges: try await store.contactMerges(of: contact.id))
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/contacts/{id}/suggestions",
                             summary: "Merge candidates for one contact (shared phone number or email address)",
                             roles: .supervisors, success: (200, "Suggestions", .ref("MergeSuggestionList")), query: [limit])) { request, context in
            let contact = try await visibleContact(try context.parameters.require("id"), context)
            return MergeSuggestionList(suggestions: try await store.mergeSuggestions(for: contact.id, limit: try pageSize(request))
                .map(MergeSuggestionDTO.init))
        }
        for path in ["/api/v1/contacts/{id}/history", "/api/v1/contacts/{id}/interactions"] {
            api.add(APIOperation(method: "GET", path: path,
                                 summary: "A contact's history on every channel (merged-in contacts' too), newest first, back to the very first interaction",
                                 roles: .anyone, success: (200, "A page of history", .ref("HistoryPage")), query: [limit, before])) { request, context in
                try await history(request, context)
            }
        }
        api.add(APIOperation(method: "POST", path: "/api/v1/contacts/{id}/merge",
                             summary: "Merge this contact into another: its identities and interactions move there; audited, an admin can undo it",
                             roles: .anyone, request: MergeRequest.schema, success: (201, "The merge", .ref("ContactMerge")),
                             extraErrors: [404, 409, 422])) { request, context -> EditedResponse<ContactMergeDTO> in
            let input = try await request.decode(as: MergeRequest.self, context: context)
            let absorbed = try await visibleContact(try context.parameters.require("id"), context)
            let kept = try await visibleContact(input.into, context)
            let merge: ContactMerge
            do {
                merge = try await store.merge(absorbed.id, into: kept.id, by: context.user.id, at: clock.now(), ids: ids)
            } catch let error as ContactError {
                throw AppError(error)
            }
            try await store.appendAudit(AuditRecord(at: clock.now(), actor: context.user.username, action: "contact.merge",
                                                    subject: "\(absorbed.id) into \(kept.id)", outcome: "merge \(merge.id)"))
            return EditedResponse(status: .created, response: ContactMergeDTO(merge))
        }
        api.add(APIOperation(method: "POST", path: "/api/v1/contacts/merges/{mergeId}/undo",
                             summary: "Undo a merge: what it moved and the kept contact still holds goes back; audited",
                             roles: .admins, success: (200, "The merge, now undone", .ref("ContactMerge")), extraErrors: [404, 409])) { _, context in
            let id = ContactMerge.ID(try context.parameters.require("mergeId"))
            let merge: ContactMerge
            do {
                merge = try await store.unmerge(id, by: context.user.id, at: clock.now())
            } catch let error as ContactError {
                throw AppError(error)
            }
            try await store.appendAudit(AuditRecord(at: clock.now(), actor: context.user.username, action: "contact.unmerge",
                                                    subject: "\(merge.absorbedID) from \(merge.keptID)", outcome: "merge \(merge.id) undone"))
            return ContactMergeDTO(merge)
        }
    }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [
        IdentityDTO.self, ContactDTO.self, ContactMergeDTO.self, MergeSuggestionDTO.self, MergeSuggestionList.self, HistoryPage.self,
    ]

    private func history(_ request: Request, _ context: AuthenticatedContext) async throws -> HistoryPage {
        let contact = try await visibleContact(try context.parameters.require("id"), context)
        // A merged contact's history is the one it was merged into: its interactions moved there.
        let holder = try await resolved(contact)
        let size = try pageSize(request)
        let before = request.uri.queryParameters["before"].map { Interaction.ID(String($0)) }
        if let before, try await store.interaction(before)?.contactID != holder.id {
            throw AppError.badRequest("'before' must be the `nextBefore` of the previous page: one of this contact's interactions.", code: "invalid_cursor")
        }
        let page = try await store.history(of: holder.id, before: before, limit: size)
        return HistoryPage(interactions: page.map(InteractionDTO.init), nextBefore: page.count == size ? page.last?.id.rawValue : nil)
    }

    private func pageSize(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return 50 }
        guard let value = Int(String(text)), (1...200).contains(value) else {
            throw AppError.badRequest("'limit' must be a whole number from 1 to 200.")
        }
        return value
    }

    /// The contact a merged one now lives in (following later merges too).
    private func resolved(_ contact: Contact) async throws -> Contact {
        var current = contact
        for _ in 0..<16 {
            guard let next = current.mergedInto, let found = try await store.contact(next) else { return current }
            current = found
        }
        return current
    }

    /// The contact, if the caller may see it: supervisors and admins any; agents one of an interaction they hold, or
    /// one merged into such a contact.
    func visibleContact(_ id: String, _ context: AuthenticatedContext) async throws -> Contact {
        guard let contact = try await store.contact(.init(id)) else { throw AppError.notFound("No contact '\(id)'.") }
        if context.user.overseesInteractions { return contact }
        let mine = Set(try await store.interactions(openOnly: false, assignedTo: context.user.id, limit: 1000).map(\.contactID))
        guard mine.contains(try await resolved(contact).id) else { throw AppError.notFound("No contact '\(id)'.") }
        return contact
    }
}
