import Foundation

/// Feature values at vocabulary positions, positions ascending.
struct SparseVector: Sendable, Equatable {
    var indices: [Int]
    var values: [Double]
}

/// The features seen in training, in sorted order, so that positions never depend on hashing.
struct Vocabulary: Sendable {
    let names: [String]
    private let positions: [String: Int]

    /// Every feature that occurs in at least `minimumDocuments` of the documents.
    init(_ documents: [[String: Double]], minimumDocuments: Int = 1) {
        var documentCounts: [String: Int] = [:]
        for document in documents {
            for name in document.keys { documentCounts[name, default: 0] += 1 }
        }
        names = documentCounts.filter { $0.value >= minimumDocuments }.keys.sorted()
        positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })
    }

    var count: Int { names.count }

    func contains(_ name: String) -> Bool { positions[name] != nil }

    /// The document's features that are in the vocabulary; `transform` maps each count to a value.
    func vector(_ document: [String: Double], transform: (Double) -> Double = { $0 }) -> SparseVector {
        let pairs = document.compactMap { name, value in positions[name].map { ($0, transform(value)) } }.sorted { $0.0 < $1.0 }
        return SparseVector(indices: pairs.map(\.0), values: pairs.map(\.1))
    }
}

enum Softmax {
    /// Probabilities from unnormalised log-scores; stable for large scores.
    static func probabilities(_ scores: [Double]) -> [Double] {
        guard let top = scores.max(), top.isFinite else { return scores.map { _ in 1 / Double(max(scores.count, 1)) } }
        let exponentials = scores.map { Foundation.exp($0 - top) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { $0 / total }
    }
}
