import ArgumentParser
import Engagement
import Foundation

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Train, evaluate and try the content analyzer's models.",
        discussion: """
            Four models: actionable, category, sentiment and language. How they work and how good the starter \
            models are is in docs/content-analysis.md.

            Example: parley analyze text "@cartwell_help my parcel never arrived 😡"
            """,
        subcommands: [Train.self, Evaluate.self, Text.self])

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train all four models, print 5-fold cross-validation metrics, store and select the new versions.",
            discussion: """
                The data is JSONL, one labelled message a line, as in the bundled starter set \
                (Sources/Engagement/Analysis/Resources/content-analysis/README.md). The same data and seed give \
                the same model versions.

                Example:
                  parley analyze train --data my-labelled.jsonl --seed 7 --out parley-data/content-models
                """)

        @Option(help: "Labelled JSONL to train on (default: the bundled starter set).") var data: String?
        @Option(help: "Seed of the shuffles: the same seed gives the same models.") var seed: UInt64 = 1
        @Option(help: "Directory of model versions.") var out = defaultModelDirectory
        @Option(help: "Folds of the cross-validation.") var folds = 5

        func run() throws {
            guard folds >= 2 else { throw CommandFailure("--folds must be at least 2 (got \(folds))") }
            let examples = try readExamples(data, fallback: StarterData.training)
            let started = Date()
            let models: [ContentModel]
            do {
                models = try ContentModel.trainAll(examples: examples, seed: seed, folds: folds, trainedAt: started)
            } catch {
                throw CommandFailure("\(error)")
            }
            let store = ContentModelStore(directory: URL(fileURLWithPath: out))
            for model in models {
                let file = try store.save(model)
                try store.activate(model.kind, version: model.version)
                if let metrics = model.crossValidation {
                    print(metrics.report(title: "\(model.kind.rawValue) (\(folds)-fold cross-validation, seed \(seed))"))
                }
                print("stored and selected \(model.kind.rawValue) \(model.version): \(file.path)\n")
            }
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score the selected models on a labelled file: per-class precision, recall, F1 and confusion matrices.",
            discussion: """
                Without --data it uses the bundled evaluation set, which is never trained on. Without stored models \
                in --models it trains the starter models in memory first (seed 1) and says so.

                Example: parley analyze evaluate --data labelled.jsonl --models parley-data/content-models
                """)

        @Option(help: "Labelled JSONL (default: the bundled evaluation set).") var data: String?
        @Option(help: "Directory of model versions.") var models = defaultModelDirectory

        func run() throws {
            let examples = try readExamples(data, fallback: StarterData.evaluation)
            for model in try selectedModels(models) {
                print(model.evaluate(on: examples).report(title: "\(model.kind.rawValue) \(model.version) on \(data ?? "the bundled evaluation set")"))
                print("")
            }
        }
    }

    struct Text: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse one message and print the result as JSON.",
            discussion: """
                Uses the selected models of --models, or trains the starter models in memory when none are stored.

                Example: parley analyze text "¿Dónde está mi pedido? Llevo una semana esperando"
                """)

        @Argument(help: "The message.") var text: String
        @Option(help: "Directory of model versions.") var models = defaultModelDirectory

        func run() throws {
            let analyzer = ContentAnalyzer(models: try selectedModels(models))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(analyzer.analyze(text: text)), as: UTF8.self))
        }
    }
}

private let defaultModelDirectory = "parley-data/content-models"

private func readExamples(_ path: String?, fallback: () throws -> [TrainingExample]) throws -> [TrainingExample] {
    do {
        guard let path else { return try fallback() }
        let data = try readData(path)
        return try TrainingExample.decodeJSONL(data, source: path)
    } catch let error as TrainingDataError {
        throw CommandFailure("\(error)")
    }
}

/// The selected model of every kind in the directory; when the directory has none at all, the starter models
/// trained in memory. A directory with some models but a broken one is an error, not silently replaced.
private func selectedModels(_ directory: String) throws -> [ContentModel] {
    let store = ContentModelStore(directory: URL(fileURLWithPath: directory))
    let kinds = ContentModelKind.allCases
    if kinds.allSatisfy({ store.activeVersion(of: $0) == nil }) {
        FileHandle.standardError.write(Data("no models selected in \(directory); using the starter models trained now (seed 1)\n".utf8))
        return try ContentModel.trainAll(examples: StarterData.training(), folds: 0, trainedAt: Date())
    }
    do {
        return try kinds.map { try store.loadActive($0) }
    } catch {
        throw CommandFailure("\(error)")
    }
}
