import Domain
import Foundation
import Logging
import Realtime
import Storage
import Testing

@Suite struct EventFeedTests {
    static let ann = User.ID("ann")
    static let bob = User.ID("bob")

    func makeStore() throws -> SQLiteStore {
        try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString).sqlite").path)
    }

    func offered(_ id: String, to agent: User.ID) -> DomainEvent {
        .interactionOffered(InteractionAgentEvent(interactionID: .init(id), agentID: agent))
    }

    /// Collects frames until `count` arrived (or a second passed).
    func frames(_ stream: AsyncThrowingStream<StreamFrame, any Error>, count: Int) async throws -> [StreamFrame] {
        try await withThrowingTaskGroup(of: [StreamFrame].self) { group in
            group.addTask {
                var collected: [StreamFrame] = []
                for try await frame in stream {
                    collected.append(frame)
                    if collected.count == count { break }
                }
                return collected
            }
            group.addTask {
                // Only a failing test waits this long; a loaded machine (the whole suite in parallel) needs the room.
                try await Task.sleep(for: .seconds(60))
                return []
            }
            let first = try await group.next() ?? []
            group.cancelAll()
            return first
        }
    }

    @Test func anAgentGetsOnlyItsEventsReplayedFromItsPositionThenLive() async throws {
        let store = try makeStore()
        let clock = ManualClock()
        let positions = try await store.append([offered("i1", to: Self.ann), offered("i2", to: Self.bob), offered("i3", to: Self.ann),
                                                .agentStateChanged(AgentStateChanged(agentID: Self.bob, state: .ready))], at: clock.now())
        let feed = EventFeed(store: store, clock: clock, logger: Logger(label: "test"))
        try await feed.poll()
        var frames = feed.subscribe(.agent(Self.ann), after: positions[0]).makeAsyncIterator()
        let replayed = try await frames.next()
        let caughtUp = try await frames.next()
        #expect(replayed == .event(LoggedEvent(position: positions[2], recordedAt: clock.now(), event: offered("i3", to: Self.ann))),
                "i1 was before the position; i2 is bob's")
        #expect(caughtUp == .caughtUp(position: positions[3]))

        let more = try await store.append([offered("i4", to: Self.bob), offered("i5", to: Self.ann)], at: clock.now())
        try await feed.poll()
        let live = try await frames.next()
        guard case .event(let liveEvent) = live else { Issue.record("expected a live event, got \(String(describing: live))"); return }
        #expect(liveEvent.position == more[1], "bob's i4 is not sent to ann")
    }

    @Test func aSupervisorSeesQueuesAndAgentsButNotInboxBookkeeping() {
        let accepted = DomainEvent.inboundAccepted(InboundAccepted(inboxEventID: 1, channel: "web:x", category: .message, occurredAt: nil))
        #expect(!StreamAudience.supervisor.concerns(accepted))
        #expect(StreamAudience.supervisor.concerns(offered("i1", to: Self.bob)))
        #expect(StreamAudience.supervisor.concerns(.agentStateChanged(AgentStateChanged(agentID: Self.ann, state: .notReady, reason: "lunch"))))
        let message = MessageEvent(messageID: "m1", interactionID: "i1", channelID: "web", visibility: .private, agentID: Self.ann,
                                   threadKey: "conversation:web:demo:v1")
        #expect(StreamAudience.visitor(channel: "web", threadKey: "conversation:web:demo:v1").concerns(.messageSent(message)))
        #expect(!StreamAudience.visitor(channel: "web", threadKey: "conversation:web:demo:v2").concerns(.messageSent(message)))
        #expect(!StreamAudience.visitor(channel: "other", threadKey: "conversation:web:demo:v1").concerns(.messageSent(message)))
        #expect(StreamAudience.agent(Self.ann).concerns(.messageReceived(message)))
        #expect(!StreamAudience.agent(Self.bob).concerns(.messageReceived(message)))
        #expect(StreamAudience.agent(Self.ann).concerns(.interactionOfferRevoked(InteractionAgentEvent(interactionID: "i1", agentID: Self.ann))))
    }

    @Test func aPositionThatCannotBeReplayedGetsResync() async throws {
        let store = try makeStore()
        let clock = ManualClock()
        let first = try await store.append([offered("i1", to: Self.ann), offered("i2", to: Self.ann)], at: clock.now())
        var settings = EventFeed.Settings()
        settings.replayLimit = 3600
        let feed = EventFeed(store: store, clock: clock, settings: settings, logger: Logger(label: "test"))
        try await feed.poll()

        // A position from another database (or a restored backup): beyond the newest.
        let future = try await frames(feed.subscribe(.agent(Self.ann), after: 999), count: 2)
        #expect(future == [.resync(position: first[1], reason: "position 999 is not a position of this event log (the newest is \(first[1]))"),
                           .caughtUp(position: first[1])])

        // Older than the replay limit: resync, then only what comes next.
        clock.advance(by: 3601)
        let old = try await frames(feed.subscribe(.agent(Self.ann), after: 0), count: 2)
        guard case .resync(let position, _) = old.first else { Issue.record("expected resync, got \(old)"); return }
        #expect(position == first[1])
        #expect(old.last == .caughtUp(position: first[1]))

        // Within the limit: replayed.
        let recent = try await store.append([offered("i3", to: Self.ann)], at: clock.now())
        try await feed.poll()
        let replay = try await frames(feed.subscribe(.agent(Self.ann), after: first[1]), count: 2)
        guard case .event(let event) = replay.first else { Issue.record("expected the event, got \(replay)"); return }
        #expect(event.position == recent[0])
    }

    @Test func aFarBehindClientIsReplayedFromTheDatabaseBeyondTheWindow() async throws {
        let store = try makeStore()
        let clock = ManualClock()
        var settings = EventFeed.Settings()
        settings.window = 10
        let feed = EventFeed(store: store, clock: clock, settings: settings, logger: Logger(label: "test"))
        try await feed.poll()
        let positions = try await store.append((0..<1200).map { offered("i\($0)", to: Self.ann) }, at: clock.now())
        try await feed.poll()
        let all = try await frames(feed.subscribe(.agent(Self.ann), after: 0), count: 1201)
        let events = all.compactMap { frame -> Int64? in if case .event(let logged) = frame { return logged.position } else { return nil } }
        #expect(events == positions, "every event once, in order, across database pages and the in-memory window")
        #expect(all.last == .caughtUp(position: positions.last!))
    }
}

