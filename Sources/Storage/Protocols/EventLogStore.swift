import Domain
import Foundation

/// Reads the event log in position order. The store is one; a node's live feed is another, which answers from the
/// events it has already read and decoded, so two readers on one node do not decode every event twice.
public protocol EventLogReader: Sendable {
    func events(after position: Int64, limit: Int) async throws -> [LoggedEvent]
}

/// The one event log. Positions are monotonic: a reader that remembers the last position it saw
/// continues exactly where it stopped.
public protocol EventLogStore: EventLogReader {
    /// Appends events in one transaction and returns their positions.
    @discardableResult
    func append(_ events: [DomainEvent], at: Date) async throws -> [Int64]

    func events(after position: Int64, limit: Int) async throws -> [LoggedEvent]

    /// The position of the newest event, 0 when the log is empty.
    func lastPosition() async throws -> Int64
}
