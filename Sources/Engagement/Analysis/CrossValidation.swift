import Routing

/// k-fold cross-validation with a fixed seed.
public enum CrossValidation {
    /// Splits positions `0..<labels.count` into `k` disjoint folds that together cover them all. Stratified:
    /// each class's positions are shuffled with the seeded generator and dealt round-robin, continuing from
    /// fold to fold across classes, so every fold has about the same class mix and the same size.
    public static func folds(labels: [Int], k: Int, seed: UInt64) -> [[Int]] {
        precondition(k >= 2, "cross-validation needs at least 2 folds")
        var generator = SeededGenerator(seed: seed, stream: 1)
        var folds = [[Int]](repeating: [], count: k)
        var next = 0
        for label in Set(labels).sorted() {
            var members = labels.indices.filter { labels[$0] == label }
            members.seededShuffle(using: &generator)
            for position in members {
                folds[next].append(position)
                next = (next + 1) % k
            }
        }
        return folds.map { $0.sorted() }
    }

    /// Trains on k − 1 folds, predicts the remaining one, k times, and scores all the held-out predictions
    /// together. Examples the model does not take part in (texts without letters, for language) are left out.
    public static func run(
        _ kind: ContentModelKind, examples: [TrainingExample], settings: ClassifierSettings, k: Int = 5, seed: UInt64
    ) -> ClassificationMetrics {
        run(LabelledDocuments(kind, examples: examples), settings: settings, k: k, seed: seed)
    }

    static func run(_ data: LabelledDocuments, settings: ClassifierSettings, k: Int, seed: UInt64) -> ClassificationMetrics {
        var actual: [Int] = []
        var predicted: [Int] = []
        for (number, fold) in folds(labels: data.labels, k: k, seed: seed).enumerated() {
            let heldOut = Set(fold)
            let training = data.documents.indices.filter { !heldOut.contains($0) }
            let classifier = TextClassifier.train(
                training.map { data.documents[$0] }, labels: training.map { data.labels[$0] }, classCount: data.kind.classes.count,
                settings: settings, seed: seed &+ UInt64(number))
            for position in fold {
                actual.append(data.labels[position])
                predicted.append(classifier.probabilities(data.documents[position]).indexOfMaximum)
            }
        }
        return ClassificationMetrics(labels: data.kind.classes, actual: actual, predicted: predicted)
    }
}

extension Array where Element == Double {
    /// The first position of the largest value (ties go to the earlier class).
    var indexOfMaximum: Int {
        indices.reduce(0) { self[$1] > self[$0] ? $1 : $0 }
    }
}
