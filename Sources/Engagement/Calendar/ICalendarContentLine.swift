/// One logical line of an iCalendar file, `NAME;PARAM=value:VALUE`, after unfolding (RFC 5545 §3.1).
struct ICalendarContentLine: Hashable, Sendable {
    /// Upper-cased property name, e.g. `DTSTART`.
    var name: String
    /// Upper-cased parameter names to their values, unquoted.
    var parameters: [String: String]
    var value: String
    /// The file line it started on, from 1.
    var line: Int

    /// Joins folded lines (a line break followed by a space or tab continues the line) and splits each logical line
    /// into name, parameters and value. Blank lines are skipped.
    static func parse(_ text: String) throws(ICalendarError) -> [ICalendarContentLine] {
        var logical: [(text: String, line: Int)] = []
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text  // a byte-order mark
        let physical = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (index, raw) in physical.enumerated() {
            if let first = raw.first, first == " " || first == "\t", !logical.isEmpty {
                logical[logical.count - 1].text += raw.dropFirst()
            } else {
                logical.append((String(raw), index + 1))
            }
        }
        var lines: [ICalendarContentLine] = []
        var issues: [ICalendarIssue] = []
        for (text, line) in logical where !text.allSatisfy({ $0 == " " || $0 == "\t" }) {
            if let parsed = parseLine(text, line: line) {
                lines.append(parsed)
            } else {
                issues.append(ICalendarIssue(line: line, "'\(text.prefix(60))' is not an iCalendar content line (NAME:VALUE)"))
            }
        }
        guard issues.isEmpty else { throw ICalendarError(issues) }
        return lines
    }

    /// Splits at the first colon outside double quotes; parameters are `;`-separated `NAME=value` pairs.
    private static func parseLine(_ text: String, line: Int) -> ICalendarContentLine? {
        var inQuotes = false
        var fields: [String] = [""]
        var value: String?
        for character in text {
            if value != nil {
                value!.append(character)
            } else if character == "\"" {
                inQuotes.toggle()
            } else if character == ":" && !inQuotes {
                value = ""
            } else if character == ";" && !inQuotes {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        guard let value, let name = fields.first, !name.isEmpty else { return nil }
        var parameters: [String: String] = [:]
        for field in fields.dropFirst() {
            let pair = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { return nil }
            parameters[pair[0].uppercased()] = String(pair[1])
        }
        return ICalendarContentLine(name: name.uppercased(), parameters: parameters, value: value, line: line)
    }

    /// TEXT values: `\,` `\;` `\\` and `\n` (or `\N`) unescaped.
    static func unescapeText(_ text: String) -> String {
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                result.append(character == "n" || character == "N" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        if escaping { result.append("\\") }
        return result
    }
}
