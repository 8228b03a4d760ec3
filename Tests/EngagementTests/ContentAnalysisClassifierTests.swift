import Foundation
import Testing

@testable import Engagement

@Suite struct ContentAnalysisClassifierTests {
    /// A tiny set where the answer is obvious: refund words are billing, parcel words are delivery.
    private static let tiny: [TrainingExample] = [
        ("refund my charge please", "billing"), ("double charge on my card", "billing"), ("refund the charge now", "billing"),
        ("where is my parcel", "delivery"), ("parcel not delivered yet", "delivery"), ("courier lost my parcel", "delivery"),
    ].enumerated().map { offset, pair in
        TrainingExample(
            id: "x\(offset)", text: pair.0, language: "en", actionable: true, category: pair.1, sentiment: "neutral")
    }

    @Test(arguments: ClassifierSettings.Method.allCases)
    func learnsAnObviousSplit(method: ClassifierSettings.Method) throws {
        let model = try ContentModel.train(
            .category, examples: Self.tiny, settings: ClassifierSettings(method: method, minimumDocuments: 1), folds: 0,
            trainedAt: Date(timeIntervalSince1970: 0))
        #expect(model.predict("a refund for this charge").first?.label == "billing")
        #expect(model.predict("my parcel is lost").first?.label == "delivery")
        let probabilities = model.predict("refund").map(\.probability)
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-9)
    }

    @Test func naiveBayesFollowsTheLaplaceFormula() {
        // Two classes, one document each; vocabulary {a, b}; α = 1.
        let model = NaiveBayesModel.train([["a": 2], ["b": 1]], labels: [0, 1], classCount: 2, alpha: 1)
        // P(a|0) = (2+1)/(2+2) = 3/4, P(a|1) = (0+1)/(1+2) = 1/3, equal priors.
        let expected = (3.0 / 4) / (3.0 / 4 + 1.0 / 3)
        #expect(abs(model.probabilities(["a": 1])[0] - expected) < 1e-12)
        #expect(model.probabilities(["unseen": 3]) == [0.5, 0.5])
    }

    @Test(arguments: ClassifierSettings.Method.allCases)
    func theSameDataAndSeedGiveTheSameBytes(method: ClassifierSettings.Method) throws {
        let examples = Array(try StarterData.training().prefix(120))
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let settings = ClassifierSettings(method: method)
        let first = try ContentModel.train(.sentiment, examples: examples, settings: settings, seed: 42, trainedAt: date)
        let second = try ContentModel.train(.sentiment, examples: examples, settings: settings, seed: 42, trainedAt: date)
        #expect(try first.jsonData() == second.jsonData())
        #expect(first.version == second.version)
        #expect(first.crossValidation == second.crossValidation)
    }

    @Test func aDifferentDateKeepsTheVersion() throws {
        let examples = Array(try StarterData.training().prefix(60))
        let first = try ContentModel.train(.actionable, examples: examples, folds: 0, trainedAt: Date(timeIntervalSince1970: 0))
        let later = try ContentModel.train(.actionable, examples: examples, folds: 0, trainedAt: Date(timeIntervalSince1970: 9_000_000))
        #expect(first.version == later.version)
        #expect(first.trainedAt != later.trainedAt)
    }

    @Test func crossValidationFoldsAreDisjointAndCoverTheData() {
        let labels = (0..<103).map { $0 % 7 == 0 ? 2 : $0 % 3 }
        let folds = CrossValidation.folds(labels: labels, k: 5, seed: 9)
        #expect(folds.count == 5)
        let all = folds.flatMap { $0 }
        #expect(all.count == labels.count)
        #expect(Set(all) == Set(labels.indices))
        #expect(folds.allSatisfy { abs($0.count - labels.count / 5) <= 1 })
        #expect(CrossValidation.folds(labels: labels, k: 5, seed: 9) == folds)
        #expect(CrossValidation.folds(labels: labels, k: 5, seed: 10) != folds)
    }

    @Test func metricsFollowTheConfusionMatrix() {
        let metrics = ClassificationMetrics(labels: ["a", "b"], actual: [0, 0, 0, 1, 1], predicted: [0, 0, 1, 1, 0])
        #expect(metrics.confusion == [[2, 1], [1, 1]])
        #expect(metrics.accuracy == 0.6)
        let a = metrics.perClass[0]
        #expect(a.precision == 2.0 / 3 && a.recall == 2.0 / 3 && a.support == 3)
        #expect(metrics.perClass[1].f1 == 0.5)
    }

    @Test func trainingWithOneClassSaysWhy() {
        #expect(throws: ContentModelError.self) {
            try ContentModel.train(.category, examples: Array(Self.tiny.prefix(3)), folds: 0, trainedAt: Date())
        }
    }
}
