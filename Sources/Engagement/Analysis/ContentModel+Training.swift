import Crypto
import Foundation

extension ContentModel {
    /// Trains a model of `kind` on the examples that take part in it, cross-validating first when
    /// `folds` is at least 2. Pure: the same examples, settings, seed and date give the same bytes.
    public static func train(
        _ kind: ContentModelKind, examples: [TrainingExample], settings: ClassifierSettings? = nil, seed: UInt64 = 1,
        folds: Int = 5, trainedAt: Date
    ) throws -> ContentModel {
        try train(LabelledDocuments(kind, examples: examples), settings: settings ?? .starter(for: kind), seed: seed, folds: folds, trainedAt: trainedAt)
    }

    /// Trains all four kinds, extracting each text's features once per set of feature options.
    public static func trainAll(
        examples: [TrainingExample], seed: UInt64 = 1, folds: Int = 5, trainedAt: Date,
        settings: (ContentModelKind) -> ClassifierSettings = ClassifierSettings.starter
    ) throws -> [ContentModel] {
        var extracted: [FeatureOptions: [[String: Double]]] = [:]
        return try ContentModelKind.allCases.map { kind in
            let features = extracted[kind.features] ?? examples.map { [extractor = FeatureExtractor(kind.features)] in extractor.features($0.text) }
            extracted[kind.features] = features
            let data = LabelledDocuments(kind, examples: examples, features: features)
            return try train(data, settings: settings(kind), seed: seed, folds: folds, trainedAt: trainedAt)
        }
    }

    static func train(_ data: LabelledDocuments, settings: ClassifierSettings, seed: UInt64, folds: Int, trainedAt: Date) throws -> ContentModel {
        let kind = data.kind
        guard Set(data.labels).count >= 2 else {
            throw ContentModelError.notEnoughData(
                kind: kind, detail: "training needs examples of at least two \(kind.rawValue) classes; got \(Set(data.labels).count)")
        }
        let classifier = TextClassifier.train(data.documents, labels: data.labels, classCount: kind.classes.count, settings: settings, seed: seed)
        let metrics = folds >= 2 && data.examples.count >= folds ? CrossValidation.run(data, settings: settings, k: folds, seed: seed) : nil
        var model = ContentModel(
            kind: kind, version: "", trainedAt: timestamp(trainedAt),
            trainingDataHash: hex(SHA256.hash(data: TrainingExample.encodeJSONL(data.examples))), trainingExamples: data.examples.count,
            seed: seed, features: kind.features, settings: settings, classes: kind.classes, classifier: classifier,
            crossValidation: metrics)
        model.version = try model.contentVersion()
        return model
    }

    static func timestamp(_ date: Date) -> String {
        var formatter = Date.ISO8601FormatStyle()
        formatter.timeZone = TimeZone(identifier: "UTC")!
        return formatter.format(date)
    }

    static func hex<D: Digest>(_ digest: D) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
