import Domain
import Foundation
import Hummingbird
import Storage
import Synchronization

/// `GET /api/v1/interactions/{id}/post`: the page's post a comment thread is about, read from the Graph API
/// with the channel's token — the agent answering one comment of a busy post sees what the post said. Company
/// posts are not stored by Parley (they are the page's own words); they are fetched when asked, and kept for
/// ten minutes.
struct PostContextRoutes: Sendable {
    let store: any ParleyStore
    let fetch: GraphFetch
    let graphBase: String
    let token: @Sendable (ChannelKey) -> String?
    let clock: any WallClock
    let cache = PostCache()

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "GET", path: "/api/v1/interactions/{id}/post",
                             summary: "The Facebook or Instagram post a comment thread is on, as the platform has it now",
                             roles: .anyone, success: (200, "The post", .ref("PostContext")), extraErrors: [409, 503])) { _, context in
            let id = try context.parameters.require("id")
            guard let interaction = try await store.interaction(.init(id)),
                context.user.maySee(interaction)
            else { throw AppError.notFound("No interaction '\(id)'.") }
            guard case .comment(let postID, _) = interaction.threadKey,
                let channel = try await store.channels().first(where: { $0.id == interaction.channelID })
            else { throw AppError(.conflict, code: "no_post", message: "This interaction is not a comment thread on a post.") }
            if let cached = cache.post(postID, now: clock.now()) { return cached }
            let base = graphBase.hasSuffix("/") ? String(graphBase.dropLast()) : graphBase
            let fields = channel.kind == .instagram ? "id,caption,timestamp,permalink,username" : "id,message,created_time,from,permalink_url"
            guard let answer = await fetch("\(base)/\(postID)?fields=\(fields)", token(channel.key)) else {
                throw AppError.unavailable("The platform did not answer; the post cannot be shown now.")
            }
            guard answer.status == 200, let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any] else {
                throw AppError(.serviceUnavailable, code: "platform_refused",
                               message: "The platform would not show the post (HTTP \(answer.status)); it may have been deleted.")
            }
            let post = PostContextDTO(postId: postID, text: object["message"] as? String ?? object["caption"] as? String ?? "",
                                      createdAt: object["created_time"] as? String ?? object["timestamp"] as? String,
                                      author: (object["from"] as? [String: Any])?["name"] as? String ?? object["username"] as? String,
                                      permalink: object["permalink_url"] as? String ?? object["permalink"] as? String)
            cache.keep(post, now: clock.now())
            return post
        }
    }
}

/// Posts fetched in the last ten minutes, by id.
final class PostCache: Sendable {
    private let posts = Mutex<[String: (post: PostContextDTO, at: Date)]>([:])

    func post(_ id: String, now: Date) -> PostContextDTO? {
        posts.withLock { $0[id].flatMap { now.timeIntervalSince($0.at) < 600 ? $0.post : nil } }
    }

    func keep(_ post: PostContextDTO, now: Date) {
        posts.withLock { posts in
            if posts.count > 1000 { posts = posts.filter { now.timeIntervalSince($0.value.at) < 600 } }
            posts[post.postId] = (post, now)
        }
    }
}

struct PostContextDTO: ResponseEncodable, APISchema, Sendable {
    var postId: String
    var text: String
    /// As the platform gives it (ISO 8601).
    var createdAt: String?
    var author: String?
    var permalink: String?

    static let schemaName = "PostContext"
    static var schema: Schema {
        .object([("postId", .string()), ("text", .string()), ("createdAt", .nullable(.string())), ("author", .nullable(.string())),
                 ("permalink", .nullable(.string()))], required: ["postId", "text"])
    }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [PostContextDTO.self]
}
