import Connectors
import Domain
import Foundation
import Hummingbird
import NIOCore
import Realtime
import ServiceLifecycle
import Storage

/// The web-messaging channel's visitor side, under `/messenger`: the embeddable script and demo page, and the
/// visitor API (`/messenger/v1/{channel}/…`). A visitor's message enters the inbox like a platform delivery:
/// it is acknowledged (202) only once committed, and a retry with the same `Idempotency-Key` is stored once.
/// Agents' replies reach the visitor live over server-sent events, positioned by the event log.
struct MessengerRoutes: Sendable {
    let store: any ParleyStore
    let writer: GroupCommitWriter
    let feed: EventFeed
    let tokens: VisitorTokens
    let uploads: UploadStore
    let clock: any WallClock
    let limits: MessengerLimits

    func register(on router: Router<ParleyRequestContext>, document: APIDocument) {
        router.get("messenger/parley-messenger.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/javascript; charset=utf-8", .cacheControl: "public, max-age=300"],
                     body: .init(byteBuffer: ByteBuffer(string: MessengerAssets.script)))
        }
        router.get("messenger/demo") { request, _ in try await demoPage(request) }
        router.get("messenger/uploads/:name") { _, context in try upload(context) }

        let visitorAPI = router.group("messenger/v1/:channel", context: VisitorContext.self).add(middleware: VisitorCORS(store: store))
        for path in ["visitors", "messages", "uploads", "events"] {
            visitorAPI.on(RouterPath(stringLiteral: path), method: .options) { _, _ in Response(status: .noContent) }
        }
        visitorAPI.post("visitors") { request, context in try await newVisitor(request, context) }
        visitorAPI.get("messages") { request, context in try await history(request, context) }
        visitorAPI.post("messages") { request, context in try await send(request, context) }
        visitorAPI.post("uploads") { request, context in try await receiveUpload(request, context) }
        visitorAPI.get("events") { request, context in try await events(request, context) }
        for operation in MessengerDocumentation.operations { document.add(operation) }
        document.register(MessengerDocumentation.schemas)
    }

    // MARK: Visitors

    private func newVisitor(_ request: Request, _ context: VisitorContext) async throws -> Response {
        if let wait = limits.newVisitors.admit(context.clientAddress) { throw AppError.tooManyRequests(retryAfter: wait) }
        let input = try await request.decode(as: NewVisitorRequest.self, context: context)
        guard (input.name?.count ?? 0) <= MessengerLimits.maxNameLength else {
            throw AppError.badRequest("A visitor name may have at most \(MessengerLimits.maxNameLength) characters.")
        }
        let name = input.name?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let visitor = TokenSecret.make().replacingOccurrences(of: "-", with: "").lowercased().prefix(26)
        let token = try tokens.issue(.init(visitor: String(visitor), channel: try context.channel.accountID,
                                           issuedAt: Int(clock.now().timeIntervalSince1970), name: name))
        return try APIJSON.response(NewVisitorResponse(visitorId: String(visitor), token: token), status: .created)
    }

    private func visitor(_ request: Request, _ context: VisitorContext, allowQuery: Bool = false) throws -> VisitorTokens.Claims {
        let sent = request.headers[.init("X-Visitor-Token")!]
            ?? (allowQuery ? request.uri.queryParameters["token"].map(String.init) : nil)
        guard let sent else { throw AppError.unauthorized("Send the visitor token from POST /messenger/v1/{channel}/visitors in X-Visitor-Token.") }
        guard let claims = tokens.verify(sent, channel: try context.channel.accountID) else {
            throw AppError.unauthorized("This visitor token is not valid for this channel; start a new visitor.")
        }
        return claims
    }

    private func thread(_ claims: VisitorTokens.Claims, _ channel: Domain.Channel) -> ThreadKey {
        .conversation(customer: Identity.Key(platform: .web, scope: channel.accountID, id: claims.visitor))
    }

    // MARK: Messages

    private func history(_ request: Request, _ context: VisitorContext) async throws -> Response {
        let claims = try visitor(request, context)
        let after = request.uri.queryParameters["after"].map { Message.ID(String($0)) }
        let threadKey = thread(claims, try context.channel)
        if let after {
            let of = try await store.message(after).map(\.interactionID)
            guard let of, let interaction = try await store.interaction(of), interaction.channelID == (try context.channel.id),
                interaction.threadKey == threadKey
            else { throw AppError.badRequest("'after' must be the `nextAfter` of the previous page: a message of this conversation.", code: "invalid_cursor") }
        }
        let page = try await store.threadMessages(channel: try context.channel.key, threadKey: threadKey, after: after, limit: 50)
        var names = AgentNames(store: store)
        var messages: [VisitorMessage] = []
        for message in page { messages.append(await VisitorMessage(message, names: &names)) }
        return try APIJSON.response(VisitorHistory(messages: messages, nextAfter: page.count == 50 ? page.last?.id.rawValue : nil), status: .ok)
    }

    private func send(_ request: Request, _ context: VisitorContext) async throws -> Response {
        let claims = try visitor(request, context)
        guard let key = request.headers[.init("Idempotency-Key")!], (1...100).contains(key.count),
            key.unicodeScalars.allSatisfy({ $0.isASCII && !CharacterSet.controlCharacters.contains($0) })
        else { throw AppError.badRequest("Send an Idempotency-Key header (1 to 100 printable ASCII characters), the same on every retry.") }
        if let wait = limits.messages.admit(claims.visitor) { throw AppError.tooManyRequests(retryAfter: wait) }
        let input = try await request.decode(as: VisitorSendRequest.self, context: context)
        // NUL is dropped wherever text is stored; dropped first, text made only of it is the empty message it is.
        let text = (input.text ?? "").withoutNUL
        guard text.count <= MessengerLimits.maxTextLength else {
            throw AppError.badRequest("A message may have at most \(MessengerLimits.maxTextLength) characters.")
        }
        let attachments = try (input.attachments ?? []).map(attachment)
        guard attachments.count <= MessengerLimits.maxAttachments else {
            throw AppError.badRequest("A message may carry at most \(MessengerLimits.maxAttachments) images.")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || !attachments.isEmpty else {
            throw AppError.badRequest("A message needs text or an image.")
        }
        let message = WebMessengerDelivery(channel: try context.channel.accountID, visitorID: claims.visitor, visitorName: claims.name,
                                           clientID: key, text: text, attachments: attachments, sentAt: clock.now())
        let delivery = DeliverySplitter.delivery(try message.encoded(), from: .web, receivedAt: clock.now())
        do {
            _ = try await writer.submit(delivery)
        } catch {
            throw AppError.unavailable("Parley cannot store messages right now; send again shortly (same Idempotency-Key).")
        }
        return try APIJSON.response(VisitorSendResponse(clientId: key, status: "stored"), status: .accepted)
    }

    /// An attachment must be an image this Parley stored (from POST …/uploads): nothing else is linked to agents.
    private func attachment(_ input: VisitorAttachment) throws -> Attachment {
        let prefix = "/messenger/uploads/"
        guard input.url.hasPrefix(prefix), let (_, type) = uploads.load(String(input.url.dropFirst(prefix.count))) else {
            throw AppError.badRequest("Attach images uploaded with POST /messenger/v1/{channel}/uploads (their url starts with \(prefix)).")
        }
        return Attachment(kind: .image, url: input.url, mimeType: type, filename: input.filename.map { String($0.prefix(200)) })
    }

    // MARK: Uploads

    private func receiveUpload(_ request: Request, _ context: VisitorContext) async throws -> Response {
        let claims = try visitor(request, context)
        if let wait = limits.uploads.admit(claims.visitor) { throw AppError.tooManyRequests(retryAfter: wait) }
        return try APIJSON.response(try await uploads.receive(request), status: .created)
    }

    private func upload(_ context: ParleyRequestContext) throws -> Response {
        guard let name = context.parameters.get("name"), let (data, type) = uploads.load(name) else {
            throw AppError.notFound("No such upload.")
        }
        return Response(status: .ok, headers: [
            .contentType: type, .cacheControl: "public, max-age=31536000, immutable",
            .init("X-Content-Type-Options")!: "nosniff", .contentSecurityPolicy: "default-src 'none'",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: Live events

    /// Server-sent events: each agent reply (and each of the visitor's own messages once stored) as
    /// `event: message`, `id: <event position>`. `Last-Event-ID` (sent by EventSource on reconnect) or `?after=`
    /// replays what was missed; `event: resync` means "reload the history".
    private func events(_ request: Request, _ context: VisitorContext) async throws -> Response {
        let claims = try visitor(request, context, allowQuery: true)
        let resume = request.headers[.init("Last-Event-ID")!] ?? request.uri.queryParameters["after"].map(String.init)
        let after = try resume.map { text -> Int64 in
            guard let value = Int64(text), value >= 0 else { throw AppError.badRequest("Last-Event-ID / after must be an event position (0 or more).") }
            return value
        }
        let audience = StreamAudience.visitor(channel: try context.channel.id, threadKey: thread(claims, try context.channel).description)
        let frames = feed.subscribe(audience, after: after)
        let store = self.store
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        let forward = Task {
            var names = AgentNames(store: store)
            continuation.yield("retry: 3000\n\n")
            do {
                for try await frame in frames {
                    switch frame {
                    case .event(let logged):
                        if let line = try await Self.sse(logged, store: store, names: &names) { continuation.yield(line) }
                    case .resync(let position, _):
                        continuation.yield("event: resync\nid: \(position)\ndata: {}\n\n")
                    case .caughtUp:
                        continue
                    }
                }
            } catch {}
            continuation.finish()
        }
        let heartbeat = Task {
            while !Task.isCancelled {
                // Also how a departed visitor is noticed: the write after the one the closed socket swallowed fails.
                try? await Task.sleep(for: .seconds(10))
                continuation.yield(": keep-alive\n\n")
            }
        }
        continuation.onTermination = { _ in
            forward.cancel()
            heartbeat.cancel()
        }
        return Response(status: .ok, headers: [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store", .init("X-Accel-Buffering")!: "no",
        ], body: ResponseBody { writer in
            // A graceful stop ends the stream; EventSource reconnects (with Last-Event-ID) to a node that is up.
            try await withGracefulShutdownHandler {
                for await line in lines { try await writer.write(ByteBuffer(string: line)) }
            } onGracefulShutdown: {
                continuation.finish()
            }
            try await writer.finish(nil)
        })
    }

    private static func sse(_ logged: LoggedEvent, store: any ParleyStore, names: inout AgentNames) async throws -> String? {
        let messageID: Message.ID
        switch logged.event {
        case .messageReceived(let body), .messageSent(let body): messageID = body.messageID
        default: return nil
        }
        guard let message = try await store.message(messageID) else { return nil }
        let data = try APIJSON.encoder.encode(await VisitorMessage(message, names: &names))
        return "event: message\nid: \(logged.position)\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
    }

    // MARK: Demo page

    private func demoPage(_ request: Request) async throws -> Response {
        let web = try await store.channels().filter { $0.kind == .webMessaging && $0.enabled }
        let wanted = request.uri.queryParameters["channel"].map(String.init)
        guard let channel = wanted.map({ name in web.first { $0.accountID == name } }) ?? web.first else {
            throw AppError.notFound("No web-messaging channel is configured\(wanted.map { " named '\($0)'" } ?? "").")
        }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: MessengerAssets.demoPage(channel: channel.accountID, channelName: channel.name))))
    }
}

/// Per-node visitor limits.
struct MessengerLimits: Sendable {
    static let maxTextLength = 5000
    static let maxAttachments = 4
    static let maxNameLength = 80

    let newVisitors: RateLimiter
    let messages: RateLimiter
    let uploads: RateLimiter

    init(clock: any WallClock, messagesPerMinute: Int = 30) {
        newVisitors = RateLimiter(limit: 20, window: 60, clock: clock)
        messages = RateLimiter(limit: messagesPerMinute, window: 60, clock: clock)
        uploads = RateLimiter(limit: 10, window: 600, clock: clock)
    }
}

/// Agents' display names, looked up once per response.
struct AgentNames {
    let store: any ParleyStore
    private var known: [User.ID: String] = [:]

    init(store: any ParleyStore) { self.store = store }

    mutating func name(_ id: User.ID) async -> String? {
        if let name = known[id] { return name }
        let name = try? await store.user(id: id)?.user.displayName
        known[id] = name
        return name
    }
}

extension AppError {
    static func tooManyRequests(retryAfter: Int) -> AppError {
        AppError(.tooManyRequests, code: "rate_limited", message: "Too many requests; try again in \(retryAfter) s.",
                 headers: [.retryAfter: "\(retryAfter)"])
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
