/// Which classifier to train and how.
public struct ClassifierSettings: Codable, Sendable, Equatable {
    public enum Method: String, Codable, Sendable, CaseIterable {
        case naiveBayes, logisticRegression
    }

    public var method: Method
    /// α of naive Bayes' Laplace smoothing.
    public var alpha: Double
    public var logistic: LogisticRegressionSettings
    /// Features found in fewer training texts than this are dropped: they cannot generalise, and they make
    /// most of a model's size.
    public var minimumDocuments: Int

    public init(
        method: Method, alpha: Double = 0.1, logistic: LogisticRegressionSettings = .standard, minimumDocuments: Int = 2
    ) {
        self.method = method
        self.alpha = alpha
        self.logistic = logistic
        self.minimumDocuments = minimumDocuments
    }

    /// What the starter models use: per kind, the method and settings with the best 5-fold cross-validated
    /// macro-F1 on the starter set (seed 1; the comparison is in docs/content-analysis.md). Category would gain
    /// 0.02 macro-F1 from keeping features seen only once, at four times the size and training time.
    public static func starter(for kind: ContentModelKind) -> ClassifierSettings {
        switch kind {
        case .actionable: ClassifierSettings(method: .logisticRegression)
        case .sentiment: ClassifierSettings(method: .logisticRegression, logistic: .balanced)
        case .category, .language: ClassifierSettings(method: .naiveBayes, alpha: 0.1)
        }
    }
}
