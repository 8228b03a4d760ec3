import ArgumentParser
import Domain
import Foundation
import Routing
import Yams

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Staffing what-if: simulate a day of traffic through the real routing engine.",
        discussion: """
            Poisson arrivals, exponential (or sampled) handle times, optional abandonment and agents' shifts run \
            through Parley's routing engine on a virtual clock. Prints service level, mean and 90th-percentile wait, \
            abandonment and agent occupancy, each with a confidence interval across independent replications.

            Example (the common question: one workgroup, no abandonment unless --patience-minutes; what do two more agents buy?):
              parley simulate --agents 10 --arrivals-per-hour 100 \\
                --handle-minutes 5 --hours 8 --add-agents 2

            A full scenario (workgroups, arrivals per channel, agents with skills and shifts), YAML or JSON:
              parley simulate scenario.yml --replications 20 --json

            The file format is in docs/simulate.md.
            """)

    @Argument(help: "A scenario file (YAML or JSON). Without one, the quick flags describe a single workgroup.")
    var scenario: String?

    @Option(help: "Quick scenario: the number of agents.") var agents: Int?
    @Option(help: "Quick scenario: Poisson arrivals per hour.") var arrivalsPerHour: Double?
    @Option(help: "Quick scenario: mean handle time in minutes (exponential).") var handleMinutes: Double?
    @Option(help: "Quick scenario: a file of handle times in seconds, one a line, sampled instead of the exponential.")
    var handleFile: String?
    @Option(help: "Quick scenario: mean patience in minutes (exponential); customers then abandon. Default: nobody abandons.")
    var patienceMinutes: Double?

    @Option(help: "Hours measured per replication (overrides the file's run.length).") var hours: Double?
    @Option(help: "Hours of warm-up before measuring, excluded from the figures (default 1).") var warmUpHours: Double?
    @Option(help: "Independent replications (default 10).") var replications: Int?
    @Option(help: "Seed: the same seed gives the same result (default 1).") var seed: UInt64?
    @Option(help: "Confidence level of the intervals.") var confidence = 0.95
    @Option(help: "Also run the scenario with this many more agents (like the first group) and show both side by side.")
    var addAgents = 0
    @Flag(help: "Print JSON instead of the table.") var json = false
    @Flag(help: "A short smoke run for CI: 2 replications of 1 hour after a 10-minute warm-up.") var quick = false

    func run() async throws {
        var scenario = try loadScenario()
        if quick {
            scenario.run.length = 3600
            scenario.run.warmUp = 600
            scenario.run.replications = 2
        }
        guard addAgents >= 0 else { throw CommandFailure("--add-agents must be zero or more (got \(addAgents))") }
        var runs = [(label: "baseline", scenario: scenario)]
        if addAgents > 0 { runs.append((label: "+\(addAgents) agents", scenario: scenario.addingAgents(addAgents))) }
        var reports: [SimulationReport] = []
        do {
            for run in runs { reports.append(try await Simulator.run(run.scenario, label: run.label, confidence: confidence)) }
        } catch {
            throw CommandFailure("\(error)")
        }
        print(json ? try SimulationOutput(runs: reports).json() : SimulationReport.table(reports))
    }

    private func loadScenario() throws -> SimulationScenario {
        var scenario: SimulationScenario
        if let file = self.scenario {
            let quickFlags = [agents != nil, arrivalsPerHour != nil, handleMinutes != nil, handleFile != nil, patienceMinutes != nil]
            guard !quickFlags.contains(true) else {
                throw CommandFailure(
                    "--agents, --arrivals-per-hour, --handle-minutes, --handle-file and --patience-minutes describe a quick scenario; "
                        + "with a scenario file, change the file instead")
            }
            scenario = try Self.read(file)
        } else {
            scenario = try quickScenario()
        }
        if let hours { scenario.run.length = hours * 3600 }
        if let warmUpHours { scenario.run.warmUp = warmUpHours * 3600 }
        if let replications { scenario.run.replications = replications }
        if let seed { scenario.run.seed = seed }
        return scenario
    }

    private func quickScenario() throws -> SimulationScenario {
        guard let agents, let arrivalsPerHour, handleMinutes != nil || handleFile != nil else {
            throw CommandFailure("give a scenario file, or --agents, --arrivals-per-hour and --handle-minutes (or --handle-file); see --help")
        }
        var problems: [String] = []
        if agents < 1 { problems.append("--agents must be at least 1 (got \(agents))") }
        if !(arrivalsPerHour >= 0 && arrivalsPerHour.isFinite) { problems.append("--arrivals-per-hour must be zero or more (got \(arrivalsPerHour))") }
        if let handleMinutes, !(handleMinutes > 0 && handleMinutes.isFinite) { problems.append("--handle-minutes must be more than 0 (got \(handleMinutes))") }
        if let patienceMinutes, !(patienceMinutes > 0 && patienceMinutes.isFinite) {
            problems.append("--patience-minutes must be more than 0 (got \(patienceMinutes))")
        }
        guard problems.isEmpty else { throw CommandFailure(problems.joined(separator: "\n")) }
        var scenario = SimulationScenario.simple(
            agents: agents, arrivalsPerHour: arrivalsPerHour, handleMinutes: handleMinutes ?? 1, patienceMinutes: patienceMinutes)
        if let handleFile { scenario.arrivals[0].handle = .samples(try Self.samples(handleFile)) }
        return scenario
    }

    /// Reads a YAML or JSON scenario and loads any handle-time files it names (relative to the scenario's folder).
    static func read(_ path: String) throws -> SimulationScenario {
        let text = try readText(path, "the scenario file")
        let json: Data
        do {
            guard let document = try Yams.load(yaml: text) else { throw CommandFailure("\(path): the file is empty") }
            json = try JSONSerialization.data(withJSONObject: jsonCompatible(document))
        } catch let error as CommandFailure {
            throw error
        } catch {
            throw CommandFailure("\(path): not valid YAML or JSON: \(error)")
        }
        var scenario: SimulationScenario
        do {
            scenario = try SimulationScenario.decode(json: json)
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        for index in scenario.arrivals.indices {
            if case .file(let name) = scenario.arrivals[index].handle {
                scenario.arrivals[index].handle = .samples(try samples(name.hasPrefix("/") ? name : (folder as NSString).appendingPathComponent(name)))
            }
        }
        do {
            try scenario.validate()
        } catch {
            throw CommandFailure(error.problems.map { "\(path): \($0)" }.joined(separator: "\n"))
        }
        return scenario
    }

    /// Seconds, one a line (commas and blank lines allowed; `#` starts a comment).
    static func samples(_ path: String) throws -> [Double] {
        let text = try readText(path, "the handle-time file")
        var values: [Double] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for field in content.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\r" }) {
                guard let value = Double(field), value >= 0, value.isFinite else {
                    throw CommandFailure("\(path):\(number + 1): '\(field)' is not a number of seconds")
                }
                values.append(value)
            }
        }
        guard !values.isEmpty else { throw CommandFailure("\(path): no handle times in the file") }
        return values
    }

    /// Yams gives mappings keyed by AnyHashable; JSONSerialization wants String keys.
    private static func jsonCompatible(_ value: Any) throws -> Any {
        switch value {
        case let mapping as [AnyHashable: Any]:
            return try Dictionary(uniqueKeysWithValues: mapping.map { ("\($0.key.base)", try jsonCompatible($0.value)) })
        case let mapping as [String: Any]:
            return try mapping.mapValues(jsonCompatible)
        case let list as [Any]:
            return try list.map(jsonCompatible)
        case is String, is Int, is Double, is Bool, is NSNull:
            return value
        default:
            throw CommandFailure("unsupported value '\(value)'; quote it")
        }
    }
}
