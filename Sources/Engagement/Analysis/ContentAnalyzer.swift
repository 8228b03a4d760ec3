import Foundation

/// Analyses messages with the selected models. Building one never throws: a model that cannot be loaded is
/// listed in `unavailable` with the reason (for an alert), and its part of every analysis is nil —
/// `ContentAnalysis.isActionable` is then true.
public struct ContentAnalyzer: Sendable {
    public let models: [ContentModelKind: ContentModel]
    /// Why each missing model is missing.
    public let unavailable: [ContentModelKind: String]

    public init(models: [ContentModel], unavailable: [ContentModelKind: String] = [:]) {
        var byKind: [ContentModelKind: ContentModel] = [:]
        for model in models { byKind[model.kind] = model }
        var missing = unavailable
        for kind in ContentModelKind.allCases where byKind[kind] == nil && missing[kind] == nil {
            missing[kind] = "no \(kind.rawValue) model was given"
        }
        self.models = byKind
        self.unavailable = missing
    }

    public func analyze(text: String) -> ContentAnalysis {
        var analysis = ContentAnalysis(unavailable: unavailable.keys.sorted())
        if let model = models[.actionable] { analysis.actionable = model.probability(of: "true", in: text) }
        if let best = models[.category]?.predict(text).first {
            analysis.category = best.label
            analysis.categoryConfidence = best.probability
        }
        if let model = models[.sentiment] {
            let predictions = model.predict(text)
            if let positive = predictions.first(where: { $0.label == "positive" }),
                let negative = predictions.first(where: { $0.label == "negative" })
            {
                analysis.sentiment = positive.probability - negative.probability
                analysis.sentimentLabel = predictions.first?.label
            }
        }
        if let best = models[.language]?.predict(text).first {
            analysis.language = best.label
            analysis.languageConfidence = best.probability
        }
        return analysis
    }

    /// The selected models of the store; whatever cannot be loaded is reported as unavailable.
    public static func load(from store: ContentModelStore) -> ContentAnalyzer {
        var models: [ContentModel] = []
        var unavailable: [ContentModelKind: String] = [:]
        for kind in ContentModelKind.allCases {
            do {
                models.append(try store.loadActive(kind))
            } catch {
                unavailable[kind] = "\(error)"
            }
        }
        return ContentAnalyzer(models: models, unavailable: unavailable)
    }

    /// Like `load(from:)`, but first trains, stores and selects the starter model of every kind that has no
    /// selected version (a new installation). A selected model that fails to load is not replaced: the
    /// operator chose it, so it is reported as unavailable instead.
    public static func loadTrainingStarterModels(
        into store: ContentModelStore, seed: UInt64 = 1, now: Date
    ) -> ContentAnalyzer {
        let missing = ContentModelKind.allCases.filter { store.activeVersion(of: $0) == nil }
        var failures: [ContentModelKind: String] = [:]
        if !missing.isEmpty {
            do {
                let examples = try StarterData.training()
                for kind in missing {
                    do {
                        let model = try ContentModel.train(kind, examples: examples, seed: seed, folds: 0, trainedAt: now)
                        try store.save(model)
                        try store.activate(kind, version: model.version)
                    } catch {
                        failures[kind] = "training the starter \(kind.rawValue) model failed: \(error)"
                    }
                }
            } catch {
                for kind in missing { failures[kind] = "the starter data cannot be read: \(error)" }
            }
        }
        let loaded = load(from: store)
        return ContentAnalyzer(models: Array(loaded.models.values), unavailable: loaded.unavailable.merging(failures) { _, failure in failure })
    }
}
