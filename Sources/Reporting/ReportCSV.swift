import Foundation

/// RFC 4180 CSV (UTF-8, CRLF line ends) that spreadsheets open safely: a text cell that a spreadsheet would
/// read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`.
/// Numbers Parley computed are written as they are.
public enum CSVCell: Sendable, Hashable {
    case text(String)
    case integer(Int64)
    case decimal(Double)
    case empty

    var rendered: String {
        switch self {
        case .text(let value): Self.quoted(Self.defused(value))
        case .integer(let value): String(value)
        case .decimal(let value): String(format: "%.2f", value)
        case .empty: ""
        }
    }

    static func defused(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return text }
        return "'" + text
    }

    static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

public enum ReportCSV {
    public static func render(header: [String], rows: [[CSVCell]]) -> String {
        var lines = [header.map { CSVCell.text($0).rendered }.joined(separator: ",")]
        lines += rows.map { $0.map(\.rendered).joined(separator: ",") }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

extension Optional where Wrapped == Int64 {
    var cell: CSVCell { map(CSVCell.integer) ?? .empty }
}

extension Optional where Wrapped == Double {
    var cell: CSVCell { map(CSVCell.decimal) ?? .empty }
}

extension Optional where Wrapped == String {
    var cell: CSVCell { map(CSVCell.text) ?? .empty }
}

extension QueuePerformanceRow {
    public static func csv(_ rows: [QueuePerformanceRow]) -> String {
        // Workgroups may have different thresholds: a column pair for each threshold any row has, empty where a row lacks it.
        let thresholds = Set(rows.flatMap { $0.serviceLevels.map(\.seconds) }).sorted()
        let header = ["interval", "workgroup", "offered", "answered", "abandoned", "short_abandoned", "flowed_out", "waiting", "transferred",
                      "handled", "deflected_closed", "deflected_special_day", "deflected_emergency", "deflected_other", "non_actionable",
                      "inbound", "outbound", "waiting_ms", "average_queue_length", "average_wait_ms", "max_wait_ms", "average_abandon_wait_ms", "average_handle_ms"]
            + thresholds.flatMap { ["answered_within_\($0)s", "service_level_\($0)s_percent"] }
        return ReportCSV.render(header: header, rows: rows.map { row in
            [row.interval.cell, .text(row.workgroup), .integer(row.offered), .integer(row.answered), .integer(row.abandoned),
             .integer(row.shortAbandoned), .integer(row.flowedOut), .integer(row.waiting), .integer(row.transferred), .integer(row.handled),
             .integer(row.deflected.closed), .integer(row.deflected.specialDay), .integer(row.deflected.emergency), .integer(row.deflected.other),
             .integer(row.nonActionable), .integer(row.inbound), .integer(row.outbound), .integer(row.waitingMs), row.averageQueueLength.cell,
             row.averageWaitMs.cell, .integer(row.maxWaitMs), row.averageAbandonWaitMs.cell, row.averageHandleMs.cell]
                + thresholds.flatMap { seconds -> [CSVCell] in
                    guard let level = row.serviceLevels.first(where: { $0.seconds == seconds }) else { return [.empty, .empty] }
                    return [CSVCell.integer(level.answeredWithin), level.percent.cell]
                }
        })
    }
}

extension AgentPerformanceRow {
    /// `names`: agents' display names by user id, in a column beside the id.
    public static func csv(_ rows: [AgentPerformanceRow], names: [String: String] = [:]) -> String {
        let reasons = Set(rows.flatMap(\.notReadyByReason.keys)).sorted()
        let header = ["interval", "agent", "agent_name", "offers", "accepted", "rejected", "ronas", "revoked", "handled", "average_handle_ms", "max_handle_ms",
                      "transferred", "wrapped_up", "logged_in_ms", "ready_ms", "not_ready_ms", "busy_ms", "idle_ms", "occupancy_percent"]
            + reasons.map { "not_ready_\($0)_ms" }
        return ReportCSV.render(header: header, rows: rows.map { row in
            [row.interval.cell, .text(row.agent), names[row.agent].cell, .integer(row.offers), .integer(row.accepted), .integer(row.rejected), .integer(row.ronas),
             .integer(row.revoked), .integer(row.handled), row.averageHandleMs.cell, .integer(row.maxHandleMs), .integer(row.transferred),
             .integer(row.wrappedUp), .integer(row.loggedInMs), .integer(row.readyMs), .integer(row.notReadyMs), .integer(row.busyMs),
             .integer(row.idleMs), row.occupancy.cell]
                + reasons.map { CSVCell.integer(row.notReadyByReason[$0] ?? 0) }
        })
    }
}
