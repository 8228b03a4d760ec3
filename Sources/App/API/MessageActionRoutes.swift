import Connectors
import Domain
import Foundation
import Hummingbird
import Storage

/// Acting on a public thread from the conversation: the page likes a customer's Facebook post or comment, or
/// hides or unhides a Facebook or Instagram one; the X account likes or retweets a customer's tweet. Each action is recorded in the interaction's timeline as done
/// by the caller, with its platform call, which the outbox sends. Asking again for what is already done or on
/// its way (a double click) answers with that action instead of acting twice.
struct MessageActionRoutes: Sendable {
    let store: any ParleyStore
    let outbox: OutboxWorker
    let clock: any WallClock
    let ids: any IDGenerator

    /// What a person may do.
    static let agentActions: [AutomaticAction] = [.like, .retweet, .hide, .unhide]

    struct ActionRequest: Decodable {
        var action: String

        static var schema: Schema {
            .object([("action", .string(values: agentActions.map(\.rawValue)))], required: ["action"], allowsOtherProperties: true)
        }
    }

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "POST", path: "/api/v1/interactions/{id}/messages/{messageId}/actions",
                             summary: "Like, hide or unhide a customer's public Facebook or Instagram post or comment, or like or "
                                + "retweet a customer's tweet (the interaction's holder, or a supervisor)",
                             roles: .anyone, request: ActionRequest.schema,
                             success: (201, "Recorded and on its way (200: it already was)", .ref("InteractionAction")),
                             extraErrors: [409, 422])) { request, context -> Response in
            let input = try await request.decode(as: ActionRequest.self, context: context)
            guard let action = AutomaticAction(rawValue: input.action), Self.agentActions.contains(action) else {
                throw AppError.badRequest("'action' must be one of: like, retweet, hide, unhide.")
            }
            let interaction = try await moderated(try context.parameters.require("id"), by: context)
            let messageID = try context.parameters.require("messageId")
            guard let message = try await store.message(.init(messageID)), message.interactionID == interaction.id else {
                throw AppError.notFound("No message '\(messageID)' in interaction '\(interaction.id)'.")
            }
            let (taken, created) = try await take(action, on: message, in: interaction, by: context.user)
            if created { outbox.wake() }
            return try APIJSON.response(InteractionActionDTO(taken), status: created ? .created : .ok)
        }
    }

    /// Records the action with its platform call; returns it and whether it is new.
    private func take(_ action: AutomaticAction, on message: Message, in interaction: Interaction,
                      by user: User) async throws -> (InteractionAction, Bool) {
        let channel = try await store.channels().first { $0.id == interaction.channelID }
        guard let key = channel?.key ?? ChannelKey(interaction.channelID.rawValue) else {
            throw AppError(.unprocessableContent, code: "not_deliverable", message: "The interaction's channel is not configured.")
        }
        guard [.facebookPage, .instagram, .x].contains(key.kind) else {
            throw AppError(.unprocessableContent, code: "unsupported_action",
                           message: "Likes, retweets and hiding from Parley are for Facebook page and Instagram posts and comments and for "
                               + "tweets; this interaction is on a \(key.kind.rawValue) channel.")
        }
        guard message.direction == .inbound, message.visibility == .public else {
            throw AppError(.unprocessableContent, code: "not_public",
                           message: "Only a customer's public post, comment or tweet can be liked, retweeted or hidden; this message is "
                               + (message.direction == .outbound ? "one of the page's own." : "private."))
        }
        guard message.deletedAt == nil else {
            throw AppError(.conflict, code: "message_removed",
                           message: "The customer removed this \(key.kind == .x ? "tweet" : "comment"): there is nothing left to \(action.rawValue).")
        }
        let object = message.platformMessageID ?? ""
        let request: OutboundRequest
        do {
            request = try ActionComposer.compose(action, on: key, object: object)
        } catch {
            throw AppError(.unprocessableContent, code: "unsupported_action", message: "\(error).")
        }
        let earlier = try await store.actions(of: interaction.id).filter { $0.target == object }
        if case .done(let done) = try ModerationState(earlier, hiddenOnPlatform: message.hiddenAt != nil).verdict(for: action) {
            return (done, false)
        }

        let now = clock.now()
        let delivery = NewOutboxItem(channel: key, idempotencyKey: "\(action.rawValue)-\(interaction.id)-\(object)", request: request,
                                     createdAt: now, deadline: now + TimeInterval(channel?.maxRetryDuration ?? 3600))
        let new = NewInteractionAction(interactionID: interaction.id, action: action, target: object, agentID: user.id, delivery: delivery)
        if let recorded = try await store.recordAction(new, at: now, ids: ids) { return (recorded, true) }
        // The store keeps one of each action per post and interaction: either a second click won the race, or
        // this was done (and undone) before.
        let stored = try await store.actions(of: interaction.id).filter { $0.target == object }
        if case .done(let done) = try ModerationState(stored, hiddenOnPlatform: message.hiddenAt != nil).verdict(for: action) {
            return (done, false)
        }
        let platform = key.kind == .instagram ? "Instagram" : key.kind == .x ? "X" : "Facebook"
        let noun = key.kind == .x ? "tweet" : "comment"
        throw AppError(.conflict, code: "action_repeated",
                       message: "Parley already asked \(platform) to \(action.rawValue) this \(noun) once in this interaction, and it does each "
                           + "action once per \(noun) and interaction: \(action.rawValue) it on \(platform) itself.")
    }

    /// The interaction, if the caller holds it or supervises; 404 otherwise (another agent's interaction does not
    /// exist for them), as for replies.
    private func moderated(_ id: String, by context: AuthenticatedContext) async throws -> Interaction {
        guard let interaction = try await store.interaction(.init(id)),
            context.user.maySee(interaction)
        else { throw AppError.notFound("No interaction '\(id)' held by you.") }
        return interaction
    }
}
