import Foundation
import Reporting
import Yams

/// `reports:`: the wallboard's time zone, the short-abandon threshold and the wallboard's alerts.
///
/// ```yaml
/// reports:
///   time_zone: Europe/Berlin
///   short_abandon_seconds: 10
///   alerts:
///     - metric: longest_waiting_seconds
///       above: 600
///     - metric: service_level_percent
///       workgroup: support
///       below: 80
/// ```
extension ConfigLoader {
    static func readReports(_ node: Node, workgroups: Set<String>, reader: inout YAMLReader) -> ParleyConfig.Reports {
        var reports = ParleyConfig.Reports()
        guard let fields = reader.mapping(node, "reports", known: ["time_zone", "short_abandon_seconds", "alerts"]) else { return reports }
        if let zone = reader.string(fields["time_zone"], "reports.time_zone") {
            if TimeZone(identifier: zone) == nil {
                reader.error(fields["time_zone"], "reports.time_zone", "'\(zone)' is not an IANA time zone (such as Europe/Berlin or Asia/Kolkata)")
            } else {
                reports.timeZone = zone
            }
        }
        reports.shortAbandonSeconds = reader.int(fields["short_abandon_seconds"], "reports.short_abandon_seconds", range: 0...3600) ?? 10
        for (index, item) in reader.sequence(fields["alerts"], "reports.alerts").enumerated() {
            let path = "reports.alerts[\(index)]"
            guard let alert = reader.mapping(item, path, known: ["metric", "workgroup", "above", "below"]),
                  let metric = reader.enumeration(alert["metric"], "\(path).metric", as: WallboardAlertRule.Metric.self, required: true)
            else { continue }
            let workgroup = reader.string(alert["workgroup"], "\(path).workgroup")
            if let workgroup, !workgroups.contains(workgroup) {
                reader.error(alert["workgroup"], "\(path).workgroup", "no workgroup '\(workgroup)' is declared")
                continue
            }
            let above = reader.double(alert["above"], "\(path).above", range: 0...1e9)
            let below = reader.double(alert["below"], "\(path).below", range: 0...1e9)
            guard above != nil || below != nil else {
                reader.error(item, path, "an alert needs a bound: above, below or both")
                continue
            }
            if let above, let below, below >= above {
                reader.error(item, path, "'below' (\(below)) must be less than 'above' (\(above)), or the alert is always on")
                continue
            }
            reports.alerts.append(WallboardAlertRule(metric: metric, workgroup: workgroup, above: above, below: below))
        }
        return reports
    }
}
