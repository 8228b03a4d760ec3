import App
import ArgumentParser
import Foundation
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run Parley: webhooks, API, and the background services.",
        discussion: """
            With nothing configured it listens on 127.0.0.1:8080, keeps its data in ./parley-data, and creates
            the user 'admin' on first start, printing a one-time password (or using PARLEY_ADMIN_PASSWORD).

            Example: parley serve --port 8080 --data /var/lib/parley --config /etc/parley/parley.yml
            """)

    @Option(help: "Address to listen on (default 127.0.0.1, or server.host in parley.yml).")
    var host: String?

    @Option(help: "Port to listen on (default 8080, or server.port; 0 picks a free port).")
    var port: Int?

    @OptionGroup var data: DataOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "Send every platform API call to this base URL (the sandbox).")
    var platformAPI: String?

    @Option(help: "Seconds an agent has to accept an offer before it is redirected (RONA).")
    var offerTimeout: Int = 30

    @Option(help: "Seconds an agent's desktop may stay disconnected before the agent is set not ready.")
    var presenceGrace: Int = 60

    @Option(help: "Seconds between sweeps that close interactions past their channel's inactivity period.")
    var inactivitySweep: Int = 60

    @Option(help: "This node's name when several share one PostgreSQL (default: host name and port; also PARLEY_NODE_NAME).")
    var nodeName: String?

    @Option(help: "Seconds a routing leader's lease lasts without renewal (several nodes on one PostgreSQL): a vanished leader is replaced after this.")
    var leaderLease: Int = 5

    @Flag(help: "Do not score new interactions with the content analyzer (no models are loaded or trained).")
    var noContentAnalysis = false

    func validate() throws {
        if let port { try checkPort(port, "--port") }
        guard offerTimeout >= 1 else { throw ValidationError("--offer-timeout must be at least 1 second.") }
        guard presenceGrace >= 0 else { throw ValidationError("--presence-grace cannot be negative.") }
        guard inactivitySweep >= 1 else { throw ValidationError("--inactivity-sweep must be at least 1 second.") }
        guard leaderLease >= 2 else { throw ValidationError("--leader-lease must be at least 2 seconds (it is renewed every second).") }
    }

    func run() async throws {
        var options = data.serveOptions()
        options.host = host
        options.port = port
        options.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        options.platformAPIOverride = platformAPI
        options.offerTimeout = TimeInterval(offerTimeout)
        options.presenceGrace = .seconds(presenceGrace)
        options.inactivitySweepInterval = .seconds(inactivitySweep)
        options.nodeName = nodeName
        options.leaderLease = .seconds(leaderLease)
        if noContentAnalysis { options.contentAnalysis = .off }
        try createDataDirectory(options.dataDirectory)
        try await runServer(options)
    }
}

func runServer(_ options: ServeOptions, afterStart: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = options.logLevel
        return handler
    }
    let server: ParleyServer
    do {
        server = try await ParleyServer.build(options)
    } catch let error as ConfigError {
        throw CommandFailure("configuration is invalid:\n\(error.description)")
    }
    if let password = server.generatedAdminPassword {
        say("Created user 'admin' with one-time password: \(password)")
        say("Change it with: parley user passwd admin")
    }
    let host = options.host ?? server.config.server.host ?? "127.0.0.1"
    let app = server.makeApplication { port in
        say("Parley is listening on http://\(host):\(port)")
        await afterStart(port)
    }
    try await app.runService()
}

/// Writes a line to standard output at once (no buffering), so scripts waiting for it see it.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// A TCP port: 0 (any free one) to 65535. A larger number would otherwise wrap around silently (99999 is 34463).
func checkPort(_ port: Int, _ option: String) throws {
    guard (0...65535).contains(port) else { throw ValidationError("\(option) must be 0 to 65535; it is \(port).") }
}
