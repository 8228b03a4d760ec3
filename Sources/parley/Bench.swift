import App
import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (run them on a release build).",
        subcommands: [Ingest.self])

    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Durable webhook ingest vs GET /healthz on the same server, over loopback.",
            discussion: """
                Starts Parley on a temporary database, drives POST /webhooks/meta with signed ~600-byte events
                over many keep-alive connections, then GET /healthz as the ceiling, for several rounds.

                Example: swift build -c release && .build/release/parley bench ingest --connections 64 --seconds 10 --rounds 3
                """)

        @Option(help: "Concurrent connections.") var connections = 64
        @Option(help: "Seconds per measurement.") var seconds = 10
        @Option(help: "Rounds (each: ingest, then ceiling).") var rounds = 3
        @Flag(help: "A short smoke run for CI (2 s, 1 round, 16 connections).") var quick = false
        @Option(help: "Run on PostgreSQL: a postgres:// URL (a fresh database, or add ?schema=bench_1). Default: a temporary SQLite file.")
        var db: String?

        func run() async throws {
            var options = IngestBench.Options()
            options.connections = quick ? 16 : connections
            options.seconds = quick ? 2 : seconds
            options.rounds = quick ? 1 : rounds
            options.database = db
            let report = try await IngestBench.run(options)
            print(report.text)
            if report.storedEvents != report.acknowledgedEvents || report.rounds.allSatisfy({ $0.acknowledged == 0 }) {
                throw ExitCode(1)
            }
        }
    }
}
