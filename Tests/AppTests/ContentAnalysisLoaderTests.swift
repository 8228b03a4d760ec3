import Domain
import Engagement
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import App

/// The loader trains the starter models on a new installation (seconds of CPU in a debug build, more on a busy
/// machine). A stop meanwhile must not wait for the training: `parley serve` stopped on its first start, or a
/// rolling restart, would otherwise hang for as long as the training takes. The training is a stand-in here (it
/// sleeps instead of using the CPU the rest of the suite needs).
@Suite struct ContentAnalysisLoaderTests {
    /// How long the stop took, from the moment it was asked for.
    func run(_ loader: ContentAnalysisLoader, until ready: @escaping @Sendable () -> Bool) async throws -> Duration {
        let group = ServiceGroup(configuration: .init(services: [loader], logger: Logger(label: "test")))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for _ in 0..<600 where !ready() { try await Task.sleep(for: .milliseconds(50)) }
            let stopping = ContinuousClock.now
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return ContinuousClock.now - stopping
        }
    }

    func loader(_ slot: ContentAnalyzerSlot, load: @escaping @Sendable (ContentModelStore, Date) -> ContentAnalyzer) -> ContentAnalysisLoader {
        var loader = ContentAnalysisLoader(directory: FileManager.default.temporaryDirectory.appendingPathComponent("parley-loader-\(UUID().uuidString)"),
                                           slot: slot, clock: SystemClock(), logger: Logger(label: "test"))
        loader.load = load
        return loader
    }

    @Test func aStopDuringTheFirstTrainingDoesNotWaitForIt() async throws {
        let slot = ContentAnalyzerSlot()
        let training = Training()
        let took = try await run(loader(slot) { _, _ in
            training.begin()
            Thread.sleep(forTimeInterval: 60)
            return ContentAnalyzer(models: [])
        }, until: { training.begun })
        #expect(took < .seconds(40), "the stop waited \(took) for a 60-second training")
        #expect(slot.current == nil, "stopped before any model was ready")
    }

    @Test func withoutAStopWhatTheTrainingGivesIsInstalled() async throws {
        let slot = ContentAnalyzerSlot()
        _ = try await run(loader(slot) { _, _ in ContentAnalyzer(models: [], unavailable: [.sentiment: "stand-in"]) }, until: { slot.current != nil })
        #expect(slot.current?.unavailable[.sentiment] == "stand-in")
    }
}

private final class Training: Sendable {
    private let started = Mutex(false)
    func begin() { started.withLock { $0 = true } }
    var begun: Bool { started.withLock { $0 } }
}
