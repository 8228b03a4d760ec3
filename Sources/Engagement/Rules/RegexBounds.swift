/// How much work one rule's regular expression may do on one message.
///
/// Both bounds hold at once: the expression sees only the first `maxInputCharacters` characters of the
/// folded text, and a match that runs longer than `maxDuration` is abandoned (the rule counts as not
/// matched and is reported as timed out).
public struct RegexBounds: Sendable, Hashable {
    public static let standard = RegexBounds()

    public var maxInputCharacters: Int
    public var maxDuration: Duration
    /// Patterns longer than this are rejected at load.
    public var maxPatternLength: Int

    public init(maxInputCharacters: Int = 10_000, maxDuration: Duration = .milliseconds(50), maxPatternLength: Int = 1_000) {
        self.maxInputCharacters = maxInputCharacters
        self.maxDuration = maxDuration
        self.maxPatternLength = maxPatternLength
    }
}
