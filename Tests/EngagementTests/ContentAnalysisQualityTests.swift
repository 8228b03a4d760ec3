import Foundation
import Testing

@testable import Engagement

/// A regression floor: the starter models, trained on the bundled starter set, scored on the separately
/// written evaluation set (never trained on). The floors sit a little below what was measured when the models
/// were chosen (docs/content-analysis.md); a change that falls below them made the analyzer worse.
@Suite struct ContentAnalysisQualityTests {
    private static let models: [ContentModel] = {
        let examples = (try? StarterData.training()) ?? []
        return (try? ContentModel.trainAll(examples: examples, seed: 1, folds: 0, trainedAt: Date(timeIntervalSince1970: 0))) ?? []
    }()

    /// kind, measured accuracy and macro-F1 when written: actionable 0.824 / 0.789, category 0.527 / 0.519,
    /// sentiment 0.681 / 0.640, language 1.000 / 1.000.
    @Test(arguments: [
        (ContentModelKind.actionable, 0.78, 0.74), (.category, 0.47, 0.46), (.sentiment, 0.63, 0.58), (.language, 0.95, 0.95),
    ])
    func starterModelsPassTheirFloorOnTheEvaluationSet(kind: ContentModelKind, accuracy: Double, macroF1: Double) throws {
        let model = try #require(Self.models.first { $0.kind == kind })
        let metrics = model.evaluate(on: try StarterData.evaluation())
        #expect(metrics.accuracy >= accuracy, "\(metrics.report(title: kind.rawValue))")
        #expect(metrics.macroF1 >= macroF1, "\(metrics.report(title: kind.rawValue))")
    }

    @Test func languageLeavesOutTextsWithoutLetters() throws {
        let model = try #require(Self.models.first { $0.kind == .language })
        #expect(model.trainingExamples == 467)
        #expect(model.evaluate(on: try StarterData.evaluation()).count == 179)
        #expect(model.predict("🙄🙄🙄🙄 @SkyLarkAir").isEmpty)
    }

    @Test func sentimentScoresStayWithinMinusOneAndOne() throws {
        let analyzer = ContentAnalyzer(models: Self.models)
        for example in try StarterData.evaluation() {
            let score = try #require(analyzer.analyze(text: example.text).sentiment)
            #expect((-1...1).contains(score))
        }
    }
}
