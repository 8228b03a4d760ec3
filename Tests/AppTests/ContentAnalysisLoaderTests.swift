import Domain
import Engagement
import Foundation
import Logging
import ServiceLifecycle
import Testing

@testable import App

/// The loader trains the starter models on a new installation (seconds of CPU in a debug build, more on a busy
/// machine). A stop meanwhile must not wait for the training: `parley serve` stopped on its first start, or a
/// rolling restart, would otherwise hang for as long as the training takes.
@Suite struct ContentAnalysisLoaderTests {
    @Test func aStopDuringTheFirstTrainingDoesNotWaitForIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-loader-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let slot = ContentAnalyzerSlot()
        let loader = ContentAnalysisLoader(directory: directory, slot: slot, clock: SystemClock(), logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [loader], logger: Logger(label: "test")))
        let stopped = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(200))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let took = ContinuousClock.now - stopped
        // Training all four starter models takes several seconds here; stopping takes the 200 ms wait and little more.
        #expect(took < .seconds(3), "the stop waited \(took) for the training")
        #expect(slot.current == nil, "stopped before any model was ready")
    }

    @Test func withoutAStopTheModelsAreTrainedAndInstalled() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-loader-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let slot = ContentAnalyzerSlot()
        let loader = ContentAnalysisLoader(directory: directory, slot: slot, clock: SystemClock(), logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [loader], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for _ in 0..<1_200 where slot.current == nil { try await Task.sleep(for: .milliseconds(100)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(slot.current?.models.count == ContentModelKind.allCases.count)
    }
}
