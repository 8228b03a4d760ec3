import Foundation
import Routing

/// Multinomial (softmax) logistic regression with L2 regularisation.
///
/// A document's features are mapped to log(1 + count) and scaled to unit length; the score of each class is
/// bias + Σ weight · value, and the probabilities are their softmax. Training minimises the cross-entropy plus
/// λ/2 · ‖w‖² by stochastic gradient descent, visiting the documents in an order shuffled by a seeded generator
/// each epoch, so the same data and seed give the same weights, bit for bit. Weights are rounded to 6 decimal
/// places (the stored model is the model that predicts); features whose weights all round to zero are dropped.
public struct LogisticRegressionModel: Codable, Sendable {
    public let bias: [Double]
    /// Feature → its weight for each class.
    public let weights: [String: [Double]]

    public init(bias: [Double], weights: [String: [Double]]) {
        self.bias = bias
        self.weights = weights
    }

    public func probabilities(_ features: [String: Double]) -> [Double] {
        var scores = bias
        let values = Self.scaled(features)
        for name in values.keys.sorted() {
            guard let perClass = weights[name], let value = values[name] else { continue }
            for label in scores.indices { scores[label] += value * perClass[label] }
        }
        return Softmax.probabilities(scores)
    }

    /// log(1 + count), then divided by the Euclidean length of the whole document.
    static func scaled(_ features: [String: Double]) -> [String: Double] {
        let logged = features.mapValues { Foundation.log1p($0) }
        let length = logged.keys.sorted().reduce(0.0) { $0 + logged[$1]! * logged[$1]! }.squareRoot()
        return length > 0 ? logged.mapValues { $0 / length } : logged
    }
}

/// The settings of stochastic gradient descent.
public struct LogisticRegressionSettings: Codable, Sendable, Equatable {
    /// λ of the L2 penalty.
    public var l2: Double
    public var epochs: Int
    /// η₀; the step at update t is η₀ / (1 + η₀ · λ · t).
    public var learningRate: Double
    /// Weigh each class by n / (classes · its count), so a rarer class counts as much as a common one.
    public var balanced: Bool

    public init(l2: Double, epochs: Int, learningRate: Double, balanced: Bool = false) {
        self.l2 = l2
        self.epochs = epochs
        self.learningRate = learningRate
        self.balanced = balanced
    }

    public static let standard = LogisticRegressionSettings(l2: 1e-5, epochs: 15, learningRate: 0.5)
    /// The same with balanced class weights.
    public static let balanced = LogisticRegressionSettings(l2: 1e-5, epochs: 15, learningRate: 0.5, balanced: true)
}

extension LogisticRegressionModel {
    static func train(
        _ documents: [[String: Double]], vocabulary: Vocabulary, labels: [Int], classCount: Int,
        settings: LogisticRegressionSettings, seed: UInt64
    ) -> LogisticRegressionModel {
        // Scaled over all of a text's features, as at prediction, then restricted to the vocabulary.
        let rows = documents.map { vocabulary.vector(scaled($0)) }
        let width = vocabulary.count
        // w = scale · v, so that the L2 shrink of every weight is one multiplication.
        var v = [Double](repeating: 0, count: classCount * width)
        var scale = 1.0
        var bias = [Double](repeating: 0, count: classCount)
        var generator = SeededGenerator(seed: seed)
        var order = Array(rows.indices)
        var step = 0.0
        let classWeights = (0..<classCount).map { label in
            let members = labels.filter { $0 == label }.count
            return settings.balanced && members > 0 ? Double(labels.count) / Double(classCount * members) : 1
        }
        for _ in 0..<settings.epochs {
            order.seededShuffle(using: &generator)
            for document in order {
                let row = rows[document]
                let rate = settings.learningRate / (1 + settings.learningRate * settings.l2 * step)
                step += 1
                var scores = bias
                for label in 0..<classCount {
                    let offset = label * width
                    var sum = 0.0
                    for (index, value) in zip(row.indices, row.values) { sum += v[offset + index] * value }
                    scores[label] += scale * sum
                }
                let probabilities = Softmax.probabilities(scores)
                scale *= 1 - rate * settings.l2
                for label in 0..<classCount {
                    let gradient = classWeights[labels[document]] * (probabilities[label] - (labels[document] == label ? 1 : 0))
                    let offset = label * width
                    for (index, value) in zip(row.indices, row.values) { v[offset + index] -= rate * gradient * value / scale }
                    bias[label] -= rate * gradient
                }
                if scale < 1e-6 {
                    for position in v.indices { v[position] *= scale }
                    scale = 1
                }
            }
        }
        var weights: [String: [Double]] = [:]
        for (index, name) in vocabulary.names.enumerated() {
            let perClass = (0..<classCount).map { rounded(scale * v[$0 * width + index]) }
            if perClass.contains(where: { $0 != 0 }) { weights[name] = perClass }
        }
        return LogisticRegressionModel(bias: bias.map(rounded), weights: weights)
    }

    private static func rounded(_ value: Double) -> Double {
        let result = (value * 1e6).rounded() / 1e6
        return result == 0 ? 0 : result  // no negative zero in the file
    }
}

extension Array {
    /// Fisher–Yates with our own seeded generator, so the order does not depend on the standard library's
    /// shuffle algorithm.
    mutating func seededShuffle(using generator: inout SeededGenerator) {
        guard count > 1 else { return }
        for position in stride(from: count - 1, to: 0, by: -1) {
            let other = Int(generator.next() % UInt64(position + 1))
            swapAt(position, other)
        }
    }
}
