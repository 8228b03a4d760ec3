import Domain
import Foundation
import Hummingbird
import NIOCore
import Storage

/// The context of visitor API routes: the web channel named in the path, set by `VisitorCORS` before the
/// handler runs.
struct VisitorContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let clientAddress: String
    var resolvedChannel: Domain.Channel?

    init(context: ParleyRequestContext) {
        self.coreContext = context.coreContext
        self.clientAddress = context.clientAddress
    }

    var channel: Domain.Channel {
        get throws {
            guard let resolvedChannel else { throw AppError.notFound("No such web-messaging channel.") }
            return resolvedChannel
        }
    }

    var maxUploadSize: Int { UploadStore.maxBytes }
    var requestDecoder: JSONDecoder { APIJSON.decoder }
    var responseEncoder: JSONEncoder { APIJSON.encoder }
}

/// Resolves the web channel of `/messenger/v1/{channel}/…` and applies its embedding rule: a request from a
/// page's origin is allowed when the origin is Parley's own or one of the channel's `allowed_origins`, and its
/// responses (errors included) carry the CORS headers that let that page read them. Preflights are answered here.
struct VisitorCORS: RouterMiddleware {
    typealias Context = VisitorContext
    let store: any ParleyStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let name = context.parameters.get("channel") ?? ""
        guard let channel = try await store.channels().first(where: { $0.kind == .webMessaging && $0.accountID == name && $0.enabled }) else {
            throw AppError.notFound("No web-messaging channel '\(name)'.")
        }
        var context = context
        context.resolvedChannel = channel
        var headers: HTTPFields = [.vary: "Origin"]
        if let origin = request.headers[.origin] {
            guard Self.allowed(origin, channel: channel, host: request.head.authority) else {
                throw AppError(.forbidden, code: "origin_not_allowed",
                               message: "Pages on \(origin) may not use this messenger; add the origin to the channel's allowed_origins.")
            }
            headers[.accessControlAllowOrigin] = origin
            headers[.accessControlExposeHeaders] = "Retry-After"
            if request.method == .options {
                headers[.accessControlAllowMethods] = "GET, POST, OPTIONS"
                headers[.accessControlAllowHeaders] = "Content-Type, X-Visitor-Token, Idempotency-Key, Last-Event-ID"
                headers[.accessControlMaxAge] = "600"
            }
        }
        do {
            var response = try await next(request, context)
            for field in headers { response.headers[field.name] = field.value }
            return response
        } catch {
            var failure = AppError.from(error)
            for field in headers { failure.headers[field.name] = field.value }
            throw failure
        }
    }

    static func allowed(_ origin: String, channel: Domain.Channel, host: String?) -> Bool {
        if channel.allowedOrigins.contains(origin) { return true }
        guard let host, let url = URL(string: origin), let originHost = url.host else { return false }
        return originHost + (url.port.map { ":\($0)" } ?? "") == host
    }
}
