import Yams

/// Walks a YAML node tree, reading typed values and recording every problem with its line. Unknown keys
/// are warnings (a typo must not stop Parley, but must be visible); wrong types and values are errors.
struct YAMLReader {
    private(set) var diagnostics: [ConfigDiagnostic] = []

    mutating func error(_ node: Node?, _ path: String, _ message: String) {
        diagnostics.append(ConfigDiagnostic(.error, line: Self.line(node), path: path, message))
    }

    mutating func warning(_ node: Node?, _ path: String, _ message: String) {
        diagnostics.append(ConfigDiagnostic(.warning, line: Self.line(node), path: path, message))
    }

    static func line(_ node: Node?) -> Int? { node?.mark.map { $0.line } }

    /// The mapping's entries by key; warns about keys not in `known` (with a suggestion when one is close).
    /// `closed`: the keys are values from a fixed set (capacity classes, say), so an unknown one is an error, not an
    /// ignored typo: ignoring it would silently change what the configuration means.
    mutating func mapping(_ node: Node, _ path: String, known: [String], closed: Bool = false) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            error(node, path, "expected a mapping (key: value lines)")
            return nil
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                error(keyNode, path, "keys must be strings")
                continue
            }
            if !known.contains(key) {
                let hint = known.min { distance($0, key) < distance($1, key) }.flatMap { distance($0, key) <= 2 ? $0 : nil }
                let suggestion = hint.map { "; did you mean '\($0)'?" } ?? ""
                if closed {
                    error(keyNode, join(path, key), "unknown key; use one of \(known.joined(separator: ", "))" + suggestion)
                } else {
                    warning(keyNode, join(path, key), "unknown key is ignored" + suggestion)
                }
            }
            result[key] = value
        }
        return result
    }

    mutating func sequence(_ node: Node?, _ path: String) -> [Node] {
        guard let node else { return [] }
        guard case .sequence(let sequence) = node else {
            error(node, path, "expected a list (lines starting with '-')")
            return []
        }
        return Array(sequence)
    }

    /// The node whose line a "missing key" error points at (the item that lacks it).
    var currentItem: Node?

    mutating func string(_ node: Node?, _ path: String, required: Bool = false) -> String? {
        guard let node else {
            if required { error(currentItem, path, "is required") }
            return nil
        }
        guard case .scalar(let scalar) = node, node.null == nil || scalar.style != .plain else {
            error(node, path, "expected a text value")
            return nil
        }
        if required && scalar.string.isEmpty { error(node, path, "must not be empty") }
        return scalar.string
    }

    mutating func int(_ node: Node?, _ path: String, range: ClosedRange<Int>) -> Int? {
        guard let node else { return nil }
        guard let value = node.int else {
            error(node, path, "expected a whole number")
            return nil
        }
        guard range.contains(value) else {
            error(node, path, "\(value) is out of range \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func double(_ node: Node?, _ path: String, range: ClosedRange<Double>) -> Double? {
        guard let node else { return nil }
        guard let value = node.float ?? node.int.map(Double.init) else {
            error(node, path, "expected a number")
            return nil
        }
        guard range.contains(value) else {
            error(node, path, "\(value) is out of range \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node?, _ path: String) -> Bool? {
        guard let node else { return nil }
        guard let value = node.bool else {
            error(node, path, "expected true or false")
            return nil
        }
        return value
    }

    /// `90s`, `15m`, `72h`, `7d`, or a number of seconds.
    mutating func duration(_ node: Node?, _ path: String) -> Int? {
        guard let node else { return nil }
        if let seconds = node.int, seconds > 0 { return seconds }
        guard let text = node.string, let unit = text.last, let amount = Int(text.dropLast()), amount > 0 else {
            error(node, path, "expected a duration such as 90s, 15m, 72h or 7d")
            return nil
        }
        switch unit {
        case "s": return amount
        case "m": return amount * 60
        case "h": return amount * 3600
        case "d": return amount * 86400
        default:
            error(node, path, "unknown duration unit '\(unit)'; use s, m, h or d")
            return nil
        }
    }

    mutating func enumeration<T: RawRepresentable & CaseIterable>(_ node: Node?, _ path: String, as: T.Type, required: Bool = false) -> T?
    where T.RawValue == String {
        guard let text = string(node, path, required: required) else { return nil }
        guard let value = T(rawValue: text) else {
            error(node, path, "unknown value '\(text)'; expected one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// `{env: NAME}`, `{encrypted: BASE64}` or a plain string (warned about).
    mutating func secret(_ node: Node?, _ path: String) -> SecretReference? {
        guard let node else { return nil }
        if case .scalar = node, let text = node.string {
            warning(node, path, "secret written in plain text; prefer {env: VARIABLE} or {encrypted: …}")
            return .plain(text)
        }
        guard let fields = mapping(node, path, known: ["env", "encrypted"]) else { return nil }
        if let name = string(fields["env"], join(path, "env")) { return .environment(name) }
        if let blob = string(fields["encrypted"], join(path, "encrypted")) { return .encrypted(blob) }
        error(node, path, "a secret needs 'env' or 'encrypted'")
        return nil
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// Edit distance, for "did you mean" hints.
private func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(1, a.count) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(1, b.count) where !b.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
