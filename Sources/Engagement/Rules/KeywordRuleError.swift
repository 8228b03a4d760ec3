/// Why a list of keyword rules was rejected at load: every problem found, each naming its rule as
/// `rules[3] (refunds): regex '(abc': expected ')'`.
public struct KeywordRuleError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The rule's position in the list, from 0.
        public var index: Int
        /// The rule's id as written (may be empty when that is the problem).
        public var ruleID: String
        public var message: String

        public var description: String {
            ruleID.isEmpty ? "rules[\(index)]: \(message)" : "rules[\(index)] (\(ruleID)): \(message)"
        }
    }

    public var problems: [Problem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
