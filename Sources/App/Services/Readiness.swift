import Engagement
import Foundation
import Storage
import Synchronization

/// Whether Parley may take deliveries: migrations applied and the database writable. After a failed inbox
/// commit (disk full, I/O error) it stays not-ready until a write probe succeeds; probes run at most once a
/// second, so a flood of webhooks does not become a flood of probes.
///
/// The content models are reported too (`content_models`), but never make Parley unready: without them messages
/// still flow, unscored and treated as actionable.
public final class Readiness: Sendable {
    private let store: any ParleyStore
    private let writerHealth: WriterHealth
    /// Nil when the analyzer is off.
    private let contentModels: ContentAnalyzerSlot?
    private let lastProbe = Mutex<ContinuousClock.Instant?>(nil)
    private let migrated = Mutex(false)
    /// This node's name and routing role (leader or follower when several share PostgreSQL); informational.
    private let node: @Sendable () -> [String: String]

    public init(store: any ParleyStore, writerHealth: WriterHealth, contentModels: ContentAnalyzerSlot? = nil,
                node: @escaping @Sendable () -> [String: String] = { [:] }) {
        self.node = node
        self.store = store
        self.writerHealth = writerHealth
        self.contentModels = contentModels
    }

    public struct Report: Sendable, Encodable {
        public var ready: Bool
        public var checks: [String: String]
    }

    /// The fast path for every webhook: healthy unless the last commit failed and no probe has cleared it.
    public func acceptingDeliveries() async -> Bool {
        if writerHealth.isHealthy { return true }
        return await probeIfDue()
    }

    public func report() async -> Report {
        var checks: [String: String] = [:]
        let migrationsOK: Bool
        if migrated.withLock({ $0 }) {
            migrationsOK = true
        } else {
            migrationsOK = (try? await store.migrationsApplied()) ?? false
            if migrationsOK { migrated.withLock { $0 = true } }
        }
        checks["migrations"] = migrationsOK ? "applied" : "pending"
        let writable = await store.probeWritable()
        if writable { writerHealth.recordSuccess() } else { writerHealth.recordFailure("write probe failed") }
        checks["database"] = writable ? "writable" : "not writable"
        if let error = writerHealth.lastError { checks["last_commit_error"] = error }
        checks["content_models"] = contentModelsCheck
        checks.merge(node()) { current, _ in current }
        return Report(ready: migrationsOK && writable, checks: checks)
    }

    /// "available", "loading", "off", or "degraded: " and each unavailable model with its reason.
    private var contentModelsCheck: String {
        guard let contentModels else { return "off" }
        guard let analyzer = contentModels.current else { return "loading" }
        if analyzer.unavailable.isEmpty { return "available" }
        return "degraded: " + analyzer.unavailable.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) unavailable (\($0.value))" }
            .joined(separator: "; ")
    }

    private func probeIfDue() async -> Bool {
        let due = lastProbe.withLock { last -> Bool in
            let now = ContinuousClock.now
            if let last, now - last < .seconds(1) { return false }
            last = now
            return true
        }
        guard due else { return false }
        if await store.probeWritable() {
            writerHealth.recordSuccess()
            return true
        }
        return false
    }
}
