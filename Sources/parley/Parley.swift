import App
import ArgumentParser

@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Parley: a self-hosted engagement router for customer care.",
        discussion: """
            Start with `parley demo` and open http://127.0.0.1:8080/readyz.
            Every subcommand has its own --help with an example.
            """,
        version: ParleyVersion.current,
        subcommands: [
            Serve.self, Demo.self, Migrate.self, MigrateData.self, UserCommand.self, ConfigCommand.self, SandboxCommand.self,
            Bench.self, Simulate.self, Backup.self, Version.self,
            CalendarCommand.self,
            AnalyzeCommand.self, ChannelCommand.self, ReportsCommand.self,
        ])
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.", discussion: "Example: parley version")

    func run() { print("parley \(ParleyVersion.current)") }
}
