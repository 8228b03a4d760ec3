import App
import ArgumentParser
import Foundation
import Logging
import Reporting

struct ReportsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "Maintain the report roll-ups.",
        subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Empty the report roll-ups and fold the whole event log into them again.",
            discussion: """
                Reports read roll-ups kept from the event log (docs/metrics.md). After a change of a metric's definition, or to
                check the roll-ups against the log, rebuild them: every figure comes out as if the roll-ups had always been kept
                this way. `parley serve` does this by itself when the service-level thresholds or channel workgroups change.
                Safe while Parley serves: its own fold waits for the rebuild's position.
                Example: parley reports rebuild --data /var/lib/parley
                """)

        @OptionGroup var data: DataOptions

        func run() async throws {
            let options = data.serveOptions()
            let opened = try await openStore(data, creating: false)
            let started = ContinuousClock.now
            let config = try options.resolvedConfigFile.map { try ConfigLoader.load(file: $0).config } ?? ParleyConfig()
            let settings = try await ParleyServer.reportSettings(opened.store, config.reports)
            let projector = ReportProjector(store: opened.store, settings: settings, logger: quietLogger())
            let events = try await projector.rebuild()
            let elapsed = ContinuousClock.now - started
            await opened.close()
            print("Rebuilt the report roll-ups from \(events) events in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))).")
        }
    }
}
