/// A trained classifier of either kind. Encodes as `{"naiveBayes": {…}}` or `{"logisticRegression": {…}}`.
public enum TextClassifier: Sendable {
    case naiveBayes(NaiveBayesModel)
    case logisticRegression(LogisticRegressionModel)

    /// Class probabilities for a document (feature → count), in the order of the model's classes.
    public func probabilities(_ features: [String: Double]) -> [Double] {
        switch self {
        case .naiveBayes(let model): model.probabilities(features)
        case .logisticRegression(let model): model.probabilities(features)
        }
    }

    static func train(
        _ documents: [[String: Double]], labels: [Int], classCount: Int, settings: ClassifierSettings, seed: UInt64
    ) -> TextClassifier {
        let vocabulary = Vocabulary(documents, minimumDocuments: settings.minimumDocuments)
        switch settings.method {
        case .naiveBayes:
            let kept = documents.map { $0.filter { vocabulary.contains($0.key) } }
            return .naiveBayes(NaiveBayesModel.train(kept, labels: labels, classCount: classCount, alpha: settings.alpha))
        case .logisticRegression:
            return .logisticRegression(
                LogisticRegressionModel.train(
                    documents, vocabulary: vocabulary, labels: labels, classCount: classCount, settings: settings.logistic, seed: seed))
        }
    }
}

extension TextClassifier: Codable {
    private enum CodingKeys: String, CodingKey { case naiveBayes, logisticRegression }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let model = try container.decodeIfPresent(NaiveBayesModel.self, forKey: .naiveBayes) {
            self = .naiveBayes(model)
        } else if let model = try container.decodeIfPresent(LogisticRegressionModel.self, forKey: .logisticRegression) {
            self = .logisticRegression(model)
        } else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "the classifier must be naiveBayes or logisticRegression"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .naiveBayes(let model): try container.encode(model, forKey: .naiveBayes)
        case .logisticRegression(let model): try container.encode(model, forKey: .logisticRegression)
        }
    }
}
