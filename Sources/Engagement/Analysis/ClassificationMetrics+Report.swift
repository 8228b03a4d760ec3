import Foundation

extension ClassificationMetrics {
    /// A plain-text report: accuracy, macro-F1, a table per class and the confusion matrix (rows are the true
    /// labels, columns the predictions). Markdown-friendly.
    public func report(title: String) -> String {
        var lines = ["\(title): \(count) texts, accuracy \(Self.format(accuracy)), macro-F1 \(Self.format(macroF1))", ""]
        lines.append("| class | precision | recall | F1 | support |")
        lines.append("|---|---:|---:|---:|---:|")
        for scores in perClass {
            lines.append(
                "| \(scores.label) | \(Self.format(scores.precision)) | \(Self.format(scores.recall)) | \(Self.format(scores.f1)) | \(scores.support) |")
        }
        lines.append("")
        lines.append("| true \\ predicted | " + labels.joined(separator: " | ") + " |")
        lines.append("|---|" + String(repeating: "---:|", count: labels.count))
        for (label, row) in zip(labels, confusion) {
            lines.append("| \(label) | " + row.map(String.init).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
