import Logging
import ServiceLifecycle
import Synchronization

/// A level-triggered wake-up: `fire` before `wait` is not lost.
final class WakeSignal: Sendable {
    private let state = Mutex<(fired: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    func fire() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.fired = true
            return nil
        }
        waiter?.resume()
    }

    func wait(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let resumeNow = self.state.withLock { state -> Bool in
                            if state.fired || Task.isCancelled {
                                state.fired = false
                                return true
                            }
                            state.waiter?.resume()
                            state.waiter = continuation
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    self.releaseWaiter()
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Ends a pending wait without leaving a fired signal behind.
    private func releaseWaiter() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}

/// The loop of a background service: run a pass; when it found nothing to do, sleep until woken or `idle`
/// passes; on an error, log, wait a second and go on. Ends at graceful shutdown.
func runPasses(signal: WakeSignal, idle: Duration, logger: Logger, what: String,
               pass: @escaping @Sendable () async throws -> Int, onError: @escaping @Sendable () -> Void = {}) async {
    await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            do {
                if try await pass() == 0 { await signal.wait(timeout: idle) }
            } catch is CancellationError {
                return
            } catch {
                onError()
                logger.error("\(what) failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
