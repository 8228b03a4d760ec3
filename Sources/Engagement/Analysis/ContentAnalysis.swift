/// What the content analyzer found in one message. A nil value means the model was unavailable or the text
/// gave it nothing to read (no letters, for language).
public struct ContentAnalysis: Codable, Sendable, Equatable {
    /// Probability that a person should answer or act, 0…1.
    public var actionable: Double?
    public var category: String?
    public var categoryConfidence: Double?
    /// P(positive) − P(negative) from the sentiment model, −1…1.
    public var sentiment: Double?
    /// The most likely of negative, neutral, positive.
    public var sentimentLabel: String?
    public var language: String?
    public var languageConfidence: Double?
    /// The kinds whose model could not be loaded, sorted.
    public var unavailable: [ContentModelKind]

    public init(
        actionable: Double? = nil, category: String? = nil, categoryConfidence: Double? = nil, sentiment: Double? = nil,
        sentimentLabel: String? = nil, language: String? = nil, languageConfidence: Double? = nil,
        unavailable: [ContentModelKind] = []
    ) {
        self.actionable = actionable
        self.category = category
        self.categoryConfidence = categoryConfidence
        self.sentiment = sentiment
        self.sentimentLabel = sentimentLabel
        self.language = language
        self.languageConfidence = languageConfidence
        self.unavailable = unavailable
    }

    /// Whether to route the message. Without an actionable model every message is treated as actionable, so
    /// that a broken model never silently drops customers.
    public var isActionable: Bool { (actionable ?? 1) >= 0.5 }
}
