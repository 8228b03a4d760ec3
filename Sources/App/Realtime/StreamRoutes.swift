import Domain
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Realtime
import ServiceLifecycle
import Storage

/// `GET /api/v1/stream`: the live event stream over WebSocket. Each frame is one JSON object:
/// `{"kind": "event", "position": 42, "type": "interaction.offered", "recordedAt": "…", "data": {…}}`, or
/// `{"kind": "resync", "position": …, "reason": "…"}`, or `{"kind": "caught_up", "position": …}`. A client that
/// reconnects passes the last position it saw as `?after=`; without it the stream starts at the newest event.
/// A refused stream is closed at once with 4401 (not signed in), 4403 (origin not allowed) or 4400 (bad `after`).
struct StreamRoutes: Sendable {
    let feed: EventFeed
    let presence: PresenceTracker
    /// To notice an account switched off while its stream is open (the stream then ends).
    let users: any AccountStore
    var accountCheckInterval: Duration = .seconds(10)
    /// Origins allowed to open a stream with a session cookie (besides the server's own host).
    let allowedOrigins: Set<String>

    /// The WebSocket upgrade, on the router that decides upgrades (authentication already ran). A refused
    /// handshake would reach the client as a bare 400 that a browser cannot read, so refusals upgrade and then
    /// close at once with a code the client can act on: 4401 sign in again, 4403 this page may not, 4400 bad request.
    func register(webSocket router: Router<ParleyRequestContext>) {
        router.ws("api/v1/stream") { _, _ in
            .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            switch admit(context.request, context.requestContext) {
            case .refused(let code, let reason):
                try? await outbound.close(.unknown(code), reason: reason)
            case .admitted(let principal, let after):
                await stream(to: outbound, inbound: inbound, principal: principal, after: after, logger: context.logger)
            }
        }
    }

    /// Plain HTTP on the same path (no Upgrade header) gets 426 in the one error shape.
    func register(on api: APIRouter) {
        api.add(APIOperation(method: "GET", path: "/api/v1/stream",
                             summary: "Live events over WebSocket (Upgrade: websocket); ?after=<position> replays what was missed",
                             roles: .anyone, success: (101, "Switching to WebSocket", nil), extraErrors: [426],
                             query: [("after", .integer(minimum: 0), "The last event position the client saw.")])) { request, _ -> Response in
            if let after = request.uri.queryParameters["after"], Int64(String(after)).map({ $0 >= 0 }) != true {
                throw AppError.badRequest("'after' must be an event position (a whole number, 0 or more).")
            }
            throw AppError(.upgradeRequired, code: "websocket_only", message: "Connect with a WebSocket (Upgrade: websocket).",
                           headers: [.upgrade: "websocket"])
        }
    }

    enum Admission {
        case admitted(Principal, after: Int64?)
        case refused(code: UInt16, reason: String)
    }

    func admit(_ request: Request, _ context: ParleyRequestContext) -> Admission {
        guard let principal = context.principal else {
            return .refused(code: 4401, reason: "Sign in, or send Authorization: Bearer <token>.")
        }
        if case .session = principal.method {
            // A cookie rides along on any page's WebSocket: only Parley's own pages (and configured ones) may use it.
            guard let origin = request.headers[.origin], originAllowed(origin, host: request.head.authority) else {
                return .refused(code: 4403, reason: "This page's origin may not open a stream with your session.")
            }
        }
        guard let text = request.uri.queryParameters["after"] else { return .admitted(principal, after: nil) }
        guard let after = Int64(String(text)), after >= 0 else {
            return .refused(code: 4400, reason: "'after' must be an event position (a whole number, 0 or more).")
        }
        return .admitted(principal, after: after)
    }

    private func originAllowed(_ origin: String, host: String?) -> Bool {
        if allowedOrigins.contains(origin) { return true }
        guard let host, let url = URL(string: origin), let originHost = url.host else { return false }
        let port = url.port.map { ":\($0)" } ?? ""
        return originHost + port == host
    }

    private func stream(to outbound: WebSocketOutboundWriter, inbound: WebSocketInboundStream, principal: Principal, after: Int64?,
                        logger: Logger) async {
        let user = principal.user
        let audience: StreamAudience = user.overseesInteractions ? .supervisor : .agent(user.id)
        let connection = user.has(.agent) ? presence.connected(user.id) : nil
        defer { if let connection { presence.disconnected(user.id, connection) } }
        // A graceful stop ends the stream (the client reconnects to a node that is up) rather than waiting for it.
        try? await cancelWhenGracefulShutdown {
            await relay(to: outbound, inbound: inbound, audience: audience, after: after, user: user.id, logger: logger)
        }
    }

    private func relay(to outbound: WebSocketOutboundWriter, inbound: WebSocketInboundStream, audience: StreamAudience, after: Int64?,
                       user: User.ID, logger: Logger) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Clients only listen; reading keeps control frames flowing and notices when they leave.
                do { for try await _ in inbound {} } catch {}
            }
            group.addTask {
                do {
                    for try await frame in feed.subscribe(audience, after: after) {
                        try await outbound.write(.text(try StreamFrameJSON.encode(frame)))
                    }
                } catch {
                    logger.debug("stream ended", metadata: ["error": "\(error)"])
                }
            }
            group.addTask {
                // An account switched off stops receiving at once, not at its next reconnect.
                while !Task.isCancelled {
                    try? await Task.sleep(for: accountCheckInterval)
                    if Task.isCancelled { return }
                    if let stored = try? await users.user(id: user), !stored.user.active { return }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }
}

/// The JSON text of one stream frame. The event's data is its stored body.
enum StreamFrameJSON {
    private struct Resync: Encodable {
        let kind = "resync"
        var position: Int64
        var reason: String
    }

    static func encode(_ frame: StreamFrame) throws -> String {
        switch frame {
        case .event(let logged):
            let data = String(decoding: try logged.event.encodedBody(), as: UTF8.self)
            let recordedAt = logged.recordedAt.formatted(.iso8601)
            return #"{"kind":"event","position":\#(logged.position),"type":"\#(logged.event.type.rawValue)","recordedAt":"\#(recordedAt)","data":\#(data)}"#
        case .resync(let position, let reason):
            return String(decoding: try APIJSON.encoder.encode(Resync(position: position, reason: reason)), as: UTF8.self)
        case .caughtUp(let position):
            return #"{"kind":"caught_up","position":\#(position)}"#
        }
    }
}

/// The stream's authentication: the API's, except that bad credentials do not refuse the handshake (a browser
/// could not read why); the stream then closes with 4401.
struct StreamAuthentication: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let inner: AuthenticationMiddleware

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await inner.handle(request, context: context, next: next)
        } catch let error as AppError where error.status == .unauthorized || error.status == .forbidden {
            return try await next(request, context)
        }
    }
}
