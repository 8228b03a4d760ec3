import Logging
import Synchronization

/// The analyzer the ingest pipeline uses, installed when its models are ready. Empty while the models load (a
/// first start trains the starter models after the server is already taking messages): those messages flow
/// unscored, exactly as with an unavailable model.
public final class ContentAnalyzerSlot: Sendable {
    private let analyzer: Mutex<ContentAnalyzer?>

    public init(_ analyzer: ContentAnalyzer? = nil) {
        self.analyzer = Mutex(analyzer)
    }

    public var current: ContentAnalyzer? { analyzer.withLock { $0 } }

    /// Makes the analyzer current. Every model it could not load is logged as an error with its reason: that is
    /// the alert (readiness and the metrics report the same, without failing readiness).
    public func install(_ analyzer: ContentAnalyzer, logger: Logger) {
        for (kind, reason) in analyzer.unavailable.sorted(by: { $0.key < $1.key }) {
            logger.error("content model unavailable: messages flow unscored for it (treated as actionable)",
                         metadata: ["model": "\(kind.rawValue)", "reason": "\(reason)"])
        }
        self.analyzer.withLock { $0 = analyzer }
    }
}
