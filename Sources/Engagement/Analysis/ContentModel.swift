import Foundation

/// A trained model of one kind, as stored: what it reads, what it predicts, how it was trained and how well it
/// did in cross-validation. `version` is derived from everything else except `trainedAt`, so the same data,
/// settings and seed give the same version on any day.
public struct ContentModel: Codable, Sendable {
    public var kind: ContentModelKind
    public var version: String
    /// ISO 8601, UTC.
    public var trainedAt: String
    /// SHA-256 (hex) of the training examples written as JSONL.
    public var trainingDataHash: String
    public var trainingExamples: Int
    public var seed: UInt64
    public var features: FeatureOptions
    public var settings: ClassifierSettings
    public var classes: [String]
    public var classifier: TextClassifier
    /// k-fold cross-validation on the training data, when it was run.
    public var crossValidation: ClassificationMetrics?

    /// The classes with their probabilities for a text, most likely first (ties keep the class order); empty
    /// when the text has nothing the model reads (an emoji-only text for language).
    public func predict(_ text: String) -> [(label: String, probability: Double)] {
        let features = FeatureExtractor(self.features).features(text)
        guard !features.isEmpty else { return [] }
        let probabilities = classifier.probabilities(features)
        return zip(classes, probabilities).enumerated()
            .sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }
            .map { (label: $0.element.0, probability: $0.element.1) }
    }

    /// The probability of one class; nil when the text has nothing the model reads.
    public func probability(of label: String, in text: String) -> Double? {
        predict(text).first { $0.label == label }?.probability
    }
}
