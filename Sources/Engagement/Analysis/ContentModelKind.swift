/// The four things the content analyzer predicts, each by its own model.
public enum ContentModelKind: String, Codable, CaseIterable, Sendable, Comparable {
    case actionable, category, sentiment, language

    /// The labels the model chooses from, in the order of its probabilities.
    public var classes: [String] {
        switch self {
        case .actionable: ["false", "true"]
        case .category: ["billing", "technical", "delivery", "account", "sales", "feedback", "other"]
        case .sentiment: ["negative", "neutral", "positive"]
        case .language: ["en", "es", "fr", "de", "pt", "ja"]
        }
    }

    public var features: FeatureOptions {
        self == .language ? .language : .topical
    }

    /// The example's label for this model; nil when the example does not take part (a text without letters
    /// tells nothing of its language, so it is left out of language training and scoring).
    public func label(of example: TrainingExample) -> String? {
        switch self {
        case .actionable: example.actionable ? "true" : "false"
        case .category: example.category
        case .sentiment: example.sentiment
        case .language: FeatureExtractor.hasLetters(example.text) ? example.language : nil
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
