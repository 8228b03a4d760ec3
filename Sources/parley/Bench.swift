import App
import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (run them on a release build).",
        subcommands: [Ingest.self, Routing.self, Reports.self])

    struct Routing: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The routing engine alone: decisions per second, latency and memory, saturated and underloaded.",
            discussion: """
                Builds a synthetic contact center (agents with mixed skills, memberships and capacities; workgroups
                with mixed rules), then measures two scenarios: saturated (a large queue; agent frees a slot → next
                pick) and underloaded (most agents free; arrival → offer). No I/O: this is the engine's own speed.

                Example: swift build -c release && .build/release/parley bench routing --agents 10000 --workgroups 200 --waiting 100000
                """)

        @Option(help: "Agents.") var agents = 10_000
        @Option(help: "Workgroups.") var workgroups = 200
        @Option(help: "Skills.") var skills = 20
        @Option(help: "Interactions waiting in the saturated scenario.") var waiting = 100_000
        @Option(help: "Measured decisions per scenario.") var decisions = 200_000
        @Option(help: "Seed of the synthetic world.") var seed: UInt64 = 42
        @Flag(help: "A short smoke run for CI (500 agents, 20 workgroups, 5,000 waiting, 5,000 decisions).") var quick = false
        @Option(help: "Run one scenario only: saturated or underloaded (e.g. under a profiler).") var scenario: String?

        func validate() throws {
            guard agents > 0, workgroups > 0, skills > 0, decisions > 0, waiting >= 0 else {
                throw ValidationError("--agents, --workgroups, --skills and --decisions must be positive, --waiting not negative.")
            }
            if let scenario, RoutingBench.ScenarioKind(rawValue: scenario) == nil {
                throw ValidationError("--scenario must be saturated or underloaded, not '\(scenario)'.")
            }
        }

        func run() throws {
            var options = RoutingBench.Options()
            options.agents = quick ? 500 : agents
            options.workgroups = quick ? 20 : workgroups
            options.skills = skills
            options.waiting = quick ? 5_000 : waiting
            options.decisions = quick ? 5_000 : decisions
            options.seed = seed
            options.only = scenario.flatMap(RoutingBench.ScenarioKind.init(rawValue:))
            let report = RoutingBench.run(options)
            print(report.text)
            if report.scenarios.contains(where: { $0.decisions == 0 }) {
                throw CommandFailure("a scenario made no decisions: the benchmark is not measuring anything")
            }
        }
    }

    struct Reports: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report speed: Queue and Agent Performance over a synthetic contact center's roll-ups on SQLite.",
            discussion: """
                Generates interactions with realistic event sequences (queueing, RONA, transfers, abandons, deflections, wrap-ups,
                agents' shifts), folds them into roll-ups in a temporary SQLite database, then times Queue Performance and Agent
                Performance for the whole range by day and for one day by 15 minutes, in a time zone with a half-hour offset:
                cold (a new connection) and warm (median). Fails if the roll-ups lost any interaction.

                Example: swift build -c release && .build/release/parley bench reports --interactions 1000000 --days 90
                """)

        @Option(help: "Interactions.") var interactions = 1_000_000
        @Option(help: "Days they span (ending yesterday).") var days = 90
        @Option(help: "Agents.") var agents = 200
        @Option(help: "Workgroups.") var workgroups = 20
        @Option(help: "Channels.") var channels = 8
        @Option(help: "Warm runs per report.") var runs = 7
        @Option(help: "Time zone of the reports.") var zone = "Asia/Kolkata"
        @Option(help: "Zone of the day roll-ups (reports.time_zone; default: --zone). Another zone times the reports read from hours.")
        var reportZone: String?
        @Option(help: "Keep the filled database at this path.") var keep: String?
        @Flag(help: "Time the reports on the database at --keep as an earlier run with the same options left it (no fill).") var reuse = false
        @Flag(help: "A short smoke run for CI (20,000 interactions over 10 days, 40 agents, 5 workgroups, 4 channels).") var quick = false

        func validate() throws {
            guard interactions > 0, days > 0, agents > 0, workgroups > 0, channels > 0, runs > 0 else {
                throw ValidationError("every count must be positive.")
            }
        }

        func run() async throws {
            var options = ReportBench.Options()
            options.interactions = quick ? 20_000 : interactions
            options.days = quick ? 10 : days
            options.agents = quick ? 40 : agents
            options.workgroups = quick ? 5 : workgroups
            options.channels = quick ? 4 : channels
            options.warmRuns = quick ? 3 : runs
            options.zone = zone
            options.path = keep
            options.reportZone = reportZone
            options.reuse = reuse
            if reuse && keep == nil { throw CommandFailure("--reuse needs --keep PATH.") }
            let report = try await ReportBench.run(options)
            print(report.text)
            guard report.inboundCounted == Int64(report.interactions), report.timings.allSatisfy({ $0.rows > 0 }) else {
                print("the roll-ups do not hold every interaction, or a report came back empty")
                throw ExitCode(1)
            }
        }
    }

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
        @Flag(help: "Control run: store and acknowledge only, with the inbox processor off.") var withoutProcessing = false

        func run() async throws {
            var options = IngestBench.Options()
            options.processing = !withoutProcessing
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
