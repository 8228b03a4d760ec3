import Domain
import Foundation

/// The roll-ups reports read, maintained from the event log by the report projector. They are derived data:
/// `resetReports` empties them and the projector folds the whole log again (`parley reports rebuild`).
public protocol ReportStore: Sendable {
    /// The last event position folded into the roll-ups (0: none).
    func reportPosition() async throws -> Int64
    /// The running facts of these interactions and agents, where the roll-ups have any.
    func reportFacts(interactions: [String], agents: [String]) async throws -> (facts: [InteractionFacts], agents: [AgentLive])
    /// Writes one batch's changes and moves the position from `expected` to `changes.position`, in one
    /// transaction; refuses (`StoreError.conflict`) if another writer moved it first.
    func applyReport(_ changes: ReportChanges, expected: Int64) async throws
    /// The fingerprint of the settings the roll-ups were folded with ("" before the first fold).
    func reportSettings() async throws -> String
    /// Empties every roll-up, sets the position back to 0 and records the settings the next fold uses.
    func resetReports(settings: String) async throws

    func queueRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalQueueRow]
    func agentRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalAgentRow]
    func stateRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalStateRow]
    func wrapUpRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [IntervalWrapUpRow]
    /// Interactions created in `fromMs ..< toMs`, oldest first, after `afterID` (paging), at most `limit`.
    func interactionFacts(fromMs: Int64, toMs: Int64, filter: RollupFilter, after: (Int64, String)?, limit: Int) async throws -> [InteractionFacts]
    /// Offers made in `fromMs ..< toMs`, oldest first.
    func handlingAttempts(fromMs: Int64, toMs: Int64, filter: RollupFilter, limit: Int) async throws -> [HandlingAttempt]
    /// Interactions waiting in a queue now (an open visit).
    func openVisits() async throws -> [InteractionFacts]
    /// Interactions not closed yet.
    func openInteractions() async throws -> [InteractionFacts]
    /// Queue figures per channel and media type (for platform activity).
    func channelRollup(_ ranges: [BucketRange], filter: RollupFilter) async throws -> [ChannelQueueRow]
    /// Interactions closed in `fromMs ..< toMs` that an agent handled, with the content analyzer's scores (Agent Social Engagement).
    func scoredInteractions(fromMs: Int64, toMs: Int64) async throws -> [ScoredInteraction]
    /// Every agent's running clocks.
    func agentClocks() async throws -> [AgentLive]
}
