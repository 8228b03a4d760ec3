import Foundation
import Synchronization

/// Whether the last inbox commit succeeded. `/readyz` reads it; a failed commit makes Parley not ready
/// until a write probe or a later commit succeeds.
public final class WriterHealth: Sendable {
    private let state = Mutex<(healthy: Bool, lastError: String?)>((true, nil))

    public init() {}

    public var isHealthy: Bool { state.withLock { $0.healthy } }
    public var lastError: String? { state.withLock { $0.lastError } }

    public func recordSuccess() { state.withLock { $0 = (true, nil) } }
    public func recordFailure(_ error: String) { state.withLock { $0 = (false, error) } }
}