@Suite struct PresenceTrackerTests {
    final class Absences: @unchecked Sendable {
        let lock = NSLock()
        var agents: [User.ID] = []
        func add(_ agent: User.ID) { lock.withLock { agents.append(agent) } }
        var all: [User.ID] { lock.withLock { agents } }
    }

    @Test func anAgentIsAbsentOnlyAfterTheGraceWithNoConnection() async throws {
        let absences = Absences()
        let tracker = PresenceTracker(grace: .seconds(1), logger: Logger(label: "test")) { absences.add($0) }
        let ann = User.ID("ann")
        let first = tracker.connected(ann)
        let second = tracker.connected(ann)
        tracker.disconnected(ann, first)
        try await Task.sleep(for: .milliseconds(1500))
        #expect(absences.all.isEmpty, "another desktop is still connected")

        tracker.disconnected(ann, second)
        try await Task.sleep(for: .milliseconds(100))
        _ = tracker.connected(ann)  // a reload: back within the grace period
        try await Task.sleep(for: .milliseconds(1500))
        #expect(absences.all.isEmpty)

        let bob = User.ID("bob")
        let only = tracker.connected(bob)
        tracker.disconnected(bob, only)
        for _ in 0..<100 where absences.all.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        #expect(absences.all == [bob])
        #expect(tracker.connectionCount(ann) == 1)
    }
}
