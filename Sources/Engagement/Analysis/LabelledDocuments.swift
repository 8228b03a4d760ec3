/// The examples that take part in one kind of model, with their label positions and extracted features.
struct LabelledDocuments: Sendable {
    let kind: ContentModelKind
    let examples: [TrainingExample]
    let labels: [Int]
    let documents: [[String: Double]]

    /// `features` maps each of `examples` to its features when they were already extracted with this kind's
    /// options (actionable, category and sentiment read the same features).
    init(_ kind: ContentModelKind, examples: [TrainingExample], features: [[String: Double]]? = nil) {
        let extractor = FeatureExtractor(kind.features)
        var kept: [TrainingExample] = []
        var labels: [Int] = []
        var documents: [[String: Double]] = []
        for (position, example) in examples.enumerated() {
            guard let label = kind.label(of: example), let index = kind.classes.firstIndex(of: label) else { continue }
            kept.append(example)
            labels.append(index)
            documents.append(features?[position] ?? extractor.features(example.text))
        }
        self.kind = kind
        self.examples = kept
        self.labels = labels
        self.documents = documents
    }
}
