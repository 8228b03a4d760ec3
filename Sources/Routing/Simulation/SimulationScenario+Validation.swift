import Domain
import Foundation

/// Everything wrong with a scenario, each problem naming the item ("arrivals[1].workgroup: unknown workgroup 'billing'").
public struct SimulationError: Error, CustomStringConvertible, Sendable {
    public var problems: [String]

    public init(_ problems: [String]) { self.problems = problems }

    public var description: String { problems.joined(separator: "\n") }
}

extension SimulationScenario {
    /// Throws every problem at once, so that a scenario file can be fixed in one pass.
    public func validate() throws(SimulationError) {
        var problems: [String] = []
        let known = Set(workgroups.map(\.id))
        if workgroups.isEmpty { problems.append("workgroups: none declared") }
        for (index, policy) in workgroups.enumerated() {
            let path = "workgroups[\(index)] (\(policy.id))"
            if workgroups.prefix(index).contains(where: { $0.id == policy.id }) { problems.append("\(path): declared twice") }
            if !(policy.alertingTimeout > 0) { problems.append("\(path).alerting_timeout: must be more than 0 seconds") }
            if policy.serviceLevels.isEmpty || policy.serviceLevels.contains(where: { $0 < 0 }) {
                problems.append("\(path).service_levels: give one or more thresholds of zero or more seconds")
            }
            if let overflow = policy.overflow, !known.contains(overflow.to) {
                problems.append("\(path).overflow.to: unknown workgroup '\(overflow.to)'")
            }
        }
        if arrivals.isEmpty { problems.append("arrivals: none declared") }
        for (index, stream) in arrivals.enumerated() {
            let path = "arrivals[\(index)]"
            if !known.contains(stream.workgroup) { problems.append("\(path).workgroup: unknown workgroup '\(stream.workgroup)'") }
            if !(stream.perHour >= 0 && stream.perHour.isFinite) {
                problems.append("\(path).per_hour: must be zero or more arrivals per hour (got \(stream.perHour))")
            }
            if let problem = stream.handle.problem { problems.append("\(path).handle: \(problem)") }
            if let problem = stream.patience?.problem { problems.append("\(path).patience: \(problem)") }
        }
        problems += agentProblems(known: known)
        if !(answerAfter >= 0) { problems.append("answer_after: must be zero or more seconds") }
        if !(run.length > 0) { problems.append("run.length: must be more than 0 seconds (got \(run.length))") }
        if !(run.warmUp >= 0) { problems.append("run.warm_up: must be zero or more seconds (got \(run.warmUp))") }
        if run.replications < 1 { problems.append("run.replications: must be at least 1 (got \(run.replications))") }
        if !(run.drainLimit >= 0) { problems.append("run.drain_limit: must be zero or more seconds") }
        if problems.isEmpty { problems += sizeProblems() }
        if !problems.isEmpty { throw SimulationError(problems) }
    }

    /// The most a scenario may ask for: a simulated arrival costs about a microsecond, so these bounds keep a run
    /// under a few minutes instead of letting a slipped digit (1e308 arrivals per hour) run for ever.
    public static let maximumArrivals = 20_000_000.0
    public static let maximumAgents = 100_000
    public static let maximumReplications = 1_000

    private func sizeProblems() -> [String] {
        var problems: [String] = []
        if run.replications > Self.maximumReplications {
            problems.append("run.replications: at most \(Self.maximumReplications) (got \(run.replications))")
        }
        let agentCount = agents.reduce(0) { $0.addingReportingOverflow($1.count).partialValue }
        if agentCount > Self.maximumAgents || agents.contains(where: { $0.count > Self.maximumAgents }) {
            problems.append("agents: at most \(Self.maximumAgents) agents in all")
        }
        let hours = (run.warmUp + run.length) / 3600
        let expected = arrivals.reduce(0) { $0 + $1.perHour } * hours * Double(run.replications)
        if !(expected <= Self.maximumArrivals) {
            let about = expected.isFinite ? "about \(String(format: "%.2g", expected))" : "endless"
            problems.append("the run would simulate \(about) arrivals "
                + "(per_hour × (warm_up + length) × replications); at most \(String(format: "%.0f", Self.maximumArrivals)): "
                + "shorten the run or use fewer replications")
        }
        return problems
    }

    private func agentProblems(known: Set<Workgroup.ID>) -> [String] {
        var problems: [String] = []
        if agents.reduce(0, { $0 + max($1.count, 0) }) == 0 { problems.append("agents: zero agents; add at least one") }
        var seen: Set<User.ID> = []
        for (index, group) in agents.enumerated() {
            let path = "agents[\(index)] (\(group.id))"
            if group.count < 1 { problems.append("\(path).count: must be at least 1 (got \(group.count))") }
            for id in (1...Self.maximumAgents).contains(group.count) ? group.memberIDs : [] where !seen.insert(id).inserted {
                problems.append("\(path): agent '\(id)' is declared twice")
            }
            if group.workgroups.isEmpty { problems.append("\(path).workgroups: a member of no workgroup would never get work") }
            for workgroup in group.workgroups.sorted(by: { $0.rawValue < $1.rawValue }) where !known.contains(workgroup) {
                problems.append("\(path).workgroups: unknown workgroup '\(workgroup)'")
            }
            if group.capacity.values.contains(where: { $0 < 0 }) || group.totalCapacity < 1 {
                problems.append("\(path).capacity: capacities must be zero or more, and total_capacity at least 1")
            }
            for (number, shift) in group.shifts.enumerated() where !(shift.start >= 0 && shift.end > shift.start) {
                problems.append("\(path).shifts[\(number)]: needs 0 ≤ start < end (got \(shift.start)…\(shift.end))")
            }
        }
        return problems
    }
}
