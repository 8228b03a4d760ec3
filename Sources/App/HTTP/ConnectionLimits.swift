import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// What a server connection may hold: how many there may be at once, how long one may take to send its first
/// request, and how long one may sit with nothing going either way.
struct ConnectionLimits: Sendable {
    /// A client that connects and sends nothing, sends its first request's head a byte at a time, or sends a first
    /// request the HTTP parser refuses (which the WebSocket-upgradable pipeline neither answers nor closes).
    var firstRequest: Duration = .seconds(30)
    /// No byte either way (a keep-alive connection between requests; the live stream pings every 30 s and the
    /// visitors' event stream every 10 s, so neither is idle this long).
    var idle: Duration = .seconds(75)
    /// Connections at once; beyond it a new connection is closed as soon as it is accepted. Open files are the
    /// limit: once they run out, the process cannot open its database or make a thread, and fails.
    var maxConnections: Int = ConnectionLimits.fromOpenFileLimit()

    /// Files the process keeps for itself: the databases and their journals, outbound connections, logs.
    static let reservedFiles = 256

    /// Raises the soft limit on open files to the hard one (systemd's default soft limit is 1,024), then leaves
    /// `reservedFiles` of it for the process.
    static func fromOpenFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let files = Int(min(limit.rlim_cur, 1 << 20))  // unlimited (RLIM_INFINITY) is the largest value
        return max(16, files - reservedFiles)
    }
}

/// Counts the server's open connections against `ConnectionLimits.maxConnections`.
final class ConnectionCount: Sendable {
    private let open = Atomic<Int>(0)
    private let lastWarning = Mutex<ContinuousClock.Instant?>(nil)
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Takes a place for a new connection, or says there is none.
    func admit() -> Bool {
        let now = open.wrappingAdd(1, ordering: .relaxed).newValue
        if now <= limit { return true }
        open.wrappingSubtract(1, ordering: .relaxed)
        return false
    }

    func release() { open.wrappingSubtract(1, ordering: .relaxed) }

    /// Once every 10 s at most, so a flood does not become a flood of log lines.
    func warnFull(_ logger: Logger) {
        let now = ContinuousClock.now
        let due = lastWarning.withLock { last in
            if let last, now - last < .seconds(10) { return false }
            last = now
            return true
        }
        if due { logger.warning("connection limit reached: new connections are closed until some end", metadata: ["limit": "\(limit)"]) }
    }
}

/// Closes a connection that holds a file and does nothing (see `ConnectionLimits`). It sits first in the
/// pipeline, so it sees raw bytes both ways; whether the first request has arrived whole it reads off the
/// pipeline: Hummingbird installs its connection state handler then, or a WebSocket upgrade removes the decoder.
final class IdleConnectionCloser: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Any

    private let limits: ConnectionLimits
    private var opened = NIODeadline.now()
    private var lastActivity = NIODeadline.now()
    private var check: RepeatedTask?

    init(limits: ConnectionLimits) { self.limits = limits }

    func handlerAdded(context: ChannelHandlerContext) {
        opened = .now()
        lastActivity = opened
        let every = TimeAmount(min(limits.firstRequest, limits.idle) / 4)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        check = context.eventLoop.scheduleRepeatedTask(initialDelay: every, delay: every) { _ in
            bound.value.0.inspect(bound.value.1)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) { check?.cancel() }

    func channelInactive(context: ChannelHandlerContext) {
        check?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActivity = .now()
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        lastActivity = .now()
        context.write(data, promise: promise)
    }

    private func inspect(_ context: ChannelHandlerContext) {
        let now = NIODeadline.now()
        let negotiating = Self.negotiating(context)
        guard (negotiating && now - opened > TimeAmount(limits.firstRequest)) || now - lastActivity > TimeAmount(limits.idle) else { return }
        check?.cancel()
        // Told as the end of the client's input, the upgrade handler gives up waiting for a first request quietly
        // (a plain close makes it log an error).
        if negotiating { context.fireUserInboundEventTriggered(ChannelEvent.inputClosed) }
        context.close(promise: nil)
    }

    /// The first request has not arrived whole: the HTTP decoder is there and the state handler is not yet.
    private static func negotiating(_ context: ChannelHandlerContext) -> Bool {
        let pipeline = context.pipeline.syncOperations
        let decoding = (try? pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)) != nil
        return decoding && !pipeline.servesHTTPRequests
    }
}
