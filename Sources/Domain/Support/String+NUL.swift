import Foundation

extension String {
    /// The text without U+0000, which carries no meaning in a message and which PostgreSQL text cannot hold. The
    /// check walks the UTF-8 bytes: `contains("\u{0}")` would go through Foundation's string search, which cost
    /// more than the rest of normalising a message.
    public var withoutNUL: String { utf8.contains(0) ? replacingOccurrences(of: "\u{0}", with: "") : self }
}
