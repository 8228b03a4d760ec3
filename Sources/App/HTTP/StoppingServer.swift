import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore

extension HTTPServerBuilder {
    /// HTTP/1 with WebSocket upgrades (Hummingbird's), plus, on every connection, `StopBeforeFirstRequest` (a
    /// graceful stop is not held up by connections that have not sent a request) and the `ConnectionLimits`.
    static func parley(webSocketRouter: Router<ParleyRequestContext>, configuration: WebSocketServerConfiguration,
                       limits: ConnectionLimits = ConnectionLimits()) -> HTTPServerBuilder {
        let webSocketResponder = webSocketRouter.buildResponder()
        let count = ConnectionCount(limit: limits.maxConnections)
        return HTTPServerBuilder { responder in
            StopAwareChildChannel(base: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: webSocketResponder,
                                                                     configuration: configuration),
                                  limits: limits, count: count)
        }
    }
}

/// Connection refused for want of room (see `ConnectionLimits.maxConnections`).
struct ConnectionLimitReached: Error {}

/// A server connection set up as `base` sets it up, with `StopBeforeFirstRequest` and `IdleConnectionCloser` in
/// front; beyond the connection limit, closed as soon as it is accepted.
struct StopAwareChildChannel<Base: ServerChildChannel>: ServerChildChannel {
    let base: Base
    var limits = ConnectionLimits()
    var count = ConnectionCount(limit: .max)

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Base.Value> {
        guard count.admit() else {
            count.warnFull(logger)
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ConnectionLimitReached())
        }
        channel.closeFuture.whenComplete { [count] _ in count.release() }
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(StopBeforeFirstRequest(), position: .first)
            try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser(limits: limits), position: .first)
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Base.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// Passes a graceful stop on to a connection that has not yet installed what handles it.
///
/// At a graceful stop the server tells every connection to quiesce, and Hummingbird's `HTTPConnectionStateHandler`
/// answers: an idle connection is closed, a busy one after its response. On a connection that may be upgraded to a
/// WebSocket, that handler is only installed when the first request arrives, so a connection opened and not yet used
/// (a browser's preconnect, a load balancer's TCP check, a webhook sender's pooled connection opened as the stop began)
/// missed the stop, and the server waited until its client closed it: minutes, or for ever. Here such a connection is
/// closed at once (no request had started, so nothing is cut); one whose first request is still arriving gets the stop
/// as soon as its handler is there, and so is closed after its response.
final class StopBeforeFirstRequest: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private var requestStarted = false
    private var stopPending = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        requestStarted = true
        context.fireChannelRead(data)
        if stopPending, context.pipeline.syncOperations.servesHTTPRequests {
            stopPending = false
            context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else { return context.fireUserInboundEventTriggered(event) }
        guard requestStarted else {
            // Told as the end of the client's input, the upgrade handler gives up waiting for a first request
            // quietly (a plain close would make it log an error), and closes the connection.
            context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            return context.close(promise: nil)
        }
        // Not yet installed: the first request is still arriving (or the connection became a WebSocket, whose
        // handler stops on the service group's signal and never installs one).
        if !context.pipeline.syncOperations.servesHTTPRequests { stopPending = true }
        context.fireUserInboundEventTriggered(event)
    }
}

extension ChannelPipeline.SynchronousOperations {
    /// Hummingbird's connection state handler is installed: the first request has arrived whole, not as a
    /// WebSocket upgrade (the upgradable pipeline installs it only then).
    var servesHTTPRequests: Bool { (try? handler(type: HTTPConnectionStateHandler.self)) != nil }
}
