import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A closed-loop HTTP/1.1 load generator on SwiftNIO: `connections` keep-alive connections, each sending
/// its next request as soon as the previous answer arrives, for `duration`. Runs on one event-loop thread
/// so the server keeps the other core.
struct LoadGenerator {
    /// A request ready to write: built before the clock starts, so the client spends its time sending.
    struct Request: Sendable {
        var head: HTTPRequestHead
        var body: ByteBuffer?

        init(method: HTTPMethod, path: String, headers: [(String, String)], body: [UInt8]) {
            head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
            head.headers.add(name: "Host", value: "127.0.0.1")
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            if !body.isEmpty || method == .POST { head.headers.add(name: "Content-Length", value: String(body.count)) }
            self.body = body.isEmpty ? nil : ByteBuffer(bytes: body)
        }
    }

    struct Result {
        var succeeded = 0
        var failed = 0
        var statuses: [UInt: Int] = [:]
        var latencies: [UInt64] = []
        var seconds: Double = 0

        var rate: Double { seconds > 0 ? Double(succeeded) / seconds : 0 }

        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)
            return Double(sorted[max(0, index)]) / 1_000_000
        }
    }

    var host: String
    var port: Int
    var connections: Int
    var duration: Duration
    /// Makes the n-th request of connection c.
    var makeRequest: @Sendable (_ connection: Int, _ n: Int) -> Request

    func run() async throws -> Result {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let deadline = NIODeadline.now() + .nanoseconds(Int64(duration.components.seconds) * 1_000_000_000
            + duration.components.attoseconds / 1_000_000_000)
        let started = NIODeadline.now()
        var handlers: [LoadHandler] = []
        var channels: [any Channel] = []
        for index in 0..<connections {
            let handler = LoadHandler(connection: index, host: host, deadline: deadline, makeRequest: makeRequest)
            let channel = try await ClientBootstrap(group: group)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: host, port: port).get()
            handlers.append(handler)
            channels.append(channel)
        }
        for channel in channels { try? await channel.closeFuture.get() }
        try? await group.shutdownGracefully()
        var result = Result()
        result.seconds = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        for handler in handlers {
            result.succeeded += handler.succeeded
            result.failed += handler.failed
            result.latencies += handler.latencies
            for (status, count) in handler.statuses { result.statuses[status, default: 0] += count }
        }
        return result
    }
}

/// One connection's loop. All state lives on the channel's event loop.
private final class LoadHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let connection: Int
    let host: String
    let deadline: NIODeadline
    let makeRequest: @Sendable (Int, Int) -> LoadGenerator.Request
    var sent = 0
    var sentAt = NIODeadline.now()
    var status: UInt = 0
    var succeeded = 0
    var failed = 0
    var statuses: [UInt: Int] = [:]
    var latencies: [UInt64] = []

    init(connection: Int, host: String, deadline: NIODeadline, makeRequest: @escaping @Sendable (Int, Int) -> LoadGenerator.Request) {
        self.connection = connection
        self.host = host
        self.deadline = deadline
        self.makeRequest = makeRequest
        latencies.reserveCapacity(1 << 16)
    }

    func channelActive(context: ChannelHandlerContext) {
        sendNext(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status.code
        case .body:
            break
        case .end:
            let now = NIODeadline.now()
            latencies.append(UInt64((now - sentAt).nanoseconds))
            statuses[status, default: 0] += 1
            if (200..<300).contains(status) { succeeded += 1 } else { failed += 1 }
            if now < deadline {
                sendNext(context: context)
            } else {
                context.close(promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failed += 1
        context.close(promise: nil)
    }

    private func sendNext(context: ChannelHandlerContext) {
        let request = makeRequest(connection, sent)
        sent += 1
        sentAt = NIODeadline.now()
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if let body = request.body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
