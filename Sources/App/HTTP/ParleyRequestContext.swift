import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of every Parley route: the request id, the peer address, and the upload limit.
public struct ParleyRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Where a WebSocket upgrade leaves its handler (`/api/v1/stream`).
    public let webSocket = WebSocketHandlerReference<ParleyRequestContext>()
    /// The TCP peer; the client address is derived from it and the trusted-proxy list.
    public let peerAddress: SocketAddress?

    /// Set by `AuthenticationMiddleware` when the request carries a valid session cookie or API token.
    public var principal: Principal?
    /// The client's address (trusted-proxy aware), set by `AuthenticationMiddleware`.
    public var clientAddress: String = "unknown"

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress
    }

    public var requestDecoder: JSONDecoder { APIJSON.decoder }
    public var responseEncoder: JSONEncoder { APIJSON.encoder }

    /// Platform bodies can be large (Meta and WhatsApp batch up to ~3 MB); anything above this is refused with
    /// 413 while streaming, before it is buffered whole.
    public var maxUploadSize: Int { 5 * 1024 * 1024 }

    public var requestID: String { id }
}
