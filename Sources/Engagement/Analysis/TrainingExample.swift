/// One labelled message ("training object"), as in the JSONL files of
/// `Resources/content-analysis/README.md`.
public struct TrainingExample: Codable, Sendable, Equatable {
    public var id: String
    public var text: String
    public var language: String
    public var platform: String
    public var visibility: String
    public var actionable: Bool
    public var category: String
    public var sentiment: String
    /// True when the message was written for the data set rather than taken from real traffic.
    public var synthetic: Bool

    public init(
        id: String, text: String, language: String, platform: String = "web", visibility: String = "private",
        actionable: Bool, category: String, sentiment: String, synthetic: Bool = false
    ) {
        self.id = id
        self.text = text
        self.language = language
        self.platform = platform
        self.visibility = visibility
        self.actionable = actionable
        self.category = category
        self.sentiment = sentiment
        self.synthetic = synthetic
    }
}

/// What is wrong with a training file, with the line it is on.
public struct TrainingDataError: Error, CustomStringConvertible, Equatable {
    public var source: String
    public var line: Int
    public var problem: String

    public var description: String { "\(source):\(line): \(problem)" }
}
