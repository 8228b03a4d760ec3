import AsyncHTTPClient
import NIOCore

/// The HTTP client of every call Parley makes out: the platforms' APIs (sends, token refreshes, feed polls, media,
/// the X stream) and open-messaging integrators. Not AsyncHTTPClient's `HTTPClient.shared`, whose browser-like
/// settings keep an idle connection for 10 minutes: a peer that is stopping gracefully (a test's sandbox, a proxy
/// being redeployed) can wait that long for it. Every call sets its own deadline, so there is no read timeout here
/// (the X stream stays open for days and watches its own heartbeats). It lives as long as the process.
enum OutboundHTTP {
    static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)

    static var configuration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        configuration.decompression = .enabled(limit: .ratio(25))
        return configuration
    }
}
