import Foundation

/// JSON as the sandbox writes it: Graph answers and webhook bodies, keys sorted so recorded bodies are stable.
enum GraphJSON {
    static func data(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    static func string(_ object: Any) -> String { String(decoding: data(object), as: UTF8.self) }

    /// Meta's webhook bodies escape every non-ASCII character as `\uXXXX` (UTF-16, surrogate pairs for emoji;
    /// platforms.md, cross-cutting rules), so a receiver that re-encodes the JSON before checking the signature
    /// fails, as it would in production. Non-ASCII bytes only occur inside JSON strings, so escaping them all is safe.
    static func escapingNonASCII(_ data: Data) -> Data {
        var out = ""
        out.reserveCapacity(data.count)
        for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
            if scalar.isASCII {
                out.unicodeScalars.append(scalar)
            } else {
                for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
            }
        }
        return Data(out.utf8)
    }

    /// Graph REST times: `2024-02-06T09:31:16+0000` (platforms.md §2.5), unlike the webhooks' Unix seconds.
    static func restTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssZ"
        return formatter.string(from: date)
    }
}
