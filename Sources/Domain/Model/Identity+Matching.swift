import Foundation

/// The forms in which identities' phone numbers and email addresses are compared for merge suggestions.
/// Stored next to the raw values, so the database can group on them.
extension Identity {
    /// `+` and the digits, whatever the punctuation: "+1 (650) 555-1234" and "16505551234" are both
    /// `+16505551234`. Fewer than six digits is no phone number to match on.
    public static func phoneKey(_ phone: String?) -> String? {
        guard let digits = phone?.unicodeScalars.filter({ ("0"..."9").contains($0) }), digits.count >= 6 else { return nil }
        return "+" + String(String.UnicodeScalarView(digits))
    }

    /// Trimmed of spaces, ASCII letters lower-cased (what SQL's `lower` does in both stores). Without an `@` it
    /// is not an address.
    public static func emailKey(_ email: String?) -> String? {
        guard let email else { return nil }
        let trimmed = email.trimmingCharacters(in: [" "])
        guard trimmed.contains("@") else { return nil }
        return String(String.UnicodeScalarView(trimmed.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 }))
    }

    public var phoneKey: String? { Self.phoneKey(phone) }
    public var emailKey: String? { Self.emailKey(email) }
}
