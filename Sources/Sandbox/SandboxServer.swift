import Domain
import Foundation
import Hummingbird
import NIOCore

/// Parley's local stand-in for the platforms' APIs. It records every call, answers with configurable failures,
/// honours idempotency keys, and sends signed webhook traffic to Parley. Meta's Graph API is served with Meta's
/// shapes and rules (platforms.md §1–4): Send API, private replies, WhatsApp sends and templates, comment
/// replies, likes, hide/unhide, delete, feed and comment polling with paging, media, `/me`, `/debug_token`,
/// the app's subscriptions; 24 h / 7 d windows, one private reply per comment within 7 days, token expiry, and
/// Graph's error envelope. X's v2 API is served with X's shapes (platforms.md §5.4–5.6): `POST /2/tweets`
/// (threaded replies; duplicate text and replies under deleted tweets refused), likes, retweets, DMs (only to
/// followers, people open to DMs from anyone, or who DMed first), user lookup; bearer tokens (401), per-endpoint
/// rate limits with `x-rate-limit-*` headers on every answer and 429 when exhausted, problem-details errors; the
/// account's own tweets and DMs echo back through Account Activity. LINE's Messaging API is served with its shapes
/// and rules (platforms.md §6): reply tokens single use and a minute long, pushes with `X-Line-Retry-Key` (409 on
/// a repeat), 401 for a bad channel token, `/v2/bot/info`, the content of images and files customers sent
/// (`/v2/bot/message/{id}/content`). The open channel has its reference client (`SandboxServer+Open.swift`).
///
/// Control endpoints (under `/_sandbox`):
/// - `GET /_sandbox/calls` — every recorded API call; `DELETE /_sandbox/calls` — forget them and reset failures.
/// - `PUT /_sandbox/failure` — `{"mode": "none" | "server_error" | "rate_limit" | "timeout" | "permanent",
///   "count": 3, "status": 503, "reset_after": 30, "seconds": 25}`: fail the next `count` calls (all if absent).
///   `{"mode": "rate_limit", "code": 4}` (or 17, 32, 613, 80007, 130429, 131056) answers with that Graph error.
/// - `GET|PUT /_sandbox/clock` — `{"advance_seconds": 90000}` or `{"now": <unix seconds>}`: move the sandbox's
///   clock (its windows), not Parley's. Answers `{"now": <unix seconds>}`.
/// - `PUT /_sandbox/meta/tokens` — `{"valid": {"<account>": ["tok"]}, "expired": ["old"], "invalid": ["bad"]}`.
///   Any non-empty token is good unless marked; an account with a `valid` list accepts only those.
/// - `PUT /_sandbox/meta/mode` — `{"strict": true, "whatsapp_window_errors": "sync" | "async", "echoes": true}`.
///   Strict: unknown recipients, comments and objects are refused and a token is required. Async: a WhatsApp
///   send outside the window succeeds and a `failed` status (131047) follows. Echoes: Meta's webhooks for our
///   own sends (Messenger `is_echo`, WhatsApp `sent`/`delivered`, the page's comments).
/// - `POST /_sandbox/meta/customers` — `{"account": "<page|ig|phone-number id>", "customer": "<psid|wa_id>",
///   "last_message_at": <unix seconds, default now>, "surface": "messenger" | "instagram" | "whatsapp"}`.
/// - `POST /_sandbox/meta/comments` — `{"comment_id": "…", "created_time": <unix seconds>, "account": "…",
///   "surface": "facebook" | "instagram"}`: a comment delivered by the test itself, for the private-reply rules.
/// - `PUT /_sandbox/meta/templates` — `{"templates": [{"name", "language", "category", "components": [{"type":
///   "BODY", "text": "Hi {{1}}"}]}]}`: replaces the WhatsApp templates. `DELETE /_sandbox/meta` forgets all Meta state.
/// - `PUT /_sandbox/x/state` — `{"tokens": ["…"], "followers": ["<user id>"], "open_dms": [...], "conversations": [...],
///   "echoes": true}`: replaces what is given. `PUT /_sandbox/x/rate_limits` — `{"endpoint": "tweets" | "likes" |
///   "retweets" | "direct_messages" | "users", "remaining": 0, "limit": 100, "reset_in": 60}`.
/// - `PUT /_sandbox/x/oauth` — `{"clients": [{"id": "…", "secret": "…"}], "refresh_tokens": ["…"], "expires_in": 7200}`:
///   plays X's OAuth 2.0 token endpoint (`POST /2/oauth2/token`, single-use refresh tokens, Basic authentication
///   for clients with a secret); from then on the `/2/` API takes only the unexpired access tokens it issued.
/// - `POST /_sandbox/x/crc` — `{"app": "care"}`: sends a CRC check to `/webhooks/x[/app]` and answers
///   `{"status", "valid", "response_token"}`. `POST /_sandbox/x/deletions` — `{"tweet_id", "user_id"}`: the
///   customer deletes a tweet (`tweet_delete_events` to Parley). `DELETE /_sandbox/x` forgets all X state.
/// - `POST|PUT|GET /_sandbox/x/stream`: X's filtered stream and its rules API (`SandboxServer+XStream.swift`).
/// - `GET /_sandbox/media/{id}` (with the token) and `GET /_sandbox/cdn/{id}/{name}`: media bytes.
/// - `POST /_sandbox/traffic` — `{"source": "meta", "count": 10, "rate": 5, "seed": 7, "app": "main"}` or
///   `{"scenario": "comment_thread", "count": 2}`: generate and deliver signed webhooks (`rate` per second;
///   `app` posts to `/webhooks/meta/{app}`). Answers `{"delivered", "statuses", "kinds"}`.
///
/// Sources: `meta` (Messenger text), `messenger` (text, image/file/sticker without text, postback, quick reply),
/// `facebook` (a customer's post on the page, comments on the page's post, replies, `edited`, `remove`, the
/// page's own comment), `instagram` (DMs), `instagram_comments`, `whatsapp` (text, image with caption,
/// location, interactive reply), `x` (a DM), `x_mention` (some long, with `extended_tweet`), `x_follow`, `x_keyword` (a tweet about
/// the brand published on the filtered stream), `line` (text
/// with emoji, sticker, image, location, follow, postback, and now and then the redelivery of an earlier event), `open`.
/// Scenarios, each on one new thread per `count`:
/// - `comment_thread`: the page posts → a customer comments → another replies → the first edits their
///   comment (`verb: edited`) → the reply is removed (`verb: remove`).
/// - `customer_post`: a customer posts on the page → another customer comments → the page answers that comment.
/// - `messenger_conversation`: text → image → quick reply → "Talk to an agent" postback, one customer.
/// - `instagram_conversation`: a comment on the account's media → a reply from someone else → a DM from the
///   first commenter.
/// - `whatsapp_conversation`: text → image with caption → location → interactive button reply.
/// - `x_conversation`: a customer mentions the X account → follows it → sends a DM.
/// - `line_conversation`: follow → text → sticker → image → the text redelivered (`isRedelivery`, same
///   `webhookEventId`) → postback, one LINE user.
public struct SandboxServer: Sendable {
    public let state: SandboxState
    public let secrets: [WebhookSource: String]
    public let parleyURL: String?
    public let accounts: Accounts
    /// The open channel's reference integrator (`POST /open/{integration}`, `/_sandbox/open/*`).
    public let open: OpenReferenceClient

