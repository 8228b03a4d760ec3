import Foundation

extension TrainingExample {
    /// Reads one example per non-empty line and checks every label against the models' classes, naming the
    /// line of the first problem.
    public static func decodeJSONL(_ data: Data, source: String = "training data") throws -> [TrainingExample] {
        var examples: [TrainingExample] = []
        var seen: Set<String> = []
        let decoder = JSONDecoder()
        for (offset, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }) else {
                continue
            }
            let example: TrainingExample
            do {
                example = try decoder.decode(TrainingExample.self, from: Data(line))
            } catch {
                throw TrainingDataError(source: source, line: number, problem: "not a training object: \(Self.describe(error))")
            }
            if let problem = example.problem {
                throw TrainingDataError(source: source, line: number, problem: problem)
            }
            guard seen.insert(example.id).inserted else {
                throw TrainingDataError(source: source, line: number, problem: "duplicate id \"\(example.id)\"")
            }
            examples.append(example)
        }
        return examples
    }

    /// One line per example, keys in the order of the data README (`id`, `text`, …, `synthetic`) and spaced
    /// like Python's `json.dumps(…, ensure_ascii=False)`, so an exported file reads like the bundled ones.
    public static func encodeJSONL(_ examples: [TrainingExample]) -> Data {
        var output = ""
        for example in examples {
            let fields: [(String, String)] = [
                ("id", quoted(example.id)), ("text", quoted(example.text)), ("language", quoted(example.language)),
                ("platform", quoted(example.platform)), ("visibility", quoted(example.visibility)),
                ("actionable", example.actionable ? "true" : "false"), ("category", quoted(example.category)),
                ("sentiment", quoted(example.sentiment)), ("synthetic", example.synthetic ? "true" : "false"),
            ]
            output += "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}\n"
        }
        return Data(output.utf8)
    }

    /// What is wrong with the labels, if anything.
    var problem: String? {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "id \"\(id)\": the text is empty" }
        let checks: [(String, String, ContentModelKind)] = [
            ("language", language, .language), ("category", category, .category), ("sentiment", sentiment, .sentiment),
        ]
        for (key, value, kind) in checks where !kind.classes.contains(value) {
            return "id \"\(id)\": \(key) \"\(value)\" is not one of \(kind.classes.joined(separator: ", "))"
        }
        return nil
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "the key \"\(key.stringValue)\" is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        default: "invalid JSON"
        }
    }
}
