@testable import App
import HummingbirdCore
import Logging
import NIOCore
import NIOEmbedded
import Testing

/// The graceful stop's path through `StopBeforeFirstRequest` on one connection, without a server: the handler in
/// front, a recorder behind it standing for the rest of the pipeline.
@Suite struct StopBeforeFirstRequestTests {
    /// Counts the stop events and "input closed" events that reach the rest of the pipeline, and keeps the bytes
    /// read (a state handler behind it would expect decoded HTTP parts).
    final class Recorder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        var stops = 0
        var inputClosed = 0

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if event is ChannelShouldQuiesceEvent { stops += 1 }
            if let event = event as? ChannelEvent, event == .inputClosed { inputClosed += 1 }
            context.fireUserInboundEventTriggered(event)
        }
    }

    func connection() throws -> (EmbeddedChannel, Recorder) {
        let recorder = Recorder()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(StopBeforeFirstRequest())
        try channel.pipeline.syncOperations.addHandler(recorder)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        return (channel, recorder)
    }

    @Test func aConnectionThatSentNothingIsClosedAtTheStop() throws {
        let (channel, recorder) = try connection()
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(!channel.isActive, "closed at once")
        #expect(recorder.inputClosed == 1, "the upgrade handler is told the input ended, so it gives up quietly")
        #expect(recorder.stops == 0)
    }

    @Test func aRequestStillArrivingGetsTheStopOnceItsHandlerIsInstalled() throws {
        let (channel, recorder) = try connection()
        try channel.writeInbound(ByteBuffer(string: "GET /healthz HTTP/1.1\r\n"))
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(channel.isActive, "a request has started: not cut")
        #expect(recorder.stops == 1, "passed on (nothing there yet to act on it)")
        // The first request completes; Hummingbird installs the connection's state handler as it is read.
        try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(logger: Logger(label: "test")))
        try channel.writeInbound(ByteBuffer(string: "\r\n"))
        #expect(recorder.stops == 2, "given again, now that a handler answers it")
        #expect(!channel.isActive, "and that handler closed the connection (the recorder kept the request from it)")
    }

    @Test func aConnectionWithItsHandlerGetsTheStopUnchanged() throws {
        let (channel, recorder) = try connection()
        try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(logger: Logger(label: "test")))
        try channel.writeInbound(ByteBuffer(string: "GET /healthz HTTP/1.1\r\n\r\n"))
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(recorder.stops == 1 && recorder.inputClosed == 0)
        _ = try? channel.finish()
    }
}
