/// A case- and accent-insensitive copy of a text that remembers where every part of it came from.
///
/// The copy is built one grapheme cluster (`Character`) of the original at a time, so any position in the
/// folded copy belongs to exactly one original character. Mapping a range of the copy back therefore always
/// lands on whole original characters: an emoji, a flag, a ZWJ family or a letter with its combining marks is
/// never split, whatever the match on the copy covered.
public struct FoldedText: Sendable {
    public let original: String
    public let folded: String
    /// For each original character, in order: where its folded form starts in `folded` (UTF-8 offset).
    /// Non-decreasing; equal neighbours belong to characters that fold to nothing (a lone combining mark).
    private let foldedStarts: [Int]
    /// For each original character, in order: where it starts in `original`; one more entry for the end.
    private let originalBounds: [String.Index]

    public init(_ original: String) {
        self.original = original
        var folded = ""
        folded.reserveCapacity(original.utf8.count)
        var foldedStarts: [Int] = []
        var originalBounds: [String.Index] = []
        var cache: [Character: String] = [:]
        var index = original.startIndex
        while index < original.endIndex {
            let character = original[index]
            foldedStarts.append(folded.utf8.count)
            originalBounds.append(index)
            if character.isASCII {
                folded.append(character.lowercased())
            } else if let known = cache[character] {
                folded.append(known)
            } else {
                let piece = Self.fold(character)
                if cache.count < 4096 { cache[character] = piece }
                folded.append(piece)
            }
            index = original.index(after: index)
        }
        originalBounds.append(original.endIndex)
        self.folded = folded
        self.foldedStarts = foldedStarts
        self.originalBounds = originalBounds
    }

    /// The folded form of a short text, such as a keyword in a rule.
    public static func fold(_ text: String) -> String { FoldedText(text).folded }

    /// The smallest run of whole original characters that produced `foldedRange`.
    ///
    /// An empty range maps to an empty range at the start of the character it points into.
    public func originalRange(of foldedRange: Range<String.Index>) -> Range<String.Index> {
        let lower = folded.utf8.distance(from: folded.startIndex, to: foldedRange.lowerBound)
        let upper = folded.utf8.distance(from: folded.startIndex, to: foldedRange.upperBound)
        return originalRange(utf8Offsets: lower..<upper)
    }

    /// The same as `originalRange(of:)`, for UTF-8 offsets into `folded`.
    public func originalRange(utf8Offsets range: Range<Int>) -> Range<String.Index> {
        let start = piece(containing: range.lowerBound)
        guard range.upperBound > range.lowerBound else {
            let position = start.map { originalBounds[$0] } ?? original.endIndex
            return position..<position
        }
        let last = piece(containing: range.upperBound - 1) ?? (foldedStarts.count - 1)
        return originalBounds[start ?? last]..<originalBounds[last + 1]
    }

    /// The original character whose folded form holds the byte at `offset`; nil past the end.
    private func piece(containing offset: Int) -> Int? {
        guard offset < folded.utf8.count else { return nil }
        // The last character whose folded form starts at or before the offset: it is the non-empty one that
        // holds it, because characters folding to nothing share their start with the next one.
        var low = 0
        var high = foldedStarts.count
        while low < high {
            let middle = (low + high) / 2
            if foldedStarts[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        return low - 1
    }
}
