import Domain
import Foundation
import Metrics
import Synchronization

/// What the splitter made of recent delivery bodies. The acknowledgement path splits every body; the pipeline
/// splits the stored body again to normalise its events (the inbox keeps raw bytes, not parsed JSON). Splitting
/// is pure, so a body split moments ago need not be parsed twice: the pipeline asks here first.
/// Keyed by the body's bytes (all of them, not a prefix: platforms' bodies share long prefixes) and its source,
/// so a hit is exactly what splitting would give, and a body masked after storage simply misses. Bounded by
/// entries and body bytes, oldest out first; a pipeline running behind the memo parses again, as it would without.
public final class SplitMemo: Sendable {
    private struct Key: Hashable {
        let source: WebhookSource
        let body: Data
        let digest: Int

        init(_ body: Data, _ source: WebhookSource) {
            var hasher = Hasher()
            hasher.combine(source)
            body.withUnsafeBytes { hasher.combine(bytes: $0) }
            self.source = source
            self.body = body
            self.digest = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) { hasher.combine(digest) }
        static func == (a: Key, b: Key) -> Bool { a.digest == b.digest && a.source == b.source && a.body == b.body }
    }

    /// A split never changes after it is made: the JSON objects are read, never mutated.
    private struct Split: @unchecked Sendable {
        let collector: EventCollector
    }

    private struct State {
        var entries: [Key: Split] = [:]
        var order: [Key] = []
        var oldest = 0
        var bytes = 0
    }

    private let state = Mutex(State())
    private let maxEntries: Int
    private let maxBytes: Int
    /// How often the pipeline found a body here, and how often it had to parse it again (evicted, or masked).
    private let hits: Counter
    private let misses: Counter

    /// `maxBytes` counts raw body bytes; the parsed objects take a few times that.
    public init(maxEntries: Int = 4096, maxBytes: Int = 4 << 20, metrics: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
        self.hits = Counter(label: "parley_inbox_split_memo_hits_total", factory: metrics)
        self.misses = Counter(label: "parley_inbox_split_memo_misses_total", factory: metrics)
    }

    /// The remembered split of `body`, or `make`'s, remembered for the next stage that asks (a delivery with
    /// several events is normalised once per event). The body is hashed once for both.
    func split(of body: Data, from source: WebhookSource, orElse make: () throws(SplitError) -> EventCollector) throws(SplitError) -> EventCollector {
        let key = Key(body, source)
        if let found = state.withLock({ $0.entries[key]?.collector }) {
            hits.increment()
            return found
        }
        misses.increment()
        let made = try make()
        insert(made, key)
        return made
    }

    /// The remembered split of `body`, if any (for inspection and tests; counts nothing).
    func split(of body: Data, from source: WebhookSource) -> EventCollector? {
        let key = Key(body, source)
        return state.withLock { $0.entries[key]?.collector }
    }

    /// Called by the webhook routes with each body they split (no lookup first: a new body is not here).
    func remember(_ collector: EventCollector, of body: Data, from source: WebhookSource) {
        insert(collector, Key(body, source))
    }

    private func insert(_ collector: EventCollector, _ key: Key) {
        // A body bigger than a quarter of the budget would push out everything else for one delivery.
        let size = key.body.count
        guard size <= maxBytes / 4 else { return }
        let split = Split(collector: collector)
        // Evicted splits are freed after the lock is let go: freeing a parsed body's objects is not free.
        let evicted: [Split] = state.withLock { state in
            guard state.entries[key] == nil else { return [] }
            var evicted: [Split] = []
            while !state.entries.isEmpty && (state.entries.count >= maxEntries || state.bytes + size > maxBytes) {
                let oldest = state.order[state.oldest]
                state.bytes -= oldest.body.count
                if let split = state.entries.removeValue(forKey: oldest) { evicted.append(split) }
                state.oldest += 1
            }
            // The queue of keys is compacted once its evicted head is as long as the live part.
            if state.oldest > 0 && state.oldest >= state.order.count - state.oldest {
                state.order.removeFirst(state.oldest)
                state.oldest = 0
            }
            state.entries[key] = split
            state.order.append(key)
            state.bytes += size
            return evicted
        }
        _ = evicted
    }
}
