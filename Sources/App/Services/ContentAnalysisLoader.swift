import Dispatch
import Domain
import Engagement
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Puts the content analyzer into the ingest pipeline once the server runs: the selected models of
/// `<data>/content-models`, training and storing the starter models first on a new installation. Training takes
/// about half a second of CPU in a release build and several in a debug one, so it happens here rather than
/// before the server listens; messages that arrive meanwhile flow unscored, as with an unavailable model.
struct ContentAnalysisLoader: Service {
    let directory: URL
    let slot: ContentAnalyzerSlot
    let clock: any WallClock
    let logger: Logger
    /// Loads the selected models, training the missing starter ones (replaced in tests by slow or quick stand-ins).
    var load: @Sendable (ContentModelStore, Date) -> ContentAnalyzer = { store, now in
        ContentAnalyzer.loadTrainingStarterModels(into: store, now: now)
    }

    func run() async throws {
        let store = ContentModelStore(directory: directory)
        let untrained = ContentModelKind.allCases.filter { store.activeVersion(of: $0) == nil }
        let started = ContinuousClock.now
        // A stop during training does not wait for it: the models are trained again at the next start (their files
        // are written atomically, so an interrupted training leaves nothing half-written).
        guard let analyzer = await cancelWhenGracefulShutdown({ [clock, load] in
            await Self.offThePool { load(store, clock.now()) }
        }) else {
            logger.info("stopping before the content models were ready", metadata: ["directory": "\(directory.path)"])
            return
        }
        let seconds = (ContinuousClock.now - started) / .milliseconds(1) / 1000
        var metadata: Logger.Metadata = [
            "directory": "\(directory.path)", "seconds": "\(String(format: "%.2f", seconds))",
            "available": "\(analyzer.models.keys.sorted().map(\.rawValue).joined(separator: ","))",
        ]
        if !untrained.isEmpty { metadata["trained"] = "\(untrained.map(\.rawValue).joined(separator: ","))" }
        logger.info(untrained.isEmpty ? "content models loaded" : "content models loaded, starter models trained", metadata: metadata)
        slot.install(analyzer, logger: logger)
        // A service that returns would end the whole group: stay until shutdown.
        try? await gracefulShutdown()
    }

    /// Seconds of CPU must not hold one of the few threads that serve every request. Nil once the waiting task is
    /// cancelled: the work itself cannot be stopped, so it is left to finish on its own thread, unawaited.
    private static func offThePool(_ work: @escaping @Sendable () -> ContentAnalyzer) async -> ContentAnalyzer? {
        let waiting = Mutex<(continuation: CheckedContinuation<ContentAnalyzer?, Never>?, cancelled: Bool)>((nil, false))
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let cancelled = waiting.withLock { state in
                    if !state.cancelled { state.continuation = continuation }
                    return state.cancelled
                }
                if cancelled { return continuation.resume(returning: nil) }
                DispatchQueue.global(qos: .utility).async {
                    let analyzer = work()
                    waiting.withLock { state in defer { state.continuation = nil }; return state.continuation }?.resume(returning: analyzer)
                }
            }
        } onCancel: {
            waiting.withLock { state in
                state.cancelled = true
                defer { state.continuation = nil }
                return state.continuation
            }?.resume(returning: nil)
        }
    }
}
