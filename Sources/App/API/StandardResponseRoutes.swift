import Domain
import Engagement
import Foundation
import Hummingbird
import Storage

/// The standard-response library: everyone signed in searches it; supervisors and admins edit the responses
/// added through the API (those from parley.yml are read-only: 409). For an interaction the list is narrowed to
/// its channel, filled for its customer and the caller, and the responses whose keywords the customer's latest
/// message contains come first (`suggested`).
struct StandardResponseRoutes: Sendable {
    let store: any ParleyStore
    let clock: any WallClock
    let ids: any IDGenerator

    func register(on api: APIRouter) {
        api.document.register(StandardResponseList.schemas)
        let q = (name: "q", schema: Schema.string(maxLength: 200),
                 description: "Words that must all occur in the title, text, category or keywords (case and accents ignored).")
        let category = (name: "category", schema: Schema.string(maxLength: 100), description: "Only this category (case and accents ignored).")
        let channel = (name: "channel", schema: Schema.string(maxLength: 200), description: "Only responses usable on this channel id or channel kind.")
        api.add(APIOperation(method: "GET", path: "/api/v1/standard-responses",
                             summary: "Search the standard-response library; the categories are listed too",
                             roles: .anyone, success: (200, "Responses and categories", .ref("StandardResponseList")),
                             extraErrors: [404], query: [q, category, channel])) { request, _ in
            let all = try await store.standardResponses()
            let kind = try await channelKind(request.uri.queryParameters["channel"].map { String($0) })
            let found = ResponseMatcher.search(all, query: try query(request), category: try categoryFilter(request), kind: kind)
            return StandardResponseList(responses: found.map { StandardResponseDTO($0) }, categories: ResponseMatcher.categories(all))
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/standard-responses/{id}", summary: "One standard response",
                             roles: .anyone, success: (200, "The response", .ref("StandardResponse")))) { _, context in
            let id = try context.parameters.require("id")
            guard let response = try await store.standardResponse(.init(id)) else { throw AppError(StandardResponseError.notFound(.init(id))) }
            return StandardResponseDTO(response)
        }
        api.add(APIOperation(method: "POST", path: "/api/v1/standard-responses",
                             summary: "Add a standard response (the id defaults to the title's slug)", roles: .supervisors,
                             request: StandardResponseInput.schema(withID: true), success: (201, "Added", .ref("StandardResponse")), extraErrors: [409, 422])) {
            request, context -> EditedResponse<StandardResponseDTO> in
            let input = try await request.decode(as: StandardResponseInput.self, context: context)
            // A title with no letter or digit in a-z after folding ("¿¿??", "李小龙") has no slug: a generated id then.
            let titled = StandardResponse.id(forTitle: input.title)
            let response = try input.response(id: input.id.map { StandardResponse.ID($0) } ?? (titled.rawValue.isEmpty ? .init(ids.make()) : titled))
            try await edit(context, "standard_response.create", response.id) { try await store.createStandardResponse(response, at: clock.now()) }
            return EditedResponse(status: .created, response: StandardResponseDTO(response))
        }
        api.add(APIOperation(method: "PUT", path: "/api/v1/standard-responses/{id}",
                             summary: "Replace a standard response added through the API (409 for one from parley.yml)", roles: .supervisors,
                             request: StandardResponseInput.schema(withID: false), success: (200, "Replaced", .ref("StandardResponse")), extraErrors: [409, 422])) {
            request, context in
            let id = StandardResponse.ID(try context.parameters.require("id"))
            let input = try await request.decode(as: StandardResponseInput.self, context: context)
            let response = try await edit(context, "standard_response.update", id) { () async throws -> StandardResponse in
                // What does not exist is 404, and a file response 409, whatever the body says (the store checks again).
                guard let stored = try await store.standardResponse(id) else { throw StandardResponseError.notFound(id) }
                if stored.source == .file { throw StandardResponseError.definedInFile(id) }
                let replacement = try input.response(id: id)
                try await store.updateStandardResponse(replacement, at: clock.now())
                return replacement
            }
            return StandardResponseDTO(response)
        }
        api.add(APIOperation(method: "DELETE", path: "/api/v1/standard-responses/{id}",
                             summary: "Remove a standard response added through the API (409 for one from parley.yml)", roles: .supervisors,
                             success: (204, "Removed", nil), extraErrors: [409])) { _, context -> HTTPResponse.Status in
            let id = StandardResponse.ID(try context.parameters.require("id"))
            try await edit(context, "standard_response.delete", id) { try await store.deleteStandardResponse(id) }
            return .noContent
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/interactions/{id}/standard-responses",
                             summary: "The responses usable on the interaction's channel, filled for its customer and the caller; those matching the customer's latest message first (suggested)",
                             roles: .anyone, success: (200, "Responses, suggestions first", .ref("StandardResponseList")), query: [q, category])) {
            request, context in
            let id = try context.parameters.require("id")
            guard let interaction = try await store.interaction(.init(id)), context.user.maySee(interaction) else {
                throw AppError.notFound("No interaction '\(id)'.")
            }
            let all = try await store.standardResponses()
            let channel = try await store.channels().first { $0.id == interaction.channelID }
            let found = ResponseMatcher.search(all, query: try query(request), category: try categoryFilter(request), kind: channel?.kind)
            let latest = try await store.latestInbound(of: interaction.id)
            let contact = try await store.contact(interaction.contactID)
            let fill = ResponseFill(customerName: contact.flatMap(Self.knownName), agentName: context.user.displayName, channelName: channel?.name)
            let ranked = ResponseMatcher.suggestFirst(found, message: latest?.text)
            return StandardResponseList(responses: ranked.map { StandardResponseDTO($0.response, filled: fill.fill($0.response.text), suggested: $0.score > 0) },
                                        categories: ResponseMatcher.categories(all))
        }
    }

    /// The contact's name, unless it is the stand-in Parley made up for someone it knows only by an id
    /// ("whatsapp user 123456"): a reply must not greet "Hi whatsapp".
    static func knownName(_ contact: Contact) -> String? {
        let name = contact.displayName
        for platform in Domain.Platform.allCases where name.hasPrefix("\(platform.rawValue) user ") {
            let rest = name.dropFirst("\(platform.rawValue) user ".count)
            if rest.count <= 6, !rest.contains(" ") { return nil }
        }
        return name
    }

    private func query(_ request: Request) throws -> String? {
        guard let text = request.uri.queryParameters["q"].map({ String($0) }) else { return nil }
        // Counted as the OpenAPI document's maxLength counts (Unicode scalars), so "Z̷a̷l̷g̷o" text is held to it too.
        guard text.unicodeScalars.count <= 200 else { throw AppError.badRequest("'q' is at most 200 characters.") }
        return text
    }

    private func categoryFilter(_ request: Request) throws -> String? {
        guard let text = request.uri.queryParameters["category"].map({ String($0) }) else { return nil }
        guard text.unicodeScalars.count <= 100 else { throw AppError.badRequest("'category' is at most 100 characters.") }
        return text
    }

    /// `channel=` as a channel kind (`whatsapp`) or a channel id; 404 when there is no such channel.
    private func channelKind(_ value: String?) async throws -> ChannelKind? {
        guard let value, !value.isEmpty else { return nil }
        guard value.unicodeScalars.count <= 200 else { throw AppError.badRequest("'channel' is at most 200 characters.") }
        if let kind = ChannelKind(rawValue: value) { return kind }
        guard let channel = try await store.channels().first(where: { $0.id.rawValue == value }) else {
            throw AppError.notFound("No channel '\(value)': 'channel' is a channel id or a channel kind (\(ChannelKind.allCases.map(\.rawValue).joined(separator: ", "))).")
        }
        return channel.kind
    }

    /// Runs a store edit, mapping the library's errors to the one error shape, and audits it.
    @discardableResult
    private func edit<T>(_ context: AuthenticatedContext, _ action: String, _ id: StandardResponse.ID, _ body: () async throws -> T) async throws -> T {
        let result: T
        do {
            result = try await body()
        } catch let error as StandardResponseError {
            try await store.appendAudit(AuditRecord(at: clock.now(), actor: context.user.username, action: action,
                                                    subject: "standard response \(id.rawValue)", outcome: "refused: \(error.description)"))
            throw AppError(error)
        }
        try await store.appendAudit(AuditRecord(at: clock.now(), actor: context.user.username, action: action,
                                                subject: "standard response \(id.rawValue)", outcome: "ok"))
        return result
    }
}
