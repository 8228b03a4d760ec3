import Connectors
import Domain
import Foundation
import Logging
import ServiceLifecycle

/// `parley bench ingest`: the durable-ingest benchmark. Starts Parley (this build) on a temporary database,
/// drives `POST /webhooks/meta` with signed ~600-byte Messenger events over loopback, and in the same run
/// measures `GET /healthz` through the same middleware as the ceiling. Verifies at the end that every
/// acknowledged event is in the database.
public struct IngestBench {
    public struct Options: Sendable {
        public var connections = 64
        public var seconds = 10
        public var rounds = 3
        /// A `postgres://` URL to run on PostgreSQL (use a fresh database or `?schema=`); nil: a temporary SQLite file.
        public var database: String?
        /// False: the inbox processor does not run, so the run measures acknowledgement alone (a control).
        public var processing = true
        public init() {}
    }

    public struct Round: Sendable {
        public var ingestRate: Double
        public var ingestP50: Double
        public var ingestP99: Double
        public var ceilingRate: Double
        public var acknowledged: Int
        public var failed: Int
    }

    public struct Report: Sendable {
        public var rounds: [Round]
        public var storedEvents: Int
        public var acknowledgedEvents: Int
        /// Mean deliveries per group commit and mean commit time (ms), from the server's own metrics.
        public var meanBatch: Double
        public var meanCommitMillis: Double
        /// Events the inbox processor had handled when the last round ended, and whether it ran at all.
        public var processedEvents: Int
        public var processing: Bool

        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        }

        public var text: String {
            var lines = ["round  ingest ev/s   p50 ms   p99 ms   healthz req/s   ratio   non-2xx"]
            for (index, round) in rounds.enumerated() {
                lines.append(String(format: "%5d  %11.0f  %7.2f  %7.2f  %14.0f  %6.2f  %8d", index + 1, round.ingestRate, round.ingestP50,
                                    round.ingestP99, round.ceilingRate, round.ingestRate / max(1, round.ceilingRate), round.failed))
            }
            let ingest = median(rounds.map(\.ingestRate)), ceiling = median(rounds.map(\.ceilingRate))
            lines.append(String(format: "median ingest %.0f events/s acknowledged durably; ceiling (GET /healthz) %.0f req/s; ratio %.2f; p99 %.2f ms",
                                ingest, ceiling, ingest / max(1, ceiling), median(rounds.map(\.ingestP99))))
            lines.append(String(format: "group commit: %.1f deliveries per commit on average, %.2f ms per commit", meanBatch, meanCommitMillis))
            lines.append(processing
                ? "processed by the end of the last round: \(processedEvents) of \(storedEvents) stored events (the rest catch up afterwards)"
                : "control run: the inbox processor was off; events were stored and acknowledged only")
            lines.append("stored events \(storedEvents), acknowledged \(acknowledgedEvents): \(storedEvents == acknowledgedEvents ? "every acknowledged event is stored" : "MISMATCH")")
            return lines.joined(separator: "\n")
        }
    }

    public static func run(_ options: Options) async throws -> Report {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let secret = "bench-secret"
        let configPath = (directory as NSString).appendingPathComponent("parley.yml")
        try "platforms:\n  meta:\n    webhook_secret: \(secret)\n".write(toFile: configPath, atomically: true, encoding: .utf8)

        var serve = ServeOptions()
        serve.dataDirectory = directory
        serve.databasePath = options.database
        serve.configFile = configPath
        serve.port = 0
        serve.logLevel = .error
        serve.environment["PARLEY_ADMIN_PASSWORD"] = "bench-password-unused"
        // Comparable with earlier runs: starter training in the background would disturb the first seconds.
        serve.contentAnalysis = .off
        serve.processInbox = options.processing
        let server = try await ParleyServer.build(serve)
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = server.makeApplication { port in portContinuation.yield(port) }

        return try await withThrowingTaskGroup(of: Void.self) { group in
            let serviceGroup = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "bench")))
            group.addTask { try await serviceGroup.run() }
            var iterator = portStream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }

            let template = MessengerTemplate(secret: secret)
            let healthz = LoadGenerator.Request(method: .GET, path: "/healthz", headers: [], body: [])
            var rounds: [Round] = []
            var acknowledged = 0
            for round in 0..<options.rounds {
                // Signed bodies for up to 20,000 events/s are prepared before the clock starts; beyond that the
                // client signs on the fly.
                let perConnection = options.seconds * 20_000 / options.connections
                let prepared = (0..<options.connections).map { connection in
                    (0..<perConnection).map { template.request(round: round, connection: connection, sequence: $0) }
                }
                let ingest = try await LoadGenerator(host: "127.0.0.1", port: port, connections: options.connections,
                                                     duration: .seconds(options.seconds)) { connection, n in
                    n < perConnection ? prepared[connection][n] : template.request(round: round, connection: connection, sequence: n)
                }.run()
                let ceiling = try await LoadGenerator(host: "127.0.0.1", port: port, connections: options.connections,
                                                      duration: .seconds(options.seconds)) { _, _ in healthz }.run()
                acknowledged += ingest.succeeded
                rounds.append(Round(ingestRate: ingest.rate, ingestP50: ingest.percentile(0.5), ingestP99: ingest.percentile(0.99),
                                    ceilingRate: ceiling.rate, acknowledged: ingest.succeeded, failed: ingest.failed))
            }
            let stored = try await server.store.countInboxEvents()
            let metrics = server.registry.emitToString()
            func value(_ name: String) -> Double {
                metrics.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
            }
            let commits = value("parley_inbox_commit_seconds_count")
            let processed = Int(value("parley_inbox_events_processed_total"))
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return Report(rounds: rounds, storedEvents: stored, acknowledgedEvents: acknowledged,
                          meanBatch: value("parley_inbox_commit_batch_size_sum") / max(1, value("parley_inbox_commit_batch_size_count")),
                          meanCommitMillis: value("parley_inbox_commit_seconds_sum") * 1000 / max(1, commits),
                          processedEvents: processed, processing: options.processing)
        }
    }
}

/// A Messenger text event of about 600 bytes with a unique `mid`, signed as Meta signs it.
struct MessengerTemplate: Sendable {
    let secret: String
    let text = String(repeating: "My parcel has not arrived and the tracking page shows no update since Monday. ", count: 4)

    func request(round: Int, connection: Int, sequence: Int) -> LoadGenerator.Request {
        let mid = "m_bench_\(round)_\(connection)_\(sequence)"
        let body = #"{"object":"page","entry":[{"id":"103149398319188","time":1767225600000,"messaging":[{"sender":{"id":"6543210987654321"},"recipient":{"id":"103149398319188"},"timestamp":1767225600000,"message":{"mid":"\#(mid)","text":"\#(text)"}}]}]}"#
        let bytes = Array(body.utf8)
        let signature = WebhookSignature.of(.meta).sign(bytes, secret: secret)
        return LoadGenerator.Request(method: .POST, path: "/webhooks/meta",
                                     headers: [("Content-Type", "application/json"), ("X-Hub-Signature-256", signature)], body: bytes)
    }
}
