import Domain
import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization

/// Tails the event log for every live stream of this node. One loop reads new events into a window of recent
/// ones and wakes the streams; each stream then pulls what concerns it from the window (or, when it is further
/// behind, from the database). Positions come from the durable log, so a client's position stays valid across
/// restarts (and, later, nodes).
public final class EventFeed: Service, EventLogReader, Sendable {
    public struct Settings: Sendable {
        /// How often the log is polled for new events.
        public var poll: Duration = .milliseconds(20)
        /// Recent events kept in memory for streams that are nearly caught up.
        public var window = 20_000
        /// A reconnecting client is replayed events at most this old; beyond, it is told to resync.
        public var replayLimit: TimeInterval = 24 * 3600

        public init() {}
    }

    private struct State {
        var recent: [LoggedEvent] = []
        /// The newest position loaded (0 before the first load).
        var head: Int64 = 0
        var loaded = false
        var listeners: [UUID: AsyncStream<Void>.Continuation] = [:]
    }

    private let store: any EventLogStore
    private let clock: any WallClock
    let settings: Settings
    private let logger: Logger
    private let state = Mutex(State())

    public init(store: any EventLogStore, clock: any WallClock, settings: Settings = Settings(), logger: Logger) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.poll()
                } catch {
                    self.logger.warning("event feed could not read the event log", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: self.settings.poll)
            }
        }
        state.withLock { state in
            for listener in state.listeners.values { listener.finish() }
            state.listeners = [:]
        }
    }

    /// Streams open right now (for `/metrics`).
    public var subscriberCount: Int { state.withLock { $0.listeners.count } }

    /// Reads what is new in the log and wakes every stream. Returns how many events were new.
    @discardableResult
    public func poll() async throws -> Int {
        let (head, loaded) = state.withLock { ($0.head, $0.loaded) }
        let start = loaded ? head : try await store.lastPosition()
        var fresh: [LoggedEvent] = []
        var position = start
        while true {
            let batch = try await store.events(after: position, limit: 1000)
            fresh += batch
            guard let last = batch.last, batch.count == 1000 else { break }
            position = last.position
        }
        let listeners = state.withLock { state -> [AsyncStream<Void>.Continuation] in
            if !state.loaded || state.head == start {
                state.loaded = true
                state.recent += fresh
                if state.recent.count > settings.window { state.recent.removeFirst(state.recent.count - settings.window) }
                state.head = max(state.head, fresh.last?.position ?? start)
            }
            return fresh.isEmpty ? [] : Array(state.listeners.values)
        }
        for listener in listeners { listener.yield() }
        return fresh.count
    }

    /// The frames for one audience, starting after `after` (nil: from now on). The stream ends when the caller
    /// stops iterating or the node shuts down.
    public func subscribe(_ audience: StreamAudience, after: Int64?) -> AsyncThrowingStream<StreamFrame, any Error> {
        let (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        state.withLock { $0.listeners[id] = wake }
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await self.deliver(audience, after: after, wakeups: wakeups, to: continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in
                task.cancel()
                _ = self.state.withLock { $0.listeners.removeValue(forKey: id) }
                wake.finish()
            }
        }
    }

    private func deliver(_ audience: StreamAudience, after: Int64?, wakeups: AsyncStream<Void>,
                         to output: AsyncThrowingStream<StreamFrame, any Error>.Continuation) async throws {
        var position = try await startingPosition(after, output: output)
        var caughtUp = false
        var iterator = wakeups.makeAsyncIterator()
        while !Task.isCancelled {
            let batch = try await events(after: position, limit: 500)
            for logged in batch where audience.concerns(logged.event) { output.yield(.event(logged)) }
            position = batch.last?.position ?? position
            if batch.count == 500 { continue }
            if !caughtUp {
                caughtUp = true
                output.yield(.caughtUp(position: position))
            }
            if position < state.withLock({ $0.head }) { continue }
            guard await iterator.next() != nil else { return }
        }
    }

    /// Where a client continues: after its position when that can be replayed; otherwise a resync from the head.
    private func startingPosition(_ after: Int64?, output: AsyncThrowingStream<StreamFrame, any Error>.Continuation) async throws -> Int64 {
        let last = try await store.lastPosition()
        guard let after else { return last }
        if after < 0 || after > last {
            output.yield(.resync(position: last, reason: "position \(after) is not a position of this event log (the newest is \(last))"))
            return last
        }
        if let first = try await events(after: after, limit: 1).first,
            clock.now().timeIntervalSince(first.recordedAt) > settings.replayLimit {
            output.yield(.resync(position: last, reason: "position \(after) is older than the replay limit of \(Int(settings.replayLimit)) s"))
            return last
        }
        return after
    }

    /// Events after a position: from the in-memory window when it covers them, else from the database. From the
    /// window, a reader may get fewer than are logged (the feed has not polled the newest yet): never a gap.
    public func events(after position: Int64, limit: Int) async throws -> [LoggedEvent] {
        let cached = state.withLock { state -> [LoggedEvent]? in
            guard state.loaded, let first = state.recent.first, first.position <= position + 1 else {
                return state.loaded && state.recent.isEmpty && position >= state.head ? [] : nil
            }
            // Positions in the window are consecutive in SQLite, but search rather than assume so.
            let start = state.recent.partitioningIndex { $0.position > position }
            return Array(state.recent[start..<min(state.recent.count, start + limit)])
        }
        if let cached { return cached }
        return try await store.events(after: position, limit: limit)
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate false then true along the array.
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
