import Foundation

/// Durations as agents read them: "3 h 12 min", "47 min", "6 d 20 h", "35 s". Two units at most, rounded
/// down, so a deadline is never shown later than it is.
public enum DurationText {
    public static func format(_ interval: TimeInterval) -> String {
        // Clamped to a century: a time from a platform's data can be anything, and Int(_:) traps beyond its range.
        let seconds = interval.isFinite ? Int(min(max(0, interval), 3_155_760_000).rounded(.down)) : 0
        let days = seconds / 86_400
        let hours = seconds % 86_400 / 3600
        let minutes = seconds % 3600 / 60
        if days > 0 { return hours > 0 ? "\(days) d \(hours) h" : "\(days) d" }
        if hours > 0 { return minutes > 0 ? "\(hours) h \(minutes) min" : "\(hours) h" }
        if minutes > 0 { return "\(minutes) min" }
        return "\(seconds) s"
    }

    /// "in 3 h 12 min" before `date`, "3 h 12 min ago" after it.
    public static func relative(_ date: Date, now: Date) -> String {
        date > now ? "in \(format(date.timeIntervalSince(now)))" : "\(format(now.timeIntervalSince(date))) ago"
    }
}
