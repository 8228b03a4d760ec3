import Domain
import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Keeps the report roll-ups in step with the event log: reads events after the roll-ups' position, folds
/// them with the facts they touch, and writes the changes with the new position in one transaction. Exactly
/// once in effect: a batch either lands with its position or not at all.
public actor ReportProjector: Service {
    public typealias Store = EventLogStore & ReportStore

    private let store: any Store
    /// Where events are read: the store, or this node's live feed (which has decoded them already).
    private let reader: any EventLogReader
    private let settings: ReportFold.Settings
    private let batch: Int
    private let pollInterval: Duration
    private let logger: Logger

    public init(store: any Store, reading reader: (any EventLogReader)? = nil, settings: ReportFold.Settings, batch: Int = 2_000,
                pollInterval: Duration = .milliseconds(250), logger: Logger) {
        self.store = store
        self.reader = reader ?? store
        self.settings = settings
        self.batch = batch
        self.pollInterval = pollInterval
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await rebuildIfSettingsChanged()
        } catch {
            logger.warning("could not check the report settings", metadata: ["error": "\(error)"])
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    while try await self.step() > 0 {}
                } catch StoreError.conflict {
                    // Another node's fold moved the position first (several nodes on one database): it did this batch.
                    self.logger.debug("report roll-ups advanced by another node")
                } catch {
                    self.logger.warning("report roll-ups did not advance", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: self.pollInterval)
            }
        }
    }

    /// Folds everything logged so far; returns how many events it read.
    @discardableResult
    public func catchUp() async throws -> Int {
        var total = 0
        while case let count = try await step(), count > 0 { total += count }
        return total
    }

    /// Empties the roll-ups and folds the whole log again (after a change of definitions or thresholds).
    @discardableResult
    public func rebuild() async throws -> Int {
        try await store.resetReports(settings: settings.fingerprint)
        return try await catchUp()
    }

    /// Folded with other thresholds or workgroups (or never): empty the roll-ups so the fold starts over with these.
    func rebuildIfSettingsChanged() async throws {
        let stored = try await store.reportSettings()
        guard stored != settings.fingerprint else { return }
        if !stored.isEmpty { logger.notice("report settings changed: rebuilding the roll-ups from the event log") }
        try await store.resetReports(settings: settings.fingerprint)
    }

    /// One batch: returns the number of events folded (0: up to date).
    func step() async throws -> Int {
        let position = try await store.reportPosition()
        let events = try await reader.events(after: position, limit: batch)
        guard !events.isEmpty else { return 0 }
        try await Self.fold(events, after: position, into: store, settings: settings)
        return events.count
    }

    /// Folds `events` (the next after `position`) with the facts they touch and writes the result.
    public static func fold(_ events: [LoggedEvent], after position: Int64, into store: any ReportStore, settings: ReportFold.Settings) async throws {
        guard let last = events.last else { return }
        var interactions = Set<String>(), agents = Set<String>()
        for event in events {
            let subjects = ReportFold.subjects(of: event.event)
            if let id = subjects.interaction { interactions.insert(id) }
            if let id = subjects.agent { agents.insert(id) }
        }
        let known = try await store.reportFacts(interactions: interactions.sorted(), agents: agents.sorted())
        // An event without an agent (abandoned, deflected) can still end the segment of the agent holding it.
        let holders = Set(known.facts.compactMap(\.segmentAgent)).subtracting(agents)
        let more = holders.isEmpty ? [] : try await store.reportFacts(interactions: [], agents: holders.sorted()).agents
        var fold = ReportFold(settings: settings, position: position, facts: known.facts, agents: known.agents + more)
        fold.apply(events)
        var changes = fold.result()
        changes.position = last.position
        try await store.applyReport(changes, expected: position)
    }
}
