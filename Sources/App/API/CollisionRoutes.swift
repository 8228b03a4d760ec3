import Domain
import Foundation
import Hummingbird
import Storage

/// The collision guard's API: a desktop renews "composing" while its agent types and asks who else is writing on
/// the same conversation or post (`CollisionBoard`).
struct CollisionRoutes: Sendable {
    let store: any ParleyStore
    let board: CollisionBoard
    let clock: any WallClock

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "PUT", path: "/api/v1/interactions/{id}/composing",
                             summary: "Say that the caller is writing in the interaction now (renew every few seconds; it lapses after 10 s)",
                             roles: .anyone, success: (204, "Noted", nil))) { _, context -> HTTPResponse.Status in
            let interaction = try await store.interaction(try context.parameters.require("id"), visibleTo: context.user)
            board.composing(context.user, in: interaction, at: clock.now())
            return .noContent
        }
        api.add(APIOperation(method: "DELETE", path: "/api/v1/interactions/{id}/composing",
                             summary: "The caller stopped writing (sent, or left the conversation)",
                             roles: .anyone, success: (204, "Noted", nil))) { _, context -> HTTPResponse.Status in
            let interaction = try await store.interaction(try context.parameters.require("id"), visibleTo: context.user)
            board.stopped(context.user.id, in: interaction.id)
            return .noContent
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/interactions/{id}/composing",
                             summary: "Who else is writing in this conversation, or in another thread of the same post, now",
                             roles: .anyone, success: (200, "The others writing", .ref("Composers")))) { _, context in
            let interaction = try await store.interaction(try context.parameters.require("id"), visibleTo: context.user)
            let others = board.others(than: context.user.id, near: interaction, at: clock.now())
            return Composers(others: others.map {
                Composers.Other(agentId: $0.user.rawValue, name: $0.name, sameConversation: $0.interaction == interaction.id)
            })
        }
    }

}

struct Composers: ResponseEncodable, APISchema {
    struct Other: Encodable {
        var agentId: String
        var name: String
        /// False: writing in another thread of the same post.
        var sameConversation: Bool
    }

    var others: [Other]

    static let schemaName = "Composers"
    static var schema: Schema {
        .object([("others", .array(.object([("agentId", .string()), ("name", .string()), ("sameConversation", .boolean)],
                                            required: ["agentId", "name", "sameConversation"])))], required: ["others"])
    }
}
