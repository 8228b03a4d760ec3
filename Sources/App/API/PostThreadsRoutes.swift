import Domain
import Foundation
import Hummingbird
import Storage

/// `GET /api/v1/interactions/{id}/post/threads`: how the other threads of the same company post stand. Each
/// top-level comment on a busy post is its own interaction; the agent answering one is told how many more are
/// waiting (seed 000: "the agent is told when other threads of it are waiting"), and whether they hold some of
/// them already. Counts only: an agent does not see what others' interactions say.
struct PostThreadsRoutes: Sendable {
    let store: any ParleyStore

    /// More open threads than this on one post are reported as this many.
    static let limit = 500

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "GET", path: "/api/v1/interactions/{id}/post/threads",
                             summary: "How many other threads of the same post are open: waiting for an agent, held by you, held by others",
                             roles: .anyone, success: (200, "The post's other open threads", .ref("PostThreads")), extraErrors: [409])) { _, context in
            let id = try context.parameters.require("id")
            guard let interaction = try await store.interaction(.init(id)), context.user.maySee(interaction) else {
                throw AppError.notFound("No interaction '\(id)'.")
            }
            guard case .comment(let postID, _) = interaction.threadKey else {
                throw AppError(.conflict, code: "no_post", message: "This interaction is not a comment thread on a post.")
            }
            let siblings = try await store.openSiblings(of: interaction.id, limit: Self.limit)
            return PostThreadsDTO(postId: postID, siblings: siblings, viewer: context.user.id)
        }
    }
}

struct PostThreadsDTO: ResponseEncodable, APISchema, Sendable {
    var postId: String
    /// Not yet with an agent: new, queued or offered.
    var waiting: Int
    var heldByYou: Int
    var heldByOthers: Int
    /// When the longest-waiting of them arrived.
    var oldestWaitingSince: Date?
    /// True when there are more than the counts show (`PostThreadsRoutes.limit`).
    var truncated: Bool

    init(postId: String, siblings: [Interaction], viewer: User.ID) {
        let waiting = siblings.filter { [.new, .queued, .offered].contains($0.state) }
        let held = siblings.filter { $0.assignedAgentID != nil && ![.new, .queued, .offered].contains($0.state) }
        self.postId = postId
        self.waiting = waiting.count
        self.heldByYou = held.filter { $0.assignedAgentID == viewer }.count
        self.heldByOthers = held.count - heldByYou
        self.oldestWaitingSince = waiting.map(\.createdAt).min()
        self.truncated = siblings.count >= PostThreadsRoutes.limit
    }

    static let schemaName = "PostThreads"
    static var schema: Schema {
        .object([("postId", .string()), ("waiting", .integer()), ("heldByYou", .integer()), ("heldByOthers", .integer()),
                 ("oldestWaitingSince", .nullable(.string(format: "date-time"))), ("truncated", .boolean)],
                required: ["postId", "waiting", "heldByYou", "heldByOthers", "truncated"])
    }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [PostThreadsDTO.self]
}
