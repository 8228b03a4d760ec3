extension ContentModel {
    /// Metrics of the model's most likely class against the labels of the examples that take part in it.
    public func evaluate(on examples: [TrainingExample]) -> ClassificationMetrics {
        var actual: [Int] = []
        var predicted: [Int] = []
        for example in examples {
            guard let label = kind.label(of: example), let truth = classes.firstIndex(of: label),
                let best = predict(example.text).first, let guess = classes.firstIndex(of: best.label)
            else { continue }
            actual.append(truth)
            predicted.append(guess)
        }
        return ClassificationMetrics(labels: classes, actual: actual, predicted: predicted)
    }
}
