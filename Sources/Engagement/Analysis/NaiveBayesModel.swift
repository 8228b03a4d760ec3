import Foundation

/// Multinomial naive Bayes with Laplace (add-α) smoothing.
///
/// P(class | text) ∝ P(class) · Π P(feature | class)^count, where P(class) = documents of the class / all
/// documents and P(feature | class) = (count of the feature in the class + α) / (all feature counts of the
/// class + α · vocabulary size). Features never seen in training are ignored. Stored as counts, so the file
/// is small and readable; the logarithms are computed when the model is built or decoded.
public struct NaiveBayesModel: Sendable {
    public let alpha: Double
    /// Training documents per class.
    public let documents: [Int]
    /// Feature → its count in each class.
    public let counts: [String: [Double]]
    private let logPrior: [Double]
    private let logLikelihood: [String: [Double]]

    public init(alpha: Double, documents: [Int], counts: [String: [Double]]) {
        self.alpha = alpha
        self.documents = documents
        self.counts = counts
        let classes = documents.count
        let allDocuments = Double(documents.reduce(0, +))
        logPrior = documents.map { Foundation.log((Double($0) + 1) / (allDocuments + Double(classes))) }
        var totals = [Double](repeating: 0, count: classes)
        for name in counts.keys.sorted() {
            for (label, count) in counts[name]!.enumerated() { totals[label] += count }
        }
        let denominators = totals.map { $0 + alpha * Double(counts.count) }
        logLikelihood = counts.mapValues { perClass in
            perClass.enumerated().map { Foundation.log(($0.element + alpha) / denominators[$0.offset]) }
        }
    }

    /// Class probabilities for a document (feature → count).
    public func probabilities(_ features: [String: Double]) -> [Double] {
        var scores = logPrior
        for name in features.keys.sorted() {
            guard let perClass = logLikelihood[name], let count = features[name] else { continue }
            for label in scores.indices { scores[label] += count * perClass[label] }
        }
        return Softmax.probabilities(scores)
    }

    /// Counts the features of labelled documents.
    static func train(_ documents: [[String: Double]], labels: [Int], classCount: Int, alpha: Double) -> NaiveBayesModel {
        var perClassDocuments = [Int](repeating: 0, count: classCount)
        var counts: [String: [Double]] = [:]
        for (document, label) in zip(documents, labels) {
            perClassDocuments[label] += 1
            for (name, count) in document {
                counts[name, default: [Double](repeating: 0, count: classCount)][label] += count
            }
        }
        return NaiveBayesModel(alpha: alpha, documents: perClassDocuments, counts: counts)
    }
}

extension NaiveBayesModel: Codable {
    private enum CodingKeys: String, CodingKey { case alpha, documents, counts }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let documents = try container.decode([Int].self, forKey: .documents)
        let counts = try container.decode([String: [Double]].self, forKey: .counts)
        guard !documents.isEmpty, counts.values.allSatisfy({ $0.count == documents.count }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .counts, in: container, debugDescription: "every feature needs one count per class (\(documents.count))")
        }
        self.init(alpha: try container.decode(Double.self, forKey: .alpha), documents: documents, counts: counts)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(alpha, forKey: .alpha)
        try container.encode(documents, forKey: .documents)
        try container.encode(counts, forKey: .counts)
    }
}