    /// The company accounts the generated traffic is addressed to.
    public struct Accounts: Sendable {
        public var facebookPage = "103149398319188"
        public var pageName = "Acme Support"
        public var instagramAccount = "17841405309211844"
        public var instagramUsername = "acme.support"
        public var whatsappBusinessAccount = "102290129340398"
        public var whatsappNumber = "106540352242922"
        public var whatsappDisplayNumber = "15550783881"
        /// The Meta app: echoes carry its id, and `GET /{app-id}/subscriptions` answers for it.
        public var metaApp = "1517776481860111"
        public var xAccount = "2244994945"
        public var lineBot = "U0123456789abcdef0123456789abcdef"
        /// The LINE channel whose endpoint, `/webhooks/line/{id}`, LINE traffic goes to; nil: `/webhooks/line`.
        public var lineChannel: String?
        public var openIntegration = "open-demo"

        public init() {}
    }

    public init(state: SandboxState = SandboxState(), secrets: [WebhookSource: String], parleyURL: String?, accounts: Accounts = Accounts()) {
        self.state = state
        self.secrets = secrets
        self.parleyURL = parleyURL
        self.accounts = accounts
        self.open = OpenReferenceClient(secret: secrets[.open] ?? "", parleyURL: parleyURL)
    }

    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let state = self.state
        router.get("_sandbox/calls") { _, _ -> Response in
            try jsonResponse(await state.recordedCalls())
        }
        router.delete("_sandbox/calls") { _, _ -> HTTPResponse.Status in
            await state.reset()
            return .noContent
        }
        router.put("_sandbox/failure") { request, context -> HTTPResponse.Status in
            let command = try await request.decode(as: FailureCommand.self, context: context)
            await state.setFailure(try command.failureMode(), count: command.count)
            return .noContent
        }
        router.post("_sandbox/traffic") { request, context -> Response in
            let command = try await request.decode(as: TrafficCommand.self, context: context)
            return try jsonResponse(try await self.sendTraffic(command, sandboxURL: Self.ownURL(request)))
        }
        addMetaControls(to: router)
        addOpenRoutes(to: router)
        addXControls(to: router)
        addXStream(to: router)
        addLineControls(to: router)
        router.on("**", method: .post) { request, context in try await self.platformCall(request, context: context) }
        router.on("**", method: .get) { request, context in try await self.platformCall(request, context: context) }
        router.on("**", method: .delete) { request, context in try await self.platformCall(request, context: context) }
        return router
    }

    public func makeApplication(host: String, port: Int) -> some ApplicationProtocol {
        Application(router: makeRouter(), configuration: .init(address: .hostname(host, port: port), serverName: "parley-sandbox"))
    }

    /// How callers reach the sandbox, for the URLs it hands out (paging links, media, CDN).
    static func ownURL(_ request: Request) -> String {
        "http://" + (request.head.authority ?? "127.0.0.1")
    }

    private func platformCall(_ request: Request, context: BasicRequestContext) async throws -> Response {
        if let id = Self.lineContentID(request.method, request.uri.path) { return try await lineContent(request, id: id) }
        if request.method == .get, request.uri.path == Self.streamPath { return await xStream(request) }
        let body = try await request.body.collect(upTo: 4 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let sandboxURL = Self.ownURL(request)
        let answer = await state.answer(.init(method: request.method.rawValue, path: request.uri.path, query: request.uri.query,
                                              headers: headers, body: String(buffer: body), sandboxURL: sandboxURL,
                                              accounts: accounts, parleyURL: parleyURL, rawBody: Data(body.readableBytesView)))
        var responseHeaders: HTTPFields = [.contentType: "application/json"]
        for (name, value) in answer.headers {
            if let field = HTTPFields.Element.Name(name) { responseHeaders[field] = value }
        }
        switch answer.mode {
        case .timeout(let seconds):
            try await Task.sleep(for: .seconds(seconds))
        case .rateLimited(let reset):
            responseHeaders[.retryAfter] = String(reset)
            responseHeaders[.init("x-rate-limit-reset")!] = String(Int(Date().timeIntervalSince1970) + reset)
        default:
            break
        }
        if !answer.xActivities.isEmpty, let target = await parleyTarget() {
            // X echoes the account's own tweets and DMs through Account Activity after answering; so does the sandbox.
            let activities = answer.xActivities
            Task { await self.deliver(activities, to: target) }
        }
        if !answer.followUps.isEmpty, parleyURL != nil {
            // Meta sends echoes and statuses after it has answered the call; so does the sandbox.
            let followUps = answer.followUps
            Task { await self.deliver(followUps, sandboxURL: sandboxURL) }
        }
        return Response(status: .init(code: answer.status), headers: responseHeaders,
                        body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }

    struct FailureCommand: Decodable {
        var mode: String
        var count: Int?
        var status: Int?
        var reset_after: Int?
        var seconds: Double?
        var body: String?
        var code: Int?

        func failureMode() throws -> SandboxState.FailureMode {
            switch mode {
            case "none": return .none
            case "server_error": return .serverError(status: status ?? 503)
            case "rate_limit":
                guard let code else { return .rateLimited(resetAfterSeconds: reset_after ?? 60) }
                guard GraphError.rateLimit(code: code) != nil else {
                    throw HTTPError(.badRequest, message: "unknown rate-limit code \(code); use 4, 17, 32, 613, 80007, 130429 or 131056")
                }
                return .graphRateLimit(code: code)
            case "timeout": return .timeout(seconds: seconds ?? 30)
            case "permanent":
                return .permanent(status: status ?? 400,
                                  body: body ?? #"{"error":{"message":"(#100) No matching user found","code":100,"error_subcode":2018001}}"#)
            default: throw HTTPError(.badRequest, message: "unknown failure mode '\(mode)'")
            }
        }
    }
}

func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return Response(status: status, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
}
