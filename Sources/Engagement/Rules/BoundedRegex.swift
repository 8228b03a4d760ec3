import Foundation

/// A rule's regular expression, compiled once at load and run under `RegexBounds`.
///
/// Swift's `Regex` cannot be stopped once it runs: its matching engine never checks for task cancellation,
/// so a deadline on a child task would leave the thread spinning. `NSRegularExpression` (ICU) can: with
/// `.reportProgress` ICU calls back every few thousand steps of a long match, and the callback may stop it.
/// The deadline is checked there, inside the match, on the caller's thread.
struct BoundedRegex: Sendable {
    let pattern: String
    private let expression: NSRegularExpression
    /// Whether the pattern names a group `mask`: then only that group is masked, not the whole match.
    private let masksGroup: Bool

    /// Compiles `pattern` (ICU syntax, matched case-insensitively); throws a message naming the problem.
    init(_ pattern: String) throws(RegexProblem) {
        do {
            expression = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        } catch {
            throw RegexProblem(Self.explainSyntaxError(in: pattern))
        }
        self.pattern = pattern
        masksGroup = pattern.contains("(?<mask>")
    }

    /// What one run found: whether it matched, the ranges to mask (UTF-8 offsets into the folded text),
    /// whether it ran out of time.
    struct Scan: Sendable, Equatable {
        var matched = false
        var ranges: [Range<Int>] = []
        var timedOut = false
    }

    /// Runs over the first `bounds.maxInputCharacters` characters of `folded`, for at most
    /// `bounds.maxDuration`; keeps at most `maxMatches` ranges.
    func scan(_ folded: String, bounds: RegexBounds, maxMatches: Int = 1_000) -> Scan {
        let limit = folded.index(folded.startIndex, offsetBy: bounds.maxInputCharacters, limitedBy: folded.endIndex) ?? folded.endIndex
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: bounds.maxDuration)
        var scan = Scan()
        let searched = NSRange(folded.startIndex..<limit, in: folded)
        expression.enumerateMatches(in: folded, options: [.reportProgress], range: searched) { result, _, stop in
            if clock.now >= deadline {
                scan.timedOut = true
                stop.pointee = true
                return
            }
            guard let result else { return }  // a progress call, not a match
            scan.matched = true
            let wanted = masksGroup ? result.range(withName: "mask") : result.range
            if wanted.location != NSNotFound, wanted.length > 0 {
                scan.ranges.append(Self.utf8Offsets(of: wanted, in: folded))
            }
            if scan.ranges.count >= maxMatches { stop.pointee = true }
        }
        if scan.timedOut { return Scan(matched: false, ranges: [], timedOut: true) }
        return scan
    }

    /// ICU reports UTF-16 ranges on code point boundaries, which need not be character boundaries (a match
    /// may end inside an emoji ZWJ sequence); `Range(_:in:)` would give up on those, UTF-8 offsets do not.
    private static func utf8Offsets(of range: NSRange, in text: String) -> Range<Int> {
        let utf16 = text.utf16
        let lower = utf16.index(utf16.startIndex, offsetBy: range.location)
        let upper = utf16.index(lower, offsetBy: range.length)
        let utf8 = text.utf8
        return utf8.distance(from: utf8.startIndex, to: lower)..<utf8.distance(from: utf8.startIndex, to: upper)
    }

    /// Whether the pattern matches the empty text: such a rule would fire on every message.
    var matchesEmptyText: Bool {
        expression.firstMatch(in: "", options: [], range: NSRange(location: 0, length: 0)) != nil
    }

    /// ICU's own error says only "the value is invalid"; Swift's regex parser names the problem, and the two
    /// syntaxes agree on the common mistakes (unbalanced groups, bad ranges, dangling quantifiers).
    private static func explainSyntaxError(in pattern: String) -> String {
        do {
            _ = try Regex(pattern)
            return "not a valid regular expression (ICU syntax)"
        } catch {
            return "\(error)"
        }
    }
}

/// Why a pattern cannot be used.
struct RegexProblem: Error, Sendable, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
