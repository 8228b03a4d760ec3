import Foundation

/// How far a customer's public words reach, 0…100, from what the platform tells about the author.
///
/// score = min(100, 100 · log10(1 + followers) / 7 + (verified ? 10 : 0)), so 0 followers → 0, 9 → 14.3,
/// 999 → 42.9, 99 999 → 71.4 and 10 million or more → 100. Nil ("unknown") when the platform gives no
/// follower count (WhatsApp, LINE, web chat), whatever it says about verification. Negative counts are read
/// as 0.
public enum InfluenceScore {
    public static func score(followers: Int?, verified: Bool? = nil) -> Double? {
        guard let followers else { return nil }
        let reach = 100 * Foundation.log10(1 + Double(max(followers, 0))) / 7
        return min(100, reach + (verified == true ? 10 : 0))
    }
}
