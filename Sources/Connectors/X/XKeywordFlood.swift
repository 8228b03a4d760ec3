import Foundation

/// Warns about monitored keywords so common that their tweets would flood the queues (issue 8: "warn when a
/// keyword is so common it will flood the queues"). A filtered-stream rule matches every public tweet with the
/// term, worldwide: "help" alone is many thousands a minute. Pure and conservative: it names what it suspects
/// and why, and says how to narrow it; it never refuses.
public enum XKeywordFlood {
    /// The most frequent English words and the generic words of customer talk.
    static let commonWords: Set<String> = [
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "because", "been", "but", "by",
        "can", "come", "could", "day", "do", "even", "first", "for", "from", "get", "give", "go", "good", "great", "have",
        "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "know", "like",
        "look", "make", "me", "more", "most", "my", "new", "no", "not", "now", "of", "on", "one", "only", "or", "other",
        "our", "out", "people", "say", "see", "she", "so", "some", "take", "than", "that", "the", "their", "them", "then",
        "there", "these", "they", "think", "this", "time", "to", "two", "up", "us", "use", "want", "way", "we", "well",
        "what", "when", "which", "who", "will", "with", "work", "would", "year", "you", "your",
        // Generic words of service talk and social media.
        "help", "support", "service", "love", "today", "thanks", "thank", "please", "problem", "issue", "order", "delivery",
        "refund", "price", "sale", "free", "news", "happy", "sad", "bad", "best", "fail", "broken", "customer", "account",
        "app", "phone", "internet", "online", "shop", "store", "buy", "money", "lol", "omg", "wtf", "hello", "hi", "yes",
        "job", "jobs", "game", "music", "video", "photo", "tv", "live", "win", "fun", "life", "world", "home", "food",
        "covid", "weather", "monday", "friday", "weekend", "tonight", "tomorrow", "morning",
    ]

    /// Terms this short (letters after `#`/`@`) match too much, whatever they are.
    static let shortest = 3

    /// One warning per suspicious keyword, and one more when every keyword is generic.
    public static func warnings(for monitor: XMonitor) -> [String] {
        var warnings: [String] = []
        var generic = 0
        for keyword in monitor.keywords {
            guard let reason = reason(keyword.trimmingCharacters(in: .whitespaces)) else { continue }
            generic += 1
            warnings.append("keyword '\(keyword)' \(reason): the stream would bring a large share of all public tweets and flood the "
                + "queues; narrow it with your brand (\"acme \(bare(keyword))\"), a quoted phrase, or exclusions")
        }
        if generic > 1, generic == monitor.keywords.count {
            warnings.append("every monitored keyword is generic: add at least one term only your customers use (the brand, a product name, "
                + "a campaign hashtag)")
        }
        return warnings
    }

    /// Why a keyword floods, or nil when it looks specific enough. `@mentions` name one account and never flood.
    static func reason(_ keyword: String) -> String? {
        if keyword.hasPrefix("@") { return nil }
        let quoted = keyword.count >= 2 && keyword.hasPrefix("\"") && keyword.hasSuffix("\"")
        let words = bare(keyword).lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "(" || $0 == ")" }).map(String.init)
            .filter { $0 != "or" || quoted }
        guard !words.isEmpty else { return nil }
        if words.count == 1 {
            let word = words[0]
            if word.count < shortest { return "is very short (\(word.count) characters)" }
            if commonWords.contains(word) {
                return keyword.hasPrefix("#") ? "is a hashtag of a common word" : "is a common word"
            }
            return nil
        }
        // A phrase (or words ANDed) floods only when every word of it is common: "thank you", not "acme router".
        return words.allSatisfy({ commonWords.contains($0) || $0.count < shortest }) ? "is made only of common words" : nil
    }

    /// The keyword without quotes, `#` and `@`.
    static func bare(_ keyword: String) -> String {
        var text = keyword.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        if text.hasPrefix("#") || text.hasPrefix("@") { text = String(text.dropFirst()) }
        return text
    }
}
