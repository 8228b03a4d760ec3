import Foundation

/// A `multipart/form-data` body (RFC 7578) as the sandbox's Graph reads an upload: each part's name, file name,
/// type and bytes. Nil when the body is not one.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var bytes: Data
    }

    var parts: [Part]

    init?(_ body: Data, contentType: String?) {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundaryRange = contentType.range(of: "boundary=")
        else { return nil }
        let boundary = contentType[boundaryRange.upperBound...].split(separator: ";").first.map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        } ?? ""
        guard !boundary.isEmpty else { return nil }
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var parts: [Part] = []
        var cursor = body.startIndex
        guard let first = body.range(of: delimiter, in: cursor..<body.endIndex) else { return nil }
        cursor = first.upperBound
        while let next = body.range(of: delimiter, in: cursor..<body.endIndex) {
            // Each part: CRLF, headers, blank line, content, CRLF, then the next delimiter.
            let chunk = body[cursor..<next.lowerBound]
            if let split = chunk.range(of: headerEnd) {
                let headers = String(decoding: chunk[chunk.startIndex..<split.lowerBound], as: UTF8.self)
                var content = chunk[split.upperBound..<chunk.endIndex]
                if content.suffix(2) == Data("\r\n".utf8) { content = content.dropLast(2) }
                if let part = Self.part(headers: headers, content: Data(content)) { parts.append(part) }
            }
            cursor = next.upperBound
            if body[cursor...].starts(with: Data("--".utf8)) { break }
        }
        self.parts = parts
    }

    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    func text(_ name: String) -> String? { part(name).map { String(decoding: $0.bytes, as: UTF8.self) } }

    private static func part(headers: String, content: Data) -> Part? {
        var name: String?
        var filename: String?
        var type: String?
        for line in headers.split(whereSeparator: \.isNewline) {
            let lower = line.lowercased()
            if lower.hasPrefix("content-disposition:") {
                name = value(of: "name", in: String(line))
                filename = value(of: "filename", in: String(line))
            } else if lower.hasPrefix("content-type:") {
                type = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
            }
        }
        return name.map { Part(name: $0, filename: filename, contentType: type, bytes: content) }
    }

    /// `name="file"` in a Content-Disposition line (not matching inside `filename=`).
    private static func value(of key: String, in line: String) -> String? {
        for item in line.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        }
        return nil
    }
}
