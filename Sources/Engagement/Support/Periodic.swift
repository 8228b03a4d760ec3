import Logging
import ServiceLifecycle

/// The loop of the services that check something on a timer (inactivity sweeper, held-interaction releaser,
/// window urgency): one pass, then `interval`, until graceful shutdown. A failed pass is logged and the next
/// one tries again; it never ends the service.
public func runPeriodically(every interval: Duration, logger: Logger, failure: String, _ pass: @escaping @Sendable () async throws -> Void) async {
    await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            do {
                try await pass()
            } catch {
                logger.warning("\(failure)", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
