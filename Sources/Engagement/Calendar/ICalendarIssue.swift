/// Something wrong with, or not supported in, an iCalendar file, at a line (of the file, counting folded lines).
public struct ICalendarIssue: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// The file cannot be imported: every problem found, each naming its line.
public struct ICalendarError: Error, Hashable, Sendable, CustomStringConvertible {
    public var issues: [ICalendarIssue]

    public init(_ issues: [ICalendarIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
