import Domain
import Foundation

/// Searching the standard-response library and picking the responses that suit the customer's latest message.
/// Both fold case and accents (FoldedText), so "reembolso" finds "Reembolso" and "cafe" finds "café".
///
/// Suggestions are plain and predictable: the message and each keyword are cut into words (letters and digits);
/// a keyword matches when its words occur in the message one after the other ("order status" matches
/// "what is my order status?", not "status of my order"). A response's score is the number of its keywords that
/// match, and a longer keyword counts for more than a one-word one, since it says more. No stemming: list
/// "refund" and "refunds" if both are meant.
public enum ResponseMatcher {
    /// The responses usable on `kind` (nil: any) in `category` (nil: all; folded comparison) whose title, text,
    /// category or keywords contain every word of `query`; ordered by category, then title.
    public static func search(_ responses: [StandardResponse], query: String?, category: String?, kind: ChannelKind?) -> [StandardResponse] {
        let words = self.words(query ?? "")
        let wantedCategory = category.map(FoldedText.fold)?.trimmingCharacters(in: .whitespaces)
        return responses.filter { response in
            if let kind, !response.isUsable(on: kind) { return false }
            if let wantedCategory, !wantedCategory.isEmpty, FoldedText.fold(response.category) != wantedCategory { return false }
            guard !words.isEmpty else { return true }
            let haystack = FoldedText.fold(([response.title, response.category, response.text] + response.keywords).joined(separator: "\n"))
            return words.allSatisfy { haystack.contains($0) }
        }.sorted(by: ordered)
    }

    /// How well a response suits `message`: 0 when none of its keywords occurs in it.
    public static func score(_ response: StandardResponse, message: String) -> Int {
        let said = words(message)
        guard !said.isEmpty else { return 0 }
        return response.keywords.reduce(0) { total, keyword in
            let phrase = words(keyword)
            return total + (contains(said, phrase) ? phrase.count : 0)
        }
    }

    /// `responses` with those matching `message` first (highest score, then category and title), each with its score;
    /// the others keep the search order.
    public static func suggestFirst(_ responses: [StandardResponse], message: String?) -> [(response: StandardResponse, score: Int)] {
        let scored = responses.map { response in (response: response, score: message.map { score(response, message: $0) } ?? 0) }
        return scored.filter { $0.score > 0 }.sorted { $0.score != $1.score ? $0.score > $1.score : ordered($0.response, $1.response) }
            + scored.filter { $0.score == 0 }.sorted { ordered($0.response, $1.response) }
    }

    /// The distinct categories, sorted.
    public static func categories(_ responses: [StandardResponse]) -> [String] {
        Array(Set(responses.map(\.category))).sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
    }

    static func ordered(_ a: StandardResponse, _ b: StandardResponse) -> Bool {
        (a.category.lowercased(), a.title.lowercased(), a.id.rawValue) < (b.category.lowercased(), b.title.lowercased(), b.id.rawValue)
    }

    /// Folded words: runs of letters and digits.
    static func words(_ text: String) -> [String] {
        FoldedText.fold(text).split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= words.count else { return false }
        return (0...(words.count - phrase.count)).contains { start in Array(words[start..<(start + phrase.count)]) == phrase }
    }
}
