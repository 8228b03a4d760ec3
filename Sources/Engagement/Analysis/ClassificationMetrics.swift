/// How well predictions match labels: a confusion matrix and what follows from it.
public struct ClassificationMetrics: Codable, Sendable, Equatable {
    public struct ClassScores: Codable, Sendable, Equatable {
        public var label: String
        /// Of the texts predicted as this class, the share that are (0 when none was predicted).
        public var precision: Double
        /// Of the texts of this class, the share predicted as it (0 when there are none).
        public var recall: Double
        /// The harmonic mean of precision and recall (0 when both are 0).
        public var f1: Double
        /// Texts of this class.
        public var support: Int
    }

    public var labels: [String]
    /// `confusion[actual][predicted]`, in the order of `labels`.
    public var confusion: [[Int]]

    public init(labels: [String], confusion: [[Int]]) {
        self.labels = labels
        self.confusion = confusion
    }

    /// Counts predictions (indices into `labels`) against the true labels.
    public init(labels: [String], actual: [Int], predicted: [Int]) {
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
        for (truth, guess) in zip(actual, predicted) { confusion[truth][guess] += 1 }
        self.init(labels: labels, confusion: confusion)
    }

    public var count: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }

    public var accuracy: Double {
        count == 0 ? 0 : Double(labels.indices.reduce(0) { $0 + confusion[$1][$1] }) / Double(count)
    }

    public var perClass: [ClassScores] {
        labels.indices.map { label in
            let correct = Double(confusion[label][label])
            let predicted = Double(labels.indices.reduce(0) { $0 + confusion[$1][label] })
            let support = confusion[label].reduce(0, +)
            let precision = predicted == 0 ? 0 : correct / predicted
            let recall = support == 0 ? 0 : correct / Double(support)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            return ClassScores(label: labels[label], precision: precision, recall: recall, f1: f1, support: support)
        }
    }

    /// The unweighted mean F1 over the classes that occur.
    public var macroF1: Double {
        let present = perClass.filter { $0.support > 0 }
        return present.isEmpty ? 0 : present.reduce(0) { $0 + $1.f1 } / Double(present.count)
    }
}
