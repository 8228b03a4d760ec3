import Domain
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Realtime
import Storage

/// `GET /api/v1/stream`: the live event stream over WebSocket. Each frame is one JSON object:
/// `{"kind": "event", "position": 42, "type": "interaction.offered", "recordedAt": "…", "data": {…}}`, or
/// `{"kind": "resync", "position": …, "reason": "…"}`, or `{"kind": "caught_up", "position": …}`. A client that
/// reconnects passes the last position it saw as `?after=`; without it the stream starts at the newest event.
struct StreamRoutes: Sendable {
    let feed: EventFeed
    let presence: PresenceTracker
    /// Origins allowed to open a stream with a session cookie (besides the server's own host).
    let allowedOrigins: Set<String>

    /// The WebSocket upgrade, on the router that decides upgrades (authentication already ran).
    func register(webSocket router: Router<ParleyRequestContext>) {
        router.ws("api/v1/stream") { request, context in
            try shouldUpgrade(request, context)
        } onUpgrade: { inbound, outbound, context in
            guard let principal = context.requestContext.principal else { return }
            let after = Int64(context.request.uri.queryParameters["after"].map(String.init) ?? "")
            await stream(to: outbound, inbound: inbound, principal: principal, after: after, logger: context.logger)
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

    private func shouldUpgrade(_ request: Request, _ context: ParleyRequestContext) throws -> RouterShouldUpgrade {
        guard let principal = context.principal else {
            throw AppError.unauthorized("Sign in (POST /api/v1/auth/login) or send 'Authorization: Bearer <token>'.")
        }
        if case .session = principal.method {
            // A cookie rides along on any page's WebSocket: only Parley's own pages (and configured ones) may use it.
            guard let origin = request.headers[.origin], originAllowed(origin, host: request.head.authority) else {
                throw AppError.forbidden("This page's origin may not open a stream with your session.")
            }
        }
        if let after = request.uri.queryParameters["after"], Int64(String(after)) == nil {
            throw AppError.badRequest("'after' must be an event position (a whole number).")
        }
        return .upgrade([:])
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
        let audience: StreamAudience = user.has(.supervisor) || user.has(.admin) ? .supervisor : .agent(user.id)
        let connection = user.has(.agent) ? presence.connected(user.id) : nil
        defer { if let connection { presence.disconnected(user.id, connection) } }
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
