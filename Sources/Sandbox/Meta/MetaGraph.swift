import Foundation

/// The Graph API endpoints the sandbox serves, by method and path shape (after an optional version prefix).
/// Paths of other shapes are not Graph calls: X (`/2/…`), LINE (`/v2/bot/…`) and the open channel share the
/// sandbox and keep its generic answers.
enum GraphEndpoint: Equatable {
    /// `POST /{page-ig-or-phone-number-id}/messages`: the Send API, a private reply, or a WhatsApp send.
    case send(account: String)
    /// `POST /{post-or-comment-id}/comments` (Facebook) and `POST /{ig-comment-id}/replies` (Instagram).
    case comment(on: String, surface: FeedStore.Surface)
    case like(object: String, remove: Bool)
    /// `POST /{comment-id}`: hide/unhide (`is_hidden`, Instagram `hide`) or edit (`message`).
    case update(object: String)
    case delete(object: String)
    case feed(page: String)
    case comments(object: String)
    case templates(account: String)
    case subscriptions(app: String)
    case subscribeApp(page: String)
    case me
    case debugToken
    /// `GET /{id}`: a WhatsApp media object, a post or a comment.
    case object(id: String)
    /// `POST /{phone-number-id}/media` and `POST /{page-or-me}/message_attachments`: files uploaded to send.
    case uploadMedia(account: String)
    case uploadAttachment(page: String)

    init?(method: String, segments: [String]) {
        guard let first = segments.first, first != "_sandbox" else { return nil }
        let edge = segments.count == 2 ? segments[1] : nil
        switch (method, segments.count, edge) {
        case ("GET", 1, _) where first == "me": self = .me
        case ("GET", 1, _) where first == "debug_token": self = .debugToken
        case ("GET", 1, _): self = .object(id: first)
        case ("POST", 1, _): self = .update(object: first)
        case ("DELETE", 1, _): self = .delete(object: first)
        case ("POST", 2, "messages"): self = .send(account: first)
        case ("POST", 2, "media"): self = .uploadMedia(account: first)
        case ("POST", 2, "message_attachments"): self = .uploadAttachment(page: first)
        case ("POST", 2, "comments"): self = .comment(on: first, surface: .facebook)
        case ("POST", 2, "replies"): self = .comment(on: first, surface: .instagram)
        case ("POST", 2, "likes"): self = .like(object: first, remove: false)
        case ("DELETE", 2, "likes"): self = .like(object: first, remove: true)
        case ("POST", 2, "subscribed_apps"): self = .subscribeApp(page: first)
        case ("GET", 2, "feed"), ("GET", 2, "posts"): self = .feed(page: first)
        case ("GET", 2, "comments"), ("GET", 2, "replies"): self = .comments(object: first)
        case ("GET", 2, "message_templates"): self = .templates(account: first)
        case ("GET", 2, "subscriptions"): self = .subscriptions(app: first)
        default: return nil
        }
    }

    /// The account whose tokens the call must use, when the path names one.
    var account: String? {
        switch self {
        case .send(let account), .templates(let account), .uploadMedia(let account): account
        case .feed(let page), .subscribeApp(let page): page
        default: nil
        }
    }
}

/// What the sandbox knows besides its memory when answering: the time, its own accounts, and where Parley is.
struct GraphContext: Sendable {
    var now: Date
    var accounts: SandboxServer.Accounts
    var parleyURL: String?
}

/// A Graph answer: status, JSON body, headers, and the webhooks Meta would send afterwards.
struct GraphAnswer: Sendable {
    var status = 200
    var body: String
    var headers: [String: String] = [:]
    var followUps: [MetaFollowUp] = []

    static func json(_ object: Any, followUps: [MetaFollowUp] = []) -> GraphAnswer {
        GraphAnswer(body: GraphJSON.string(object), followUps: followUps)
    }

    static let success = GraphAnswer.json(["success": true])
}

extension MetaWorld {
    /// Answers a Graph call, or returns nil when the path is not a Graph endpoint.
    mutating func answer(_ request: GraphRequest, _ context: GraphContext) -> GraphAnswer? {
        guard let endpoint = GraphEndpoint(method: request.method, segments: request.segments) else { return nil }
        do throws(GraphError) {
            if let problem = tokens.problem(with: request.token, account: endpoint.account, strict: strict, now: context.now) { throw problem }
            return try perform(endpoint, request, context)
        } catch {
            return GraphAnswer(status: error.status, body: error.body(trace: ids.trace()), headers: error.headers)
        }
    }

    private mutating func perform(_ endpoint: GraphEndpoint, _ request: GraphRequest, _ context: GraphContext) throws(GraphError) -> GraphAnswer {
        switch endpoint {
        case .send(let account): try send(on: account, request, context)
        case .comment(let object, let surface): try comment(on: object, surface: surface, request, context)
        case .like(let object, _): try act(on: object, "POST", request)
        case .update(let object): try update(object, request)
        case .delete(let object): try delete(object, request)
        case .feed(let page): try feedPage(page, request, context)
        case .comments(let object): try commentsPage(object, request)
        case .templates: templatesPage(request)
        case .subscriptions(let app): try subscriptions(app, context)
        case .subscribeApp: .success
        case .me: me(request, context)
        case .debugToken: try debugToken(request, context)
        case .object(let id): try object(id, request, context)
        case .uploadMedia: try uploadMedia(request)
        case .uploadAttachment: try uploadAttachment(request)
        }
    }
}
