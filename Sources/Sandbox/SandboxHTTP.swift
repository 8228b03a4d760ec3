import AsyncHTTPClient
import NIOCore

/// The client the sandbox delivers webhooks to Parley with (and asks its CRC checks). Idle connections are
/// closed after 5 seconds, not the 10 minutes of `HTTPClient.shared`: a Parley that stops gracefully waits for the
/// connections open to it, and a delivery that opened one just as the stop began would otherwise hold it up.
public enum SandboxHTTP {
    public static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)

    static var configuration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5))
        configuration.connectionPool = .init(idleTimeout: .seconds(5))
        configuration.redirectConfiguration = .disallow
        return configuration
    }
}
