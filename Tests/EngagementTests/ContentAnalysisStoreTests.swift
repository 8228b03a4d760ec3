import Foundation
import Testing

@testable import Engagement

@Suite struct ContentAnalysisStoreTests {
    private static let date = Date(timeIntervalSince1970: 1_800_000_000)

    private func temporaryStore() throws -> ContentModelStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("content-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return ContentModelStore(directory: directory)
    }

    private func smallModels() throws -> [ContentModel] {
        let sample = try StarterData.training().enumerated().filter { $0.offset % 6 == 0 }.map(\.element)
        return try ContentModel.trainAll(examples: sample, folds: 0, trainedAt: Self.date)
    }

    @Test func aStoredVersionLoadsBackIdenticalAndCanBeSelected() throws {
        let store = try temporaryStore()
        let model = try smallModels()[0]
        let file = try store.save(model)
        #expect(file.path.hasSuffix("/actionable/\(model.version).json"))
        #expect(store.activeVersion(of: .actionable) == nil)
        try store.activate(.actionable, version: model.version)
        let loaded = try store.loadActive(.actionable)
        #expect(try loaded.jsonData() == model.jsonData())
        #expect(store.versions(of: .actionable) == [model.version])
        #expect(throws: ContentModelError.self) { try store.activate(.actionable, version: "0000") }
    }

    @Test func aCorruptModelMakesItsPartUnavailableAndMessagesStayActionable() throws {
        let store = try temporaryStore()
        for model in try smallModels() {
            try store.save(model)
            try store.activate(model.kind, version: model.version)
        }
        let version = try #require(store.activeVersion(of: .actionable))
        let file = store.directory.appendingPathComponent("actionable/\(version).json")
        try Data("{\"kind\": \"actionable\", \"weights\": [".utf8).write(to: file)

        let analyzer = ContentAnalyzer.load(from: store)
        #expect(analyzer.unavailable.keys.sorted() == [.actionable])
        #expect(analyzer.unavailable[.actionable]?.contains(file.lastPathComponent) == true)
        let analysis = analyzer.analyze(text: "spam spam follow me for crypto")
        #expect(analysis.actionable == nil)
        #expect(analysis.isActionable)
        #expect(analysis.unavailable == [.actionable])
        #expect(analysis.category != nil)
    }

    @Test func aHandEditedModelIsRefusedByItsVersion() throws {
        let store = try temporaryStore()
        let model = try smallModels()[1]
        let file = try store.save(model)
        let edited = String(decoding: try Data(contentsOf: file), as: UTF8.self).replacingOccurrences(of: "\"seed\" : 1", with: "\"seed\" : 2")
        try Data(edited.utf8).write(to: file)
        #expect(throws: ContentModelError.self) { try store.load(.category, version: model.version) }
    }

    @Test func missingModelsAreUnavailableNotFatal() throws {
        let analyzer = ContentAnalyzer.load(from: try temporaryStore())
        #expect(analyzer.unavailable.count == 4)
        let analysis = analyzer.analyze(text: "hello")
        #expect(analysis == ContentAnalysis(unavailable: ContentModelKind.allCases))
        #expect(analysis.isActionable)
    }

    @Test func starterModelsAreTrainedStoredAndSelectedWhenNoneExist() throws {
        let store = try temporaryStore()
        let analyzer = ContentAnalyzer.loadTrainingStarterModels(into: store, now: Self.date)
        #expect(analyzer.unavailable.isEmpty)
        #expect(ContentModelKind.allCases.allSatisfy { store.activeVersion(of: $0) != nil })
        let analysis = analyzer.analyze(text: "¿Dónde está mi pedido? Llevo una semana esperando")
        #expect(analysis.language == "es")
        #expect(analysis.sentiment.map { (-1...1).contains($0) } == true)
        #expect(analyzer.analyze(text: "🔥🔥🔥").language == nil)
    }

    @Test func theBundledFilesRoundTripByteForByte() throws {
        for name in ["starter-training.jsonl", "evaluation.jsonl"] {
            let url = try #require(StarterData.url(name))
            let data = try Data(contentsOf: url)
            #expect(TrainingExample.encodeJSONL(try TrainingExample.decodeJSONL(data)) == data)
        }
        #expect(try StarterData.training().count == 475)
        #expect(try StarterData.evaluation().count == 182)
    }

    @Test func aBadTrainingLineIsNamed() {
        let good = #"{"id": "a", "text": "hi", "language": "en", "platform": "web", "visibility": "private", "actionable": false, "category": "other", "sentiment": "neutral", "synthetic": true}"#
        let bad = good.replacingOccurrences(of: "\"other\"", with: "\"shipping\"").replacingOccurrences(of: "\"a\"", with: "\"b\"")
        #expect(throws: TrainingDataError(source: "f.jsonl", line: 3, problem: "id \"b\": category \"shipping\" is not one of billing, technical, delivery, account, sales, feedback, other")) {
            try TrainingExample.decodeJSONL(Data((good + "\n\n" + bad + "\n").utf8), source: "f.jsonl")
        }
    }
}
