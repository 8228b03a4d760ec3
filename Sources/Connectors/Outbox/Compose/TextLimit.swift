import Domain

/// The most text one platform call carries, counted in the unit the platform counts in.
public struct TextLimit: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable {
        /// Code points: an emoji such as 😀 is 1, a flag 🇯🇵 is 2.
        case unicodeScalars = "Unicode scalars"
        /// What Java and JavaScript call a string's length: 😀 is 2, a flag is 4.
        case utf16CodeUnits = "UTF-16 code units"
        /// How X counts a tweet: Latin and most punctuation 1, other scripts (CJK, say) 2, an emoji 2 however many
        /// code points it has, and a web link 23 whatever its length (it is shortened to t.co).
        case xWeighted = "characters as X counts them (CJK and emoji 2, a link 23)"
    }

    /// What is limited, as the error message names it ("a WhatsApp text").
    public var label: String
    public var maximum: Int
    public var unit: Unit

    public init(label: String, maximum: Int, unit: Unit) {
        self.label = label
        self.maximum = maximum
        self.unit = unit
    }

    public func length(of text: String) -> Int {
        switch unit {
        case .unicodeScalars: text.unicodeScalars.count
        case .utf16CodeUnits: text.utf16.count
        case .xWeighted: XWeightedLength.of(text)
        }
    }

    /// Throws `textTooLong` when `text` is over the limit.
    func check(_ text: String, on kind: ChannelKind) throws(ComposeError) {
        let length = length(of: text)
        if length > maximum { throw .textTooLong(kind, length: length, limit: self) }
    }
}
