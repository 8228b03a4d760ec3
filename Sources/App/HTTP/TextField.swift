import Domain
import Hummingbird

/// A text field of a request, checked as the OpenAPI document promises: NUL characters dropped, surrounding white
/// space trimmed, then at least one character (when required) and at most `maximum` (counted as the document
/// counts: Unicode scalars). 422 naming the field otherwise.
enum TextField {
    static func checked(_ text: String, field: String, maximum: Int, required: Bool = true) throws -> String {
        let trimmed = text.withoutNUL.trimmingCharacters(in: .whitespacesAndNewlines)
        if required, trimmed.isEmpty {
            throw AppError(.unprocessableContent, code: "empty_\(field)", message: "'\(field)' needs some text.")
        }
        guard trimmed.unicodeScalars.count <= maximum else {
            throw AppError(.unprocessableContent, code: "\(field)_too_long",
                           message: "'\(field)' may have at most \(maximum) characters; this one has \(trimmed.unicodeScalars.count).")
        }
        return trimmed
    }
}
