/// Replaces ranges of a text with mask symbols, leaving every character outside them exactly as it was.
enum TextMasker {
    /// A range of the original text (on character boundaries) and how to mask it.
    struct Span: Sendable {
        var range: Range<String.Index>
        var style: MaskStyle
    }

    /// `text` with each span masked. Overlapping spans are joined and take the style that reveals less.
    /// Within a span each letter, digit or symbol becomes the style's symbol except the last `keepLast`
    /// letters or digits; spaces and punctuation stay, so the shape of a card number remains readable.
    static func mask(_ text: String, spans: [Span]) -> String {
        let merged = merge(spans)
        guard !merged.isEmpty else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var cursor = text.startIndex
        for span in merged {
            result += text[cursor..<span.range.lowerBound]
            result += masked(text[span.range], style: span.style)
            cursor = span.range.upperBound
        }
        result += text[cursor...]
        return result
    }

    /// The whole text masked: what agents see when a masking rule could not finish in time.
    static func maskAll(_ text: String) -> String {
        masked(text[...], style: MaskStyle())
    }

    private static func masked(_ part: Substring, style: MaskStyle) -> String {
        let revealed = part.filter(isLetterOrDigit).count
        var toHide = max(0, revealed - style.keepLast)
        var result = ""
        for character in part {
            if character.isWhitespace || (character.isPunctuation && !character.isLetter) {
                result.append(character)
            } else if isLetterOrDigit(character), toHide == 0 {
                result.append(character)
            } else {
                if isLetterOrDigit(character) { toHide -= 1 }
                result.append(style.symbol)
            }
        }
        return result
    }

    private static func isLetterOrDigit(_ character: Character) -> Bool { character.isLetter || character.isNumber }

    private static func merge(_ spans: [Span]) -> [Span] {
        var merged: [Span] = []
        for span in spans.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where !span.range.isEmpty {
            if var last = merged.last, span.range.lowerBound < last.range.upperBound {
                last.range = last.range.lowerBound..<max(last.range.upperBound, span.range.upperBound)
                last.style.keepLast = min(last.style.keepLast, span.style.keepLast)
                merged[merged.count - 1] = last
            } else {
                merged.append(span)
            }
        }
        return merged
    }
}
