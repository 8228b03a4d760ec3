import Foundation

/// The text table: one row per figure, one column per compared scenario.
extension SimulationReport {
    public static func table(_ reports: [SimulationReport]) -> String {
        guard let first = reports.first else { return "" }
        let confidence = Int((first.confidence * 100).rounded())
        var lines = [
            "\(first.replications) replication\(first.replications == 1 ? "" : "s") of \(duration(first.lengthSeconds)) measured after a "
                + "\(duration(first.warmUpSeconds)) warm-up, seed \(first.seed); ± is the half-width of the \(confidence) % confidence interval.",
            "",
        ]
        var rows: [[String]] = [[""] + reports.map { "\($0.label) (\($0.agents) agents)" }]
        for workgroup in first.workgroups {
            let columns = reports.map { report in report.workgroups.first { $0.id == workgroup.id } }
            func row(_ title: String, _ value: (WorkgroupReport) -> String) { rows.append(["  " + title] + columns.map { $0.map(value) ?? "—" }) }
            rows.append(["workgroup \(workgroup.id)"] + reports.map { _ in "" })
            row("arrivals") { number($0.arrivals) }
            for level in workgroup.serviceLevels {
                row("answered within \(duration(Double(level.seconds)))") { percent($0.serviceLevels.first { $0.seconds == level.seconds }?.share) }
            }
            row("mean wait") { seconds($0.meanWaitSeconds) }
            row("90th percentile wait") { seconds($0.p90WaitSeconds) }
            row("waited at all") { percent($0.waitedShare) }
            row("abandoned") { percent($0.abandonmentRate) }
            if columns.contains(where: { ($0?.unanswered?.mean ?? 0) > 0 }) { row("still waiting at the end") { number($0.unanswered) } }
        }
        rows.append(["agent occupancy"] + reports.map { percent($0.occupancy) })
        if reports.contains(where: { ($0.requeued?.mean ?? 0) > 0 }) { rows.append(["taken back from agents"] + reports.map { number($0.requeued) }) }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            var line = cells.joined(separator: "   ")
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    static func percent(_ estimate: Estimate?) -> String {
        format(estimate, scale: 100, unit: " %")
    }

    static func seconds(_ estimate: Estimate?) -> String { format(estimate, scale: 1, unit: " s") }

    static func number(_ estimate: Estimate?) -> String { format(estimate, scale: 1, unit: "") }

    private static func format(_ estimate: Estimate?, scale: Double, unit: String) -> String {
        guard let estimate else { return "—" }
        func digits(_ value: Double) -> String {
            String(format: abs(value) >= 100 ? "%.0f" : "%.1f", value)
        }
        let mean = digits(estimate.mean * scale) + unit
        return estimate.halfWidth.map { "\(mean) ± \(digits($0 * scale))" } ?? mean
    }

    static func duration(_ seconds: Double) -> String {
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600)) h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60)) min" }
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}
