/// One finding of `parley config validate`, with the line it is about.
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var line: Int?
    public var path: String
    public var message: String

    public init(_ severity: Severity, line: Int?, path: String, _ message: String) {
        self.severity = severity
        self.line = line
        self.path = path
        self.message = message
    }

    /// `parley.yml:12: error: channels[0].kind: unknown channel kind 'facebok'; expected one of …`
    public func formatted(file: String) -> String {
        "\(file):\(line.map(String.init) ?? "?"): \(severity.rawValue): \(path.isEmpty ? "" : path + ": ")\(message)"
    }

    public var description: String { formatted(file: "parley.yml") }
}

public struct ConfigError: Error, CustomStringConvertible {
    public var file: String
    public var diagnostics: [ConfigDiagnostic]

    public var description: String {
        diagnostics.filter { $0.severity == .error }.map { $0.formatted(file: file) }.joined(separator: "\n")
    }
}
